import { Args } from '@oclif/core';
import type { ContainerEvent } from '@lmctfy/core';
import { LmctfyCommand } from '../../lmctfy-command';
import { INTERRUPTED_EXIT, firstEvent, formatEvent } from '../../notify-event';

export default class NotifyOom extends LmctfyCommand {
  static override summary = 'Wait until a process of the container is killed for lack of memory.';
  static override description =
    'Blocks until the next OOM in the container, prints it and exits 0. ' +
    'Exits 5 if the container is destroyed meanwhile, 130 on Ctrl-C.';

  static override examples = ['<%= config.bin %> <%= command.id %> batch1', '<%= config.bin %> <%= command.id %> batch1 --json'];

  static override args = {
    name: Args.string({ description: 'Container name.', required: true }),
  };

  async run(): Promise<ContainerEvent | undefined> {
    const { args, flags } = await this.parse(NotifyOom);
    const event = await firstEvent(await this.api(flags.config), args.name, { type: 'oom' });
    if (!event) return this.exit(INTERRUPTED_EXIT);
    this.log(formatEvent(event, (await this.core()).formatBytes));
    return event;
  }
}
