import { Args, Flags } from '@oclif/core';
import { LmctfyCommand } from '../../lmctfy-command';

export default class ListContainers extends LmctfyCommand {
  static override summary = 'List child containers.';
  static override description = 'Without NAME, lists the top-level containers. One name per line, sorted.';
  static override examples = ['<%= config.bin %> list containers', '<%= config.bin %> list containers batch1 -r'];

  static override args = {
    name: Args.string({ description: 'Parent container (default: the top level).' }),
  };

  static override flags = {
    recursive: Flags.boolean({ char: 'r', description: 'List the whole subtree, parents first.' }),
  };

  async run(): Promise<string[]> {
    const { args, flags } = await this.parse(ListContainers);
    const names = await (await this.api(flags.config)).listContainers(args.name, { recursive: flags.recursive });
    for (const n of names) this.log(n);
    return names;
  }
}
