import type { BackendReport } from '@lmctfy/core';
import { formatTable } from '../format';
import { LmctfyCommand } from '../lmctfy-command';

export default class Backends extends LmctfyCommand {
  static override summary = 'List the installed backends and whether they work on this host.';
  static override description =
    'Each installed backend plugin is loaded and probed. A plugin that fails to load, or a backend this host ' +
    'cannot use, is a row with the reason (not an error).';

  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json'];

  protected override showWarnings = false; // every plugin problem is a row

  async run(): Promise<BackendReport[]> {
    const { flags } = await this.parse(Backends);
    const rows = await (await this.api(flags.config)).backends();
    const details = (r: BackendReport): string =>
      r.reason ?? Object.entries(r.probe?.capabilities?.details ?? {}).map(([k, v]) => `${k}=${v}`).join(' ');
    const table = [['NAME', 'PACKAGE', 'STATUS', 'DETAILS/REASON'], ...rows.map((r) => [r.name, r.packageName, r.status, details(r)])];
    for (const line of formatTable(table)) this.log(line);
    return rows;
  }
}
