import { Args } from '@oclif/core';
import { CliError, EXIT } from '../cli-error';
import { LmctfyCommand } from '../lmctfy-command';

export interface EnterResult {
  name: string;
  pids: number[];
}

export default class Enter extends LmctfyCommand {
  static override summary = 'Move processes into a container.';
  static override description = 'Without PIDs, moves the invoking shell (the parent of lmctfy), as lmctfy did.';
  static override examples = ['<%= config.bin %> <%= command.id %> batch1', '<%= config.bin %> <%= command.id %> batch1 1234 1240'];
  static override strict = false;
  static override usage = '<%= command.id %> NAME [PID...] [FLAGS]';

  static override args = {
    name: Args.string({ description: 'Container name.', required: true }),
    pid: Args.string({ description: 'Process ids to move (default: the parent process).' }),
  };

  async run(): Promise<EnterResult> {
    const { args, argv, flags } = await this.parse(Enter);
    const words = (argv as string[]).slice(1);
    const pids = words.length > 0 ? words.map(toPid) : [process.ppid];
    const name = await this.canonicalName(args.name);
    await (await this.api(flags.config)).enter(name, pids);
    this.log(`entered ${pids.join(' ')} into ${name}`);
    return { name, pids };
  }
}

function toPid(word: string): number {
  if (!/^\d+$/.test(word)) throw new CliError(EXIT.invalidArgument, `pid ${JSON.stringify(word)}: expected a positive whole number`);
  return Number(word);
}
