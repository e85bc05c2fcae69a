import { Args } from '@oclif/core';
import type { DetectResult } from '@lmctfy/core';
import { CliError, EXIT } from '../cli-error';
import { LmctfyCommand } from '../lmctfy-command';

export default class Detect extends LmctfyCommand {
  static override summary = 'Print the container a process is in.';
  static override description = "Prints / when the process is in none of lmctfy's containers. Default PID: lmctfy's parent (the invoking shell).";
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> 1234'];

  static override args = {
    pid: Args.string({ description: 'Process id (default: the parent process).' }),
  };

  async run(): Promise<DetectResult> {
    const { args, flags } = await this.parse(Detect);
    if (args.pid !== undefined && !/^\d+$/.test(args.pid)) {
      throw new CliError(EXIT.invalidArgument, `pid ${JSON.stringify(args.pid)}: expected a positive whole number`);
    }
    const pid = args.pid === undefined ? process.ppid : Number(args.pid);
    const found = await (await this.api(flags.config)).detect(pid);
    this.log(found.name);
    return found;
  }
}
