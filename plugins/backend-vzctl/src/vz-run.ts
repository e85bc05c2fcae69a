import { constants } from 'node:os';
import { execProcess } from '@lmctfy/core';
import type { ProcessSpec, RunOptions, RunResult } from '@lmctfy/core';
import type { CommandRunner } from './command-runner';
import { execCommand } from './vzctl-args';
import { vzctlError } from './vzctl-errors';
import type { VzHost } from './vz-host';
import type { VzOptions } from './vz-options';

const POLL_MS = 10;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const SIGNALS: Record<number, NodeJS.Signals> = Object.fromEntries(
  Object.entries(constants.signals).map(([name, num]) => [num, name as NodeJS.Signals]),
);

/**
 * run() through `vzctl exec2 CTID <command>`. vzctl forks and the payload runs as its
 * descendant inside the CT, so the payload's host pid is found as "a pid vzpid puts in
 * this CT that descends from our vzctl process". A payload that ends before it could be
 * seen (e.g. `true`) is reported with the vzctl process's pid instead.
 */
export class VzRun {
  constructor(
    private readonly runner: CommandRunner,
    private readonly host: VzHost,
    private readonly options: VzOptions,
  ) {}

  argv(ctid: number, proc: ProcessSpec): string[] {
    return ['exec2', String(ctid), ...execCommand(proc)];
  }

  /**
   * mode 'exec': this process becomes `vzctl exec2`, whose exit status is the payload's
   * (signals show as 3 + "Got signal N", vzctl's convention). It does not join the CT
   * itself, which is why probe() says exec: false.
   */
  exec(ctid: number, proc: ProcessSpec): never {
    return execProcess({ args: [this.options.vzctl, ...this.argv(ctid, proc)] });
  }

  async run(ctid: number, proc: ProcessSpec, options: RunOptions & { mode: 'foreground' | 'detached' }): Promise<RunResult> {
    const foreground = options.mode === 'foreground';
    const started = this.runner.start(this.options.vzctl, this.argv(ctid, proc), {
      stdio: foreground ? 'inherit' : 'ignore',
      detached: !foreground,
    });
    let ended = false;
    const done = started.done.finally(() => (ended = true));
    const vzctlPid = await new Promise<number>((resolve, reject) => {
      started.child.once('spawn', () => resolve(started.child.pid as number));
      done.catch(reject);
    });
    let pid: number | undefined;
    while (pid === undefined && !ended) {
      pid = (await this.host.pidsIn(ctid)).find((p) => this.host.descendsFrom(p, vzctlPid));
      if (pid === undefined) await sleep(POLL_MS);
    }
    const shownPid = pid ?? vzctlPid;
    if (!foreground) {
      started.child.unref();
      done.catch(() => undefined);
      options.onStart?.(shownPid);
      return { pid: shownPid };
    }
    options.onStart?.(shownPid);
    const result = await done;
    if (result.exitCode === 31 && /Container is not running/.test(result.stderr) && pid === undefined) {
      throw vzctlError(`run in CT ${ctid}`, result);
    }
    const got = /Got signal (\d+)\s*$/.exec(result.stderr);
    if (result.exitCode === 3 && got) return { pid: shownPid, signal: SIGNALS[Number(got[1])] ?? 'SIGKILL' };
    if (result.exitCode === null) return { pid: shownPid, signal: result.signal ?? 'SIGKILL' };
    return { pid: shownPid, exitCode: result.exitCode };
  }
}
