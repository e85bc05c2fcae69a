/** The interface files a new fake cgroup gets, per controller, with the kernel's initial values. */
const UNLIMITED = '9223372036854771712';

export const V1_FILES: Record<string, Record<string, string>> = {
  memory: {
    'memory.limit_in_bytes': UNLIMITED,
    'memory.soft_limit_in_bytes': UNLIMITED,
    'memory.memsw.limit_in_bytes': UNLIMITED,
    'memory.usage_in_bytes': '0',
    'memory.max_usage_in_bytes': '0',
    'memory.failcnt': '0',
    'memory.oom_control': 'oom_kill_disable 0\nunder_oom 0\noom_kill 0',
    'memory.stat': 'cache 0\nrss 0\ntotal_cache 0\ntotal_rss 0\ntotal_inactive_file 0',
  },
  // A kernel without CFQ: BFQ's weight files (as on this project's hosts).
  blkio: {
    'blkio.bfq.weight': '100',
    'blkio.bfq.weight_device': '',
    'blkio.throttle.read_bps_device': '',
    'blkio.throttle.write_bps_device': '',
    'blkio.throttle.read_iops_device': '',
    'blkio.throttle.write_iops_device': '',
    'blkio.throttle.io_service_bytes_recursive': 'Total 0',
    'blkio.throttle.io_serviced_recursive': 'Total 0',
  },
  hugetlb: {
    'hugetlb.2MB.limit_in_bytes': UNLIMITED,
    'hugetlb.2MB.usage_in_bytes': '0',
    'hugetlb.2MB.max_usage_in_bytes': '0',
    'hugetlb.2MB.failcnt': '0',
  },
  devices: { 'devices.allow': '', 'devices.deny': '', 'devices.list': 'a *:* rwm' },
  cpu: {
    'cpu.shares': '1024',
    'cpu.cfs_quota_us': '-1',
    'cpu.cfs_period_us': '100000',
    'cpu.stat': 'nr_periods 0\nnr_throttled 0\nthrottled_time 0',
  },
  cpuacct: { 'cpuacct.usage': '0', 'cpuacct.stat': 'user 0\nsystem 0' },
  cpuset: { 'cpuset.cpus': '', 'cpuset.mems': '' },
  pids: { 'pids.max': 'max', 'pids.current': '0' },
  freezer: { 'freezer.state': 'THAWED' },
};

export const V2_FILES: Record<string, Record<string, string>> = {
  memory: {
    'memory.max': 'max',
    'memory.low': '0',
    'memory.high': 'max',
    'memory.swap.max': 'max',
    'memory.current': '0',
    'memory.peak': '0',
    'memory.events': 'low 0\nhigh 0\nmax 0\noom 0\noom_kill 0',
    'memory.stat': 'anon 0\nfile 0\ninactive_file 0',
    'memory.oom.group': '0',
  },
  io: { 'io.weight': 'default 100', 'io.max': '', 'io.stat': '' },
  hugetlb: {
    'hugetlb.2MB.max': 'max',
    'hugetlb.2MB.rsvd.max': 'max',
    'hugetlb.2MB.current': '0',
    'hugetlb.2MB.events': 'max 0',
    'hugetlb.1GB.max': 'max',
    'hugetlb.1GB.rsvd.max': 'max',
    'hugetlb.1GB.current': '0',
    'hugetlb.1GB.events': 'max 0',
  },
  cpu: { 'cpu.weight': '100', 'cpu.max': 'max 100000' },
  cpuset: { 'cpuset.cpus': '', 'cpuset.mems': '' },
  pids: { 'pids.max': 'max', 'pids.current': '0' },
};
