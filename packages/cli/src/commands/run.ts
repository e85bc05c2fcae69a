import { Args, Flags } from '@oclif/core';
import type { ContainerApi } from '@lmctfy/core';
import { buildSpec } from '../build-spec';
import { CliError, EXIT } from '../cli-error';
import { dieLike, SignalForwarder } from '../forward-signals';
import { LmctfyCommand } from '../lmctfy-command';
import { resourceFlags } from '../resource-flags';
import { namespaceFlags } from '../namespace-flags';
import { givenNamespaceFlags } from '../namespace-spec-from-flags';
import { commandArgs, splitRunArgv, type FlagShape } from '../run-argv';
import { givenResourceFlags, parseEnv, processSpecInput } from '../spec-from-flags';

export interface RunCommandResult {
  name: string;
  pid: number;
  exitCode?: number;
  signal?: NodeJS.Signals;
}

export default class Run extends LmctfyCommand {
  static override summary = 'Run a command in a container.';
  static override description =
    'In the foreground lmctfy itself joins the container and becomes the command (exit code and signals pass ' +
    'through). -d starts it detached and prints its pid. --rm creates NAME from the create flags/spec, runs the ' +
    'command, and destroys NAME afterwards. A single argument containing a space runs via /bin/sh -c.';

  static override examples = [
    '<%= config.bin %> <%= command.id %> batch1 -- make -j4',
    `<%= config.bin %> <%= command.id %> -d batch1 'sleep 100 && echo done'`,
    '<%= config.bin %> <%= command.id %> --rm --memory 256M --pids 50 job1 -- ./job.sh',
  ];

  static override usage = '<%= command.id %> NAME [-- CMD [ARGS...]] [FLAGS]';
  static override strict = false;

  static override args = {
    name: Args.string({ description: 'Container name.', required: true }),
  };

  static override flags = {
    detach: Flags.boolean({ char: 'd', description: 'Start the command detached and print its pid.' }),
    rm: Flags.boolean({ description: 'Create NAME first and destroy it when the command ends.' }),
    env: Flags.string({ description: 'Set an environment variable (repeatable).', helpValue: 'KEY=VALUE', multiple: true }),
    cwd: Flags.string({ description: 'Working directory of the command.', helpValue: 'DIR' }),
    ...resourceFlags,
    ...namespaceFlags,
  };

  async run(): Promise<RunCommandResult> {
    const shapes: Record<string, FlagShape> = { ...Run.baseFlags, ...Run.flags };
    const { head, command } = splitRunArgv(this.argv, shapes);
    const { args, flags } = await this.parse({ ...parseInput(), strict: true }, head);
    const proc = { args: commandArgs(command), env: parseEnv(flags.env), cwd: flags.cwd };
    if (!flags.rm) {
      const createOnly = [...givenResourceFlags(flags), ...givenNamespaceFlags(flags), ...(['spec', 'backend'] as const).filter((f) => flags[f] !== undefined)];
      if (createOnly.length > 0) {
        throw new CliError(EXIT.invalidArgument, `${createOnly.map((f) => `--${f}`).join(', ')}: only valid with --rm`);
      }
      if (proc.args.length === 0) throw new CliError(EXIT.invalidArgument, 'give the command to run: lmctfy run NAME -- CMD [ARGS...]');
    } else if (flags.detach) throw new CliError(EXIT.invalidArgument, '--rm and -d/--detach cannot be combined');
    const api = await this.api(flags.config);
    const name = await this.canonicalName(args.name);
    if (flags.rm) return this.runOnce(api, name, await buildSpec({ file: flags.spec, flags }), proc, flags.backend);
    if (flags.detach) {
      const { pid } = await api.run(name, proc, { mode: 'detached' });
      this.log(String(pid));
      return { name, pid };
    }
    const { pid } = await api.run(name, proc, { mode: 'exec' }); // replaces this process on success
    return { name, pid };
  }

  private async runOnce(
    api: ContainerApi,
    name: string,
    spec: Awaited<ReturnType<typeof buildSpec>>,
    proc: { args: string[]; env?: Record<string, string>; cwd?: string },
    backend: string | undefined,
  ): Promise<RunCommandResult> {
    spec.process = processSpecInput(spec.process, proc);
    if (!spec.process.args?.length) {
      throw new CliError(EXIT.invalidArgument, 'give the command to run (after NAME or --), or process.args in the spec');
    }
    const forwarder = new SignalForwarder().install();
    let result;
    try {
      result = await api.runOnce(name, spec, { backend, onStart: (pid) => forwarder.started(pid) });
    } finally {
      forwarder.uninstall();
    }
    if (result.signal) await dieLike(result.signal);
    else process.exitCode = result.exitCode ?? 0;
    return { name, ...result };
  }
}

function parseInput(): Pick<typeof Run, 'args' | 'flags' | 'baseFlags' | 'enableJsonFlag'> {
  return { args: Run.args, flags: Run.flags, baseFlags: Run.baseFlags, enableJsonFlag: Run.enableJsonFlag };
}
