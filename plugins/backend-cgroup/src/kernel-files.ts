/**
 * Every cgroupfs file name the backend touches, in one place (lmctfy `kernel_files.h`).
 * v1 names are per hierarchy; v2 names live in the one unified directory.
 */
export const CGROUP_PROCS = 'cgroup.procs';

export const V1 = {
  memoryLimit: 'memory.limit_in_bytes',
  memorySoftLimit: 'memory.soft_limit_in_bytes',
  memswLimit: 'memory.memsw.limit_in_bytes',
  memoryUsage: 'memory.usage_in_bytes',
  memoryMaxUsage: 'memory.max_usage_in_bytes',
  memoryFailcnt: 'memory.failcnt',
  memoryOomControl: 'memory.oom_control',
  cpuShares: 'cpu.shares',
  cfsQuota: 'cpu.cfs_quota_us',
  cfsPeriod: 'cpu.cfs_period_us',
  cpuStat: 'cpu.stat',
  cpuacctUsage: 'cpuacct.usage',
  cpuacctStat: 'cpuacct.stat',
  cpusetCpus: 'cpuset.cpus',
  cpusetMems: 'cpuset.mems',
  pidsMax: 'pids.max',
  pidsCurrent: 'pids.current',
  freezerState: 'freezer.state',
} as const;

export const V2 = {
  controllers: 'cgroup.controllers',
  subtreeControl: 'cgroup.subtree_control',
  events: 'cgroup.events',
  freeze: 'cgroup.freeze',
  kill: 'cgroup.kill',
  memoryMax: 'memory.max',
  memoryLow: 'memory.low',
  memoryHigh: 'memory.high',
  memorySwapMax: 'memory.swap.max',
  memoryCurrent: 'memory.current',
  memoryPeak: 'memory.peak',
  memoryEvents: 'memory.events',
  cpuWeight: 'cpu.weight',
  cpuMax: 'cpu.max',
  cpuStat: 'cpu.stat',
  cpusetCpus: 'cpuset.cpus',
  cpusetMems: 'cpuset.mems',
  pidsMax: 'pids.max',
  pidsCurrent: 'pids.current',
} as const;

/** v1 freezer.state values. */
export const FROZEN = 'FROZEN';
export const THAWED = 'THAWED';

/** statfs f_type values (linux/magic.h). */
export const CGROUP2_SUPER_MAGIC = 0x63677270;
export const TMPFS_MAGIC = 0x01021994;

/** cpuacct.stat counts USER_HZ ticks, which is 100 on every Linux ABI. */
export const NS_PER_USER_HZ_TICK = 1e9 / 100;
