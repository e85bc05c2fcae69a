import { Args, Flags } from '@oclif/core';
import type { ContainerSpec, UpdatePolicy } from '@lmctfy/core';
import { buildSpec } from '../build-spec';
import { LmctfyCommand } from '../lmctfy-command';
import { resourceFlags } from '../resource-flags';

export interface UpdateResult {
  name: string;
  policy: UpdatePolicy;
  /** The effective spec read back from the kernel afterwards. */
  spec: ContainerSpec;
}

// The backend is the container's own: it cannot change.
const { backend: _backend, ...updateFlags } = resourceFlags;

export default class Update extends LmctfyCommand {
  static override summary = "Change a container's resources.";
  static override description =
    'The spec comes from -c FILE or inline JSON, and resource flags override it field by field, as for create. ' +
    '--diff (the default) changes only the fields given. --replace resets every other field of each isolated ' +
    'resource to its default (memory limit max, reservation 0, cpu max and pids max, default weight) and must ' +
    'give every resource the container isolates. Which resources are isolated is fixed at create (exit 3 otherwise).';

  static override examples = [
    '<%= config.bin %> <%= command.id %> batch1 --memory 1G',
    '<%= config.bin %> <%= command.id %> batch1 --replace --memory 1G --pids max',
    `<%= config.bin %> <%= command.id %> batch1 --replace '{"memory":{},"cpu":{"max":2}}'`,
  ];

  static override args = {
    name: Args.string({ description: 'Container name.', required: true }),
    spec_json: Args.string({ description: 'Inline spec as JSON (instead of -c FILE).' }),
  };

  static override flags = {
    ...updateFlags,
    diff: Flags.boolean({ description: 'Change only the given fields (default).', exclusive: ['replace'] }),
    replace: Flags.boolean({ description: 'Reset the unset fields of every isolated resource to defaults.', exclusive: ['diff'] }),
  };

  async run(): Promise<UpdateResult> {
    const { args, flags } = await this.parse(Update);
    const spec = await buildSpec({ file: flags.spec, inline: args.spec_json, flags });
    const name = await this.canonicalName(args.name);
    const policy: UpdatePolicy = flags.replace ? 'replace' : 'diff';
    const effective = await (await this.api(flags.config)).update(name, spec, { policy });
    this.log(`updated ${name} (${policy})`);
    return { name, policy, spec: effective };
  }
}
