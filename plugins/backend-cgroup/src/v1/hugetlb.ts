import type { ContainerSpec, ContainerStats } from '@lmctfy/core';
import type { CgroupFs } from '../cgroup-fs';
import type { Controller } from '../controller';
import { parseKernelLimit, v1Limit } from '../conversions';
import { checkHugetlbSizes, hugetlbSizes } from '../hugetlb-sizes';
import { v1Hugetlb } from '../kernel-files';

const sizes = (io: CgroupFs, dir: string): string[] => hugetlbSizes(io, dir, 'limit_in_bytes');

export const hugetlb: Controller = {
  name: 'hugetlb',
  section: 'hugetlb',
  isSet: (spec) => spec.hugetlb !== undefined,

  apply(io: CgroupFs, dir: string, spec: ContainerSpec): void {
    if (!spec.hugetlb) return;
    checkHugetlbSizes(spec.hugetlb, sizes(io, dir));
    for (const h of spec.hugetlb) io.write(dir, v1Hugetlb(h.pageSize, 'limit_in_bytes'), v1Limit(h.limit));
  },

  stats(io: CgroupFs, dir: string, into: ContainerStats): void {
    into.hugetlb = sizes(io, dir).map((pageSize) => ({
      pageSize,
      usage: Number(io.read(dir, v1Hugetlb(pageSize, 'usage_in_bytes'))),
      limit: parseKernelLimit(io.read(dir, v1Hugetlb(pageSize, 'limit_in_bytes'))),
      failCount: Number(io.read(dir, v1Hugetlb(pageSize, 'failcnt'))),
    }));
  },

  // Unlimited sizes are left out: they are the kernel default, set or not.
  readSpec(io: CgroupFs, dir: string, into: ContainerSpec): void {
    into.hugetlb = sizes(io, dir)
      .map((pageSize) => ({ pageSize, limit: parseKernelLimit(io.read(dir, v1Hugetlb(pageSize, 'limit_in_bytes'))) }))
      .filter((h) => h.limit !== 'max');
  },
};
