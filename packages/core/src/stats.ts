/**
 * Statistics with one shape on every backend and cgroup version. Memory is in bytes, CPU
 * time in nanoseconds. A section is absent when the container does not isolate it.
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
}

export interface CpuStats {
  usage: { total: number; user: number; system: number };
  throttling: { periods: number; throttledPeriods: number; throttledTime: number };
}

export interface PidsStats {
  current: number;
  limit: number | 'max';
}

export interface ContainerStats {
  memory?: MemoryStats;
  cpu?: CpuStats;
  pids?: PidsStats;
}
