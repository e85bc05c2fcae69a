import { Args } from '@oclif/core';
import { LmctfyCommand } from '../lmctfy-command';

export interface ResumeResult {
  name: string;
}

export default class Resume extends LmctfyCommand {
  static override summary = 'Thaw a paused container and its descendants.';
  static override description = 'Undoes lmctfy pause.';
  static override examples = ['<%= config.bin %> <%= command.id %> batch1'];

  static override args = {
    name: Args.string({ description: 'Container name.', required: true }),
  };

  async run(): Promise<ResumeResult> {
    const { args, flags } = await this.parse(Resume);
    const name = await this.canonicalName(args.name);
    await (await this.api(flags.config)).resume(name);
    this.log(`resumed ${name}`);
    return { name };
  }
}
