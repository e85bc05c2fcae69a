import { Args } from '@oclif/core';
import { LmctfyCommand } from '../lmctfy-command';

export interface PauseResult {
  name: string;
}

export default class Pause extends LmctfyCommand {
  static override summary = 'Freeze every process in a container and its descendants.';
  static override description = 'The processes stay in memory and resume where they were with lmctfy resume.';
  static override examples = ['<%= config.bin %> <%= command.id %> batch1'];

  static override args = {
    name: Args.string({ description: 'Container name.', required: true }),
  };

  async run(): Promise<PauseResult> {
    const { args, flags } = await this.parse(Pause);
    const name = await this.canonicalName(args.name);
    await (await this.api(flags.config)).pause(name);
    this.log(`paused ${name}`);
    return { name };
  }
}
