import * as fs from 'node:fs';
import * as path from 'node:path';
import { internal } from '@lmctfy/core';
import { CommandRunner } from './command-runner';
import type { VzOptions } from './vz-options';
import { vzctlError } from './vzctl-errors';

/** One container as `vzlist -a -j` reports it (only the fields this backend reads). */
export interface VzUb {
  held: number;
  maxheld: number;
  barrier: number;
  limit: number;
  failcnt: number;
}

export interface VzCt {
  ctid: number;
  name: string | null;
  status: string;
  hostname?: string | null;
  cpulimit?: number | null;
  cpuunits?: number | null;
  ioprio?: number | null;
  iolimit?: number | null;
  iopslimit?: number | null;
  numproc?: VzUb | null;
  physpages?: VzUb | null;
  swappages?: VzUb | null;
}

/** JSON has no 64-bit integers: LONG_MAX ("unlimited") parses as 2^63; anything that large is unlimited. */
export const isUnlimited = (v: number): boolean => v >= 2 ** 62;

/**
 * Queries of the host's OpenVZ state: vzctl's own name records (`/etc/vz/names/<name>` →
 * `conf/CTID.conf`, written by `vzctl --name`; the only record of which CTID is which lmctfy
 * container), vzlist for a CT's status and resources, and vzpid for which CT a host pid is
 * in. Read-only; vzctl itself is driven by VzctlBackend.
 */
export class VzHost {
  constructor(
    private readonly runner: CommandRunner,
    private readonly options: VzOptions,
  ) {}

  /** Every container (`vzlist -a -j`), or only `fields` (`-o`). */
  async list(fields?: readonly string[]): Promise<VzCt[]> {
    const args = ['-a', '-j', ...(fields ? ['-o', fields.join(',')] : [])];
    const r = await this.runner.run(this.options.vzlist, args);
    return parseVzlist(r);
  }

  /**
   * The CTID vzctl knows by `name`, read from its names/ symlink (what `vzctl <cmd> <name>`
   * resolves too). No process is started, so polling it is cheap.
   */
  ctidByName(name: string): number | undefined {
    try {
      const target = fs.readlinkSync(path.join(this.options.vzDir, 'names', name));
      const m = /(?:^|\/)(\d+)\.conf$/.exec(target);
      if (!m || !fs.existsSync(path.join(this.options.vzDir, 'conf', `${m[1]}.conf`))) return undefined;
      return Number(m[1]);
    } catch {
      return undefined;
    }
  }

  /** One CT as `vzlist -a -j -o ctid,name,<fields> CTID` shows it (undefined once it is gone). */
  async get(ctid: number, fields: readonly string[]): Promise<VzCt | undefined> {
    const r = await this.runner.run(this.options.vzlist, ['-a', '-j', '-o', ['ctid', 'name', ...fields].join(','), String(ctid)]);
    if (r.exitCode === 1 && /Container\(s\) not found/.test(r.stderr)) return undefined;
    return parseVzlist(r)[0];
  }

  /** The lowest free CTID >= `min` (every CTID vzlist -a knows is taken, lmctfy's or not). */
  async freeCtid(min: number, max: number, skip: ReadonlySet<number> = new Set()): Promise<number> {
    const taken = new Set((await this.list(['ctid'])).map((ct) => ct.ctid));
    for (let id = min; id <= max; id++) if (!taken.has(id) && !skip.has(id)) return id;
    throw internal('no free CTID left');
  }

  /** pid → CTID for the given host pids, via vzpid (pids that vanished are left out). */
  async ctidsOf(pids: readonly number[]): Promise<Map<number, number>> {
    const out = new Map<number, number>();
    if (pids.length === 0) return out;
    const r = await this.runner.run(this.options.vzpid, pids.map(String));
    if (r.exitCode !== 0) throw vzctlError('vzpid', r);
    for (const line of r.stdout.split('\n').slice(1)) {
      const [pid, ctid] = line.split('\t');
      if (pid && ctid && /^\d+$/.test(pid) && /^\d+$/.test(ctid)) out.set(Number(pid), Number(ctid));
    }
    return out;
  }

  /** Host pids of the processes in CT `ctid`, sorted. */
  async pidsIn(ctid: number): Promise<number[]> {
    const owners = await this.ctidsOf(this.hostPids());
    return [...owners].filter(([, id]) => id === ctid).map(([pid]) => pid).sort((a, b) => a - b);
  }

  /** Every pid on the host, from the proc directory (the vzctl package reads the same). */
  hostPids(): number[] {
    return fs.readdirSync(this.options.procDir).filter((d) => /^\d+$/.test(d)).map(Number);
  }

  /** Parent pid from /proc/<pid>/stat, or undefined once it is gone. */
  parentOf(pid: number): number | undefined {
    try {
      const stat = fs.readFileSync(`${this.options.procDir}/${pid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch {
      return undefined;
    }
  }

  /** Whether `pid` descends from `ancestor` (vzctl exec2 forks twice before the payload). */
  descendsFrom(pid: number, ancestor: number): boolean {
    for (let p: number | undefined = pid, hops = 0; p !== undefined && p > 1 && hops < 64; hops++) {
      p = this.parentOf(p);
      if (p === ancestor) return true;
    }
    return false;
  }

  /** utime + stime of `pid` in clock ticks (0 once it is gone). */
  cpuTicks(pid: number): { user: number; system: number } {
    try {
      const stat = fs.readFileSync(`${this.options.procDir}/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return { user: Number(f[11]), system: Number(f[12]) };
    } catch {
      return { user: 0, system: 0 };
    }
  }
}

/** The containers `vzlist -j` printed, or its failure as an lmctfy error. */
function parseVzlist(r: Parameters<typeof vzctlError>[1]): VzCt[] {
  if (r.exitCode !== 0) throw vzctlError('vzlist', r);
  try {
    return JSON.parse(r.stdout) as VzCt[];
  } catch (e) {
    throw internal(`vzlist -j printed something that is not JSON: ${(e as Error).message}`);
  }
}
