import { Command, Flags } from '@oclif/core';
import type { ContainerApi } from '@lmctfy/core';
import { ReportedError, reportError } from './cli-error';
import { core, type Core } from './core';

/**
 * Base of every lmctfy command: `--config FILE`, `--json`, a lazily opened ContainerApi,
 * plugin warnings on stderr, and lmctfy's error reporting (message, hint, exit = code).
 */
export abstract class LmctfyCommand extends Command {
  static override enableJsonFlag = true;

  static override baseFlags = {
    config: Flags.string({
      description: 'lmctfy config file (default: .lmctfyrc*, lmctfy.config.* found from the working directory).',
      helpValue: 'FILE',
      helpGroup: 'GLOBAL',
    }),
  };

  /** `backends` shows plugin problems as rows and turns this off. */
  protected showWarnings = true;
  private openedApi?: ContainerApi;
  private warned = false;

  /** @lmctfy/core, loaded on first use. */
  protected core(): Promise<Core> {
    return core();
  }

  protected async api(configFile?: string): Promise<ContainerApi> {
    if (!this.openedApi) {
      const { ContainerApi } = await core();
      this.openedApi = await ContainerApi.open({ file: configFile });
    }
    return this.openedApi;
  }

  /** The canonical form of a container name (`batch1` → `/batch1`); throws code 3 if invalid. */
  protected async canonicalName(raw: string): Promise<string> {
    return (await core()).ContainerName.parse(raw).toString();
  }

  /** Writes api.warnings() once, as `lmctfy: warning: ...`. */
  protected flushWarnings(): void {
    if (this.warned || !this.openedApi || !this.showWarnings) return;
    this.warned = true;
    for (const w of new Set(this.openedApi.warnings())) process.stderr.write(`lmctfy: warning: ${w}\n`);
  }

  override async catch(err: Error): Promise<never> {
    this.flushWarnings();
    throw new ReportedError(reportError(err, this.jsonEnabled()));
  }

  override async finally(err: Error | undefined): Promise<void> {
    this.flushWarnings();
    await super.finally(err);
  }
}
