import type { ContainerSpec, ContainerStats, Limit } from '@lmctfy/core';
import { PAGE_SIZE, ioprioToWeight } from './vzctl-args';
import { isUnlimited } from './vz-host';
import type { VzCt, VzUb } from './vz-host';

/** The vzlist fields spec() and stats() read. */
export const READBACK_FIELDS = ['status', 'hostname', 'cpulimit', 'cpuunits', 'ioprio', 'iolimit', 'iopslimit', 'numproc', 'physpages', 'swappages'];

/** A UB limit in pages → bytes, or 'max'. */
const pagesLimit = (ub: VzUb): Limit => (isUnlimited(ub.limit) ? 'max' : ub.limit * PAGE_SIZE);

/**
 * The effective spec from `vzlist -j`. What vzlist cannot show is left out rather than
 * guessed: the cpumask (no vzlist field in 4.x) and which device an IO limit was given for
 * (vzctl's limits are per container). cpuunits read back as shares, the reverse of the mapping.
 */
export function specFromVzlist(ct: VzCt): ContainerSpec {
  const spec: ContainerSpec = {};
  if (ct.physpages || ct.swappages) {
    spec.memory = {};
    if (ct.physpages) spec.memory.limit = pagesLimit(ct.physpages);
    if (ct.swappages) spec.memory.swap = pagesLimit(ct.swappages);
  }
  if (ct.cpulimit != null || ct.cpuunits != null) {
    spec.cpu = {};
    if (ct.cpulimit != null) spec.cpu.max = ct.cpulimit === 0 ? 'max' : ct.cpulimit / 100;
    if (ct.cpuunits != null) spec.cpu.shares = Math.max(2, Math.round((ct.cpuunits * 1024) / 1000));
  }
  if (ct.numproc) spec.pids = { max: isUnlimited(ct.numproc.limit) ? 'max' : ct.numproc.limit };
  if (ct.ioprio != null) spec.blkio = { weight: ioprioToWeight(ct.ioprio) };
  if (ct.hostname) spec.namespaces = { hostname: ct.hostname };
  return spec;
}

/**
 * Stats from `vzlist -j` (physpages, numproc UBs) and the CT's processes. vzlist 4.x has no
 * CPU-time or throttling counters: CPU usage is summed from the live processes'
 * /proc/<pid>/stat (time of processes that already exited is not included), throttling is
 * reported as zeros, and OOM kills as 0 (vzlist shows no OOM-kill counter) — see the README.
 */
export function statsFromVzlist(ct: VzCt, pids: number[], ticks: (pid: number) => { user: number; system: number }): ContainerStats {
  const stats: ContainerStats = {};
  if (ct.physpages) {
    stats.memory = {
      usage: ct.physpages.held * PAGE_SIZE,
      maxUsage: ct.physpages.maxheld * PAGE_SIZE,
      limit: pagesLimit(ct.physpages),
      failCount: ct.physpages.failcnt,
      oomKills: 0,
    };
  }
  const NS_PER_TICK = 1e9 / 100; // USER_HZ
  let user = 0;
  let system = 0;
  for (const pid of pids) {
    const t = ticks(pid);
    user += t.user;
    system += t.system;
  }
  stats.cpu = {
    usage: { total: (user + system) * NS_PER_TICK, user: user * NS_PER_TICK, system: system * NS_PER_TICK },
    throttling: { periods: 0, throttledPeriods: 0, throttledTime: 0 },
  };
  if (ct.numproc) stats.pids = { current: ct.numproc.held, limit: isUnlimited(ct.numproc.limit) ? 'max' : ct.numproc.limit };
  return stats;
}
