import { Args } from '@oclif/core';
import type { ContainerSpec } from '@lmctfy/core';
import { LmctfyCommand } from '../lmctfy-command';

export default class Spec extends LmctfyCommand {
  static override summary = "Print a container's effective spec.";
  static override description =
    'The spec is read back from the kernel, not from a stored copy, and printed as JSON ' +
    '(usable with create -c).';

  static override examples = [
    '<%= config.bin %> <%= command.id %> batch1',
    '<%= config.bin %> <%= command.id %> batch1 > batch1.json && <%= config.bin %> create batch2 -c batch1.json',
  ];

  static override args = {
    name: Args.string({ description: 'Container name.', required: true }),
  };

  async run(): Promise<ContainerSpec> {
    const { args, flags } = await this.parse(Spec);
    const spec = await (await this.api(flags.config)).spec(args.name);
    this.log(JSON.stringify(spec, null, 2));
    return spec;
  }
}
