import { Args } from '@oclif/core';
import type { ContainerStats } from '@lmctfy/core';
import { formatStats } from '../format';
import { LmctfyCommand } from '../lmctfy-command';

export default class Stats extends LmctfyCommand {
  static override summary = 'Show resource usage of a container.';
  static override description =
    'Memory in bytes, CPU time in nanoseconds in --json output (the ContainerStats object); ' +
    'a section is missing when the container does not isolate that resource.';

  static override examples = ['<%= config.bin %> <%= command.id %> batch1', '<%= config.bin %> <%= command.id %> batch1 --json'];

  static override args = {
    name: Args.string({ description: 'Container name.', required: true }),
  };

  async run(): Promise<ContainerStats> {
    const { args, flags } = await this.parse(Stats);
    const stats = await (await this.api(flags.config)).stats(args.name);
    const { formatBytes } = await this.core();
    for (const line of formatStats(stats, formatBytes)) this.log(line);
    return stats;
  }
}
