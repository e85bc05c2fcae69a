import { Args } from '@oclif/core';
import type { ContainerEvent } from '@lmctfy/core';
import { LmctfyCommand } from '../../lmctfy-command';
import { INTERRUPTED_EXIT, firstEvent, formatEvent } from '../../notify-event';

export default class NotifyMemoryThreshold extends LmctfyCommand {
  static override summary = 'Wait until the memory usage of the container reaches a threshold.';
  static override description =
    'Blocks until usage is at or above SIZE (at once if it already is), prints it and exits 0. ' +
    'Exits 5 if the container is destroyed meanwhile, 130 on Ctrl-C.';

  static override examples = [
    '<%= config.bin %> <%= command.id %> batch1 400M',
    '<%= config.bin %> <%= command.id %> batch1 1G --json',
  ];

  static override args = {
    name: Args.string({ description: 'Container name.', required: true }),
    size: Args.string({ description: 'Threshold in bytes, with a K/M/G/T suffix (e.g. 400M).', required: true }),
  };

  async run(): Promise<ContainerEvent | undefined> {
    const { args, flags } = await this.parse(NotifyMemoryThreshold);
    const event = await firstEvent(await this.api(flags.config), args.name, { type: 'memory-threshold', bytes: args.size });
    if (!event) return this.exit(INTERRUPTED_EXIT);
    this.log(formatEvent(event, (await this.core()).formatBytes));
    return event;
  }
}
