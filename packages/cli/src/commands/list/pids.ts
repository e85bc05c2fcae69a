import { Args, Flags } from '@oclif/core';
import { LmctfyCommand } from '../../lmctfy-command';

export default class ListPids extends LmctfyCommand {
  static override summary = 'List the processes in a container.';
  static override description = 'One pid per line, sorted.';
  static override examples = ['<%= config.bin %> list pids batch1', '<%= config.bin %> list pids batch1 -r --json'];

  static override args = {
    name: Args.string({ description: 'Container name.', required: true }),
  };

  static override flags = {
    recursive: Flags.boolean({ char: 'r', description: 'Include the processes of its descendants.' }),
  };

  async run(): Promise<number[]> {
    const { args, flags } = await this.parse(ListPids);
    const pids = await (await this.api(flags.config)).listPids(args.name, { recursive: flags.recursive });
    for (const p of pids) this.log(String(p));
    return pids;
  }
}
