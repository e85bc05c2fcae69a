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
  /** Registers an eventfd for a memory event (notifications). */
  eventControl: 'cgroup.event_control',
  memoryStat: 'memory.stat',
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
  /** CFQ's weight files; kernels without CFQ (5.0+) offer BFQ's instead. */
  blkioWeight: 'blkio.weight',
  blkioWeightDevice: 'blkio.weight_device',
  blkioBfqWeight: 'blkio.bfq.weight',
  blkioBfqWeightDevice: 'blkio.bfq.weight_device',
  throttleReadBps: 'blkio.throttle.read_bps_device',
  throttleWriteBps: 'blkio.throttle.write_bps_device',
  throttleReadIops: 'blkio.throttle.read_iops_device',
  throttleWriteIops: 'blkio.throttle.write_iops_device',
  throttleServiceBytes: 'blkio.throttle.io_service_bytes_recursive',
  throttleServiced: 'blkio.throttle.io_serviced_recursive',
  devicesAllow: 'devices.allow',
  devicesDeny: 'devices.deny',
  devicesList: 'devices.list',
} as const;

/** v1 hugetlb files per page size ("2MB"). */
export const v1Hugetlb = (size: string, what: 'limit_in_bytes' | 'usage_in_bytes' | 'max_usage_in_bytes' | 'failcnt'): string =>
  `hugetlb.${size}.${what}`;

export const V2 = {
  controllers: 'cgroup.controllers',
  subtreeControl: 'cgroup.subtree_control',
  /** "domain", "threaded", "domain threaded" or "domain invalid" (not in the root cgroup). */
  type: 'cgroup.type',
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
  memoryStat: 'memory.stat',
  memoryOomGroup: 'memory.oom.group',
  cpuWeight: 'cpu.weight',
  cpuMax: 'cpu.max',
  cpuStat: 'cpu.stat',
  cpusetCpus: 'cpuset.cpus',
  cpusetMems: 'cpuset.mems',
  pidsMax: 'pids.max',
  pidsCurrent: 'pids.current',
  ioWeight: 'io.weight',
  ioBfqWeight: 'io.bfq.weight',
  ioMax: 'io.max',
  ioStat: 'io.stat',
} as const;

/** v2 hugetlb files per page size ("2MB"); `rsvd.max` limits reservations too (Linux 5.7+). */
export const v2Hugetlb = (size: string, what: 'max' | 'rsvd.max' | 'current' | 'events'): string => `hugetlb.${size}.${what}`;

/** v1 freezer.state values. */
export const FROZEN = 'FROZEN';
export const THAWED = 'THAWED';

/** statfs f_type values (linux/magic.h). */
export const CGROUP2_SUPER_MAGIC = 0x63677270;
export const TMPFS_MAGIC = 0x01021994;

/** cpuacct.stat counts USER_HZ ticks, which is 100 on every Linux ABI. */
export const NS_PER_USER_HZ_TICK = 1e9 / 100;
