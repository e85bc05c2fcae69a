import type { ContainerSpec, ContainerStats } from '@lmctfy/core';
import type { CgroupFs } from '../cgroup-fs';
import { cpuStatsOf, hasCpuLimits } from '../controller';
import type { Controller } from '../controller';
import { cfsToCores, coresToCfs, weightToShares } from '../conversions';
import { V1 } from '../kernel-files';

export const cpu: Controller = {
  name: 'cpu',
  section: 'cpu',
  isSet: hasCpuLimits,

  apply(io: CgroupFs, dir: string, spec: ContainerSpec): void {
    const c = spec.cpu;
    if (!c) return;
    const shares = c.shares ?? (c.weight === undefined ? undefined : weightToShares(c.weight));
    if (shares !== undefined) io.write(dir, V1.cpuShares, shares);
    if (c.max !== undefined) {
      const cfs = coresToCfs(c.max, c.period);
      io.write(dir, V1.cfsPeriod, cfs.period);
      io.write(dir, V1.cfsQuota, cfs.quota === 'max' ? -1 : cfs.quota);
    } else if (c.period !== undefined) {
      coresToCfs('max', c.period);
      io.write(dir, V1.cfsPeriod, c.period);
    }
  },

  stats(io: CgroupFs, dir: string, into: ContainerStats): void {
    const s = io.readKeyValues(dir, V1.cpuStat);
    cpuStatsOf(into).throttling = {
      periods: s.nr_periods ?? 0,
      throttledPeriods: s.nr_throttled ?? 0,
      throttledTime: s.throttled_time ?? 0,
    };
  },

  readSpec(io: CgroupFs, dir: string, into: ContainerSpec): void {
    const period = Number(io.read(dir, V1.cfsPeriod));
    const quota = Number(io.read(dir, V1.cfsQuota));
    into.cpu = {
      ...into.cpu,
      shares: Number(io.read(dir, V1.cpuShares)),
      max: cfsToCores({ quota, period }),
      period,
    };
  },
};
