import type { HugetlbLimit } from '@lmctfy/core';
import { unavailable } from '@lmctfy/core';
import type { CgroupFs } from './cgroup-fs';

/**
 * Huge page sizes the hugetlb controller offers in `dir`, from its interface files
 * ("hugetlb.2MB.max" -> "2MB"; v1 "hugetlb.2MB.limit_in_bytes"), sorted by size.
 */
export function hugetlbSizes(io: CgroupFs, dir: string, suffix: string): string[] {
  const unit: Record<string, number> = { KB: 1, MB: 2 ** 10, GB: 2 ** 20 };
  const bytes = (s: string): number => Number(s.slice(0, -2)) * (unit[s.slice(-2)] ?? 0);
  const file = new RegExp(`^hugetlb\\.(\\d+[KMG]B)\\.${suffix.replace(/\./g, '\\.')}$`);
  return io
    .listFiles(dir)
    .map((f) => file.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort((a, b) => bytes(a) - bytes(b));
}

/** Refuses a page size this host has no huge pages of (UNAVAILABLE, naming it). */
export function checkHugetlbSizes(limits: readonly HugetlbLimit[], offered: readonly string[]): void {
  limits.forEach((h, i) => {
    if (!offered.includes(h.pageSize)) {
      throw unavailable(`hugetlb[${i}].pageSize: the hugetlb controller has no ${h.pageSize} pages here (offered: ${offered.join(', ') || 'none'})`);
    }
  });
}
