import type { ContainerSpec, ContainerStats } from '@lmctfy/core';
import type { CgroupFs } from '../cgroup-fs';
import type { Controller } from '../controller';
import { parseKernelLimit, v2Limit } from '../conversions';
import { checkHugetlbSizes, hugetlbSizes } from '../hugetlb-sizes';
import { v2Hugetlb } from '../kernel-files';

const sizes = (io: CgroupFs, dir: string): string[] => hugetlbSizes(io, dir, 'max');

export const hugetlb: Controller = {
  name: 'hugetlb',
  section: 'hugetlb',
  isSet: (spec) => spec.hugetlb !== undefined,

  apply(io: CgroupFs, dir: string, spec: ContainerSpec): void {
    if (!spec.hugetlb) return;
    checkHugetlbSizes(spec.hugetlb, sizes(io, dir));
    for (const h of spec.hugetlb) {
      io.write(dir, v2Hugetlb(h.pageSize, 'max'), v2Limit(h.limit));
      // Reservations (mmap without touching) are limited too where the kernel can (5.7+), as runc does.
      if (io.exists(dir, v2Hugetlb(h.pageSize, 'rsvd.max'))) io.write(dir, v2Hugetlb(h.pageSize, 'rsvd.max'), v2Limit(h.limit));
    }
  },

  stats(io: CgroupFs, dir: string, into: ContainerStats): void {
    const present = sizes(io, dir);
    if (present.length === 0) return;
    into.hugetlb = present.map((pageSize) => ({
      pageSize,
      usage: Number(io.read(dir, v2Hugetlb(pageSize, 'current'))),
      limit: parseKernelLimit(io.read(dir, v2Hugetlb(pageSize, 'max'))),
      failCount: io.readKeyValues(dir, v2Hugetlb(pageSize, 'events')).max ?? 0,
    }));
  },

  // Unlimited sizes are left out: they are the kernel default, set or not.
  readSpec(io: CgroupFs, dir: string, into: ContainerSpec): void {
    const present = sizes(io, dir);
    if (present.length === 0) return;
    into.hugetlb = present
      .map((pageSize) => ({ pageSize, limit: parseKernelLimit(io.read(dir, v2Hugetlb(pageSize, 'max'))) }))
      .filter((h) => h.limit !== 'max');
  },
};
