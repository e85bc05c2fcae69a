/**
 * Statistics with one shape on every backend and cgroup version. Memory is in bytes, CPU
 * time in nanoseconds. A section is absent when the container does not isolate it.
 * Fields marked "full" are what `lmctfy stats --full` adds to the summary (lmctfy's
 * STATS_FULL); summaryStats() drops them.
 */
export interface MemoryStats {
  usage: number;
  /** Peak usage, when the kernel reports it. */
  maxUsage?: number;
  limit: number | 'max';
  /** Times the limit was hit (v1 failcnt, v2 memory.events max). */
  failCount: number;
  /** Processes killed by the OOM killer in this container. */
  oomKills: number;
  /** usage - inactive file pages, as cAdvisor and the kubelet compute it. */
  workingSet?: number;
  /** full: memory.stat counters under one set of names on v1 (total_*) and v2. */
  breakdown?: MemoryBreakdown;
}

/** memory.stat of the container and its children, in bytes except the fault counts. */
export interface MemoryBreakdown {
  /** v1 rss, v2 anon. */
  anon: number;
  /** v1 cache, v2 file (both include shmem). */
  file: number;
  /** v1 mapped_file, v2 file_mapped. */
  mappedFile: number;
  shmem: number;
  /** v1 dirty, v2 file_dirty. */
  dirty: number;
  /** v1 writeback, v2 file_writeback. */
  writeback: number;
  activeAnon: number;
  inactiveAnon: number;
  activeFile: number;
  inactiveFile: number;
  unevictable: number;
  /** Page faults (a count). */
  pgfault: number;
  /** Major page faults (a count). */
  pgmajfault: number;
}

export interface CpuStats {
  usage: { total: number; user: number; system: number };
  throttling: { periods: number; throttledPeriods: number; throttledTime: number };
}

export interface PidsStats {
  current: number;
  limit: number | 'max';
}

/** IO done by the container on one block device (v1 blkio.throttle.*_recursive, v2 io.stat). */
export interface IoDeviceStats {
  major: number;
  minor: number;
  readBytes: number;
  writeBytes: number;
  readOps: number;
  writeOps: number;
}

export interface IoStats {
  /** full: sorted by major, then minor. */
  devices: IoDeviceStats[];
}

export interface HugetlbStats {
  /** As the kernel names it: "2MB", "1GB". */
  pageSize: string;
  usage: number;
  maxUsage?: number;
  limit: number | 'max';
  /** Allocations refused at the limit (v1 failcnt, v2 hugetlb.<size>.events max). */
  failCount: number;
}

export interface ContainerStats {
  memory?: MemoryStats;
  cpu?: CpuStats;
  pids?: PidsStats;
  io?: IoStats;
  /** Sorted by page size name. */
  hugetlb?: HugetlbStats[];
}

/** The summary view: `stats` without --full (drops memory.breakdown and per-device io). */
export function summaryStats(stats: ContainerStats): ContainerStats {
  const out: ContainerStats = { ...stats };
  if (stats.memory) {
    const { breakdown: _full, ...memory } = stats.memory;
    out.memory = memory;
  }
  delete out.io;
  return out;
}
