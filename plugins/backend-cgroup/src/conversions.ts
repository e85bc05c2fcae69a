/**
 * cgroup v1 <-> v2 value conversions, in one place so every driver agrees. Formulas follow
 * the current runc (opencontainers/cgroups >= v0.0.3) and crun (>= 1.23); see
 * shared/reference/peers.md §B for sources and the test vectors pinned in conversions.test.ts.
 *
 * - cpu shares -> weight: quadratic in log2(shares) so that the v1 default 1024 maps to the
 *   v2 default 100 (the old linear formula gave 39 and starved containers).
 * - weight -> shares: the smallest shares whose weight is >= the given weight, so
 *   weight -> shares -> weight is the identity for every weight 1..10000.
 * - cores -> CFS quota/period: quota = cores * period (default period 100000 µs); the kernel
 *   refuses quotas under 1000 µs.
 * - memory: spec.memory.swap is swap only (the v2 meaning); v1 memsw = limit + swap.
 *   v1 has no memory.high; reservation is v1 soft_limit_in_bytes / v2 memory.low.
 * - 'max' is unlimited everywhere; v1 writes -1, v2 writes "max" (v1 blkio throttles: 0).
 * - blkio weight: the spec uses v2's 1..10000; v1 blkio.weight (and BFQ's weight on both
 *   versions) takes 10..1000. runc converts v1 -> v2 with 1 + (x-10)*9999/990 (integer);
 *   we write its inverse 10 + (w-1)*990/9999 (rounded) and read back with runc's formula,
 *   so a v1 round trip lands within 10 of the written weight (v1 has only 991 steps).
 * - memory.stat: v1 counters (the hierarchical total_* ones, which is what v2 reports)
 *   renamed to v2's names; see MEMORY_STAT_NAMES.
 */
import { invalidArgument, unimplemented } from '@lmctfy/core';
import type { Limit, MemoryBreakdown } from '@lmctfy/core';

export const MIN_SHARES = 2;
export const MAX_SHARES = 262144;
export const MIN_WEIGHT = 1;
export const MAX_WEIGHT = 10000;
export const DEFAULT_CFS_PERIOD_US = 100000;
export const MIN_CFS_QUOTA_US = 1000;
export const MIN_CFS_PERIOD_US = 1000;
export const MAX_CFS_PERIOD_US = 1000000;

export function sharesToWeight(shares: number): number {
  if (shares <= MIN_SHARES) return MIN_WEIGHT;
  if (shares >= MAX_SHARES) return MAX_WEIGHT;
  const l = Math.log2(shares);
  return Math.ceil(10 ** ((l * l + 125 * l) / 612 - 7 / 34));
}

export function weightToShares(weight: number): number {
  if (weight <= MIN_WEIGHT) return MIN_SHARES;
  const target = Math.min(weight, MAX_WEIGHT);
  // sharesToWeight is monotonic: binary-search the smallest shares reaching `weight`.
  let lo = MIN_SHARES;
  let hi = MAX_SHARES;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (sharesToWeight(mid) >= target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export interface CfsLimit {
  /** µs per period, or 'max'. */
  quota: number | 'max';
  /** µs. */
  period: number;
}

export function coresToCfs(cores: Limit, period: number = DEFAULT_CFS_PERIOD_US): CfsLimit {
  if (!Number.isInteger(period) || period < MIN_CFS_PERIOD_US || period > MAX_CFS_PERIOD_US) {
    throw invalidArgument(`cpu.max: period ${period} µs is outside ${MIN_CFS_PERIOD_US}..${MAX_CFS_PERIOD_US}`);
  }
  if (cores === 'max') return { quota: 'max', period };
  const quota = Math.round(cores * period);
  if (quota < MIN_CFS_QUOTA_US) {
    throw invalidArgument(
      `cpu.max: ${cores} cores is a quota of ${quota} µs per ${period} µs period; the kernel minimum is ${MIN_CFS_QUOTA_US} µs`,
    );
  }
  return { quota, period };
}

export function cfsToCores(limit: CfsLimit): Limit {
  if (limit.quota === 'max' || limit.quota < 0) return 'max';
  return Math.round((limit.quota / limit.period) * 1e6) / 1e6;
}

/** v1 memory.memsw.limit_in_bytes for a spec's limit and (swap-only) swap. */
export function memswFromSwap(limit: Limit | undefined, swap: Limit): Limit {
  if (limit === undefined || (limit === 'max' && swap !== 'max')) {
    throw invalidArgument('memory.swap needs memory.limit on cgroup v1 (memsw = limit + swap)');
  }
  if (swap === 'max' || limit === 'max') return 'max';
  return limit + swap;
}

/** The swap-only amount from v1's memory+swap limit. */
export function swapFromMemsw(limit: Limit, memsw: Limit): Limit {
  if (memsw === 'max') return 'max';
  if (limit === 'max') return memsw;
  return Math.max(0, memsw - limit);
}

/** Refuses (UNIMPLEMENTED, naming the field) a spec field the other cgroup version owns. */
export function refuseField(value: unknown, field: string, why: string): void {
  if (value !== undefined) throw unimplemented(`${field} is not available here: ${why}`);
}

export function rejectHighOnV1(high: Limit | undefined): void {
  refuseField(high, 'memory.high', 'it is the cgroup v2 memory.high threshold; cgroup v1 has no equivalent');
}

export const MIN_V1_BLKIO_WEIGHT = 10;
export const MAX_V1_BLKIO_WEIGHT = 1000;

/** Spec (v2) IO weight 1..10000 -> v1 blkio / BFQ weight 10..1000. */
export function ioWeightToV1(weight: number): number {
  return Math.round(MIN_V1_BLKIO_WEIGHT + ((weight - 1) * 990) / 9999);
}

/** v1 blkio / BFQ weight -> spec (v2) IO weight (runc ConvertBlkIOToIOWeightValue). */
export function v1WeightToIo(weight: number): number {
  return Math.min(MAX_WEIGHT, Math.max(MIN_WEIGHT, 1 + Math.floor(((weight - MIN_V1_BLKIO_WEIGHT) * 9999) / 990)));
}

/** Spec breakdown field -> [v1 memory.stat key, v2 memory.stat key]. */
export const MEMORY_STAT_NAMES: Record<keyof MemoryBreakdown, [string, string]> = {
  anon: ['total_rss', 'anon'],
  file: ['total_cache', 'file'],
  mappedFile: ['total_mapped_file', 'file_mapped'],
  shmem: ['total_shmem', 'shmem'],
  dirty: ['total_dirty', 'file_dirty'],
  writeback: ['total_writeback', 'file_writeback'],
  activeAnon: ['total_active_anon', 'active_anon'],
  inactiveAnon: ['total_inactive_anon', 'inactive_anon'],
  activeFile: ['total_active_file', 'active_file'],
  inactiveFile: ['total_inactive_file', 'inactive_file'],
  unevictable: ['total_unevictable', 'unevictable'],
  pgfault: ['total_pgfault', 'pgfault'],
  pgmajfault: ['total_pgmajfault', 'pgmajfault'],
};

/** The common breakdown from a parsed memory.stat; counters the kernel lacks are 0. */
export function memoryBreakdown(stat: Record<string, number>, version: 'v1' | 'v2'): MemoryBreakdown {
  const column = version === 'v1' ? 0 : 1;
  const out = {} as MemoryBreakdown;
  for (const [field, names] of Object.entries(MEMORY_STAT_NAMES)) out[field as keyof MemoryBreakdown] = stat[names[column]] ?? 0;
  return out;
}

/** cAdvisor's working set: usage minus the inactive file pages the kernel can drop first. */
export const workingSetOf = (usage: number, b: MemoryBreakdown): number => Math.max(0, usage - b.inactiveFile);

/** Kernel values at or above 2^62 are "unlimited" (v1 prints PAGE_COUNTER_MAX pages in bytes). */
const UNLIMITED_THRESHOLD = 2n ** 62n;

/** Parses a limit as the kernel prints it: "max", "-1" or 9223372036854771712 -> 'max'. */
export function parseKernelLimit(raw: string): Limit {
  const s = raw.trim();
  if (s === 'max' || s === '-1') return 'max';
  if (!/^\d+$/.test(s)) throw invalidArgument(`unexpected kernel limit ${JSON.stringify(raw)}`);
  return BigInt(s) >= UNLIMITED_THRESHOLD ? 'max' : Number(s);
}

/** v1 limit files take -1 for unlimited. */
export const v1Limit = (l: Limit): string => (l === 'max' ? '-1' : String(l));

/** v2 limit files take "max" for unlimited. */
export const v2Limit = (l: Limit): string => String(l);
