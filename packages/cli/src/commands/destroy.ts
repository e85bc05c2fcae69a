import { Args, Flags } from '@oclif/core';
import { LmctfyCommand } from '../lmctfy-command';

export interface DestroyResult {
  name: string;
}

export default class Destroy extends LmctfyCommand {
  static override summary = 'Destroy a container.';
  static override description =
    'Without --force, a container that still has processes or child containers is refused (exit 9).';

  static override examples = ['<%= config.bin %> <%= command.id %> batch1', '<%= config.bin %> <%= command.id %> batch1 --force'];

  static override args = {
    name: Args.string({ description: 'Container name.', required: true }),
  };

  static override flags = {
    force: Flags.boolean({ char: 'f', description: 'Kill its processes and destroy its children too.' }),
  };

  async run(): Promise<DestroyResult> {
    const { args, flags } = await this.parse(Destroy);
    const name = await this.canonicalName(args.name);
    await (await this.api(flags.config)).destroy(name, { force: flags.force });
    this.log(`destroyed ${name}`);
    return { name };
  }
}
