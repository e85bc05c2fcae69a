import { Args, Flags } from '@oclif/core';
import type { ContainerStats } from '@lmctfy/core';
import { formatStats } from '../format';
import { LmctfyCommand } from '../lmctfy-command';

export default class Stats extends LmctfyCommand {
  static override summary = 'Show resource usage of a container.';
  static override description =
    'Memory in bytes, CPU time in nanoseconds in --json output (the ContainerStats object); ' +
    'a section is missing when the container does not isolate that resource. --full adds the ' +
    'memory.stat breakdown and per-device IO, with the same shape on cgroup v1 and v2.';

  static override examples = [
    '<%= config.bin %> <%= command.id %> batch1',
    '<%= config.bin %> <%= command.id %> batch1 --full --json',
  ];

  static override args = {
    name: Args.string({ description: 'Container name.', required: true }),
  };

  static override flags = {
    full: Flags.boolean({ description: 'Add the memory.stat breakdown and per-device IO bytes and operations.' }),
  };

  async run(): Promise<ContainerStats> {
    const { args, flags } = await this.parse(Stats);
    const full = await (await this.api(flags.config)).stats(args.name);
    const { formatBytes, summaryStats } = await this.core();
    const stats = flags.full ? full : summaryStats(full);
    for (const line of formatStats(stats, formatBytes)) this.log(line);
    return stats;
  }
}
