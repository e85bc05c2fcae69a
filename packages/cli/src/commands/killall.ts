import { Args } from '@oclif/core';
import { LmctfyCommand } from '../lmctfy-command';

export interface KillAllResult {
  name: string;
}

export default class KillAll extends LmctfyCommand {
  static override summary = 'Kill every process in a container and its descendants.';
  static override description = 'Sends SIGKILL to all processes; fails if any survive. The container itself stays.';
  static override examples = ['<%= config.bin %> <%= command.id %> batch1'];

  static override args = {
    name: Args.string({ description: 'Container name.', required: true }),
  };

  async run(): Promise<KillAllResult> {
    const { args, flags } = await this.parse(KillAll);
    const name = await this.canonicalName(args.name);
    await (await this.api(flags.config)).killAll(name);
    this.log(`killed all processes in ${name}`);
    return { name };
  }
}
