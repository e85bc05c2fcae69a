import type { ContainerSpec, ContainerStats } from '@lmctfy/core';
import type { CgroupFs } from '../cgroup-fs';
import { cpuStatsOf, hasCpuLimits } from '../controller';
import type { Controller } from '../controller';
import { cfsToCores, coresToCfs, sharesToWeight } from '../conversions';
import type { CfsLimit } from '../conversions';
import { V2 } from '../kernel-files';

const readCpuMax = (io: CgroupFs, dir: string): CfsLimit => {
  const [quota, period] = io.read(dir, V2.cpuMax).split(/\s+/);
  return { quota: quota === 'max' ? 'max' : Number(quota), period: Number(period) };
};

/** On v2, cpu usage comes from cpu.stat, which every cgroup has even without the cpu controller. */
export const cpu: Controller = {
  name: 'cpu',
  section: 'cpu',
  isSet: hasCpuLimits,

  apply(io: CgroupFs, dir: string, spec: ContainerSpec): void {
    const c = spec.cpu;
    if (!c) return;
    const weight = c.weight ?? (c.shares === undefined ? undefined : sharesToWeight(c.shares));
    if (weight !== undefined) io.write(dir, V2.cpuWeight, weight);
    if (c.max !== undefined) {
      const cfs = coresToCfs(c.max, c.period);
      io.write(dir, V2.cpuMax, `${cfs.quota} ${cfs.period}`);
    } else if (c.period !== undefined) {
      // cpu.max takes quota and period together: keep the current quota.
      const { period } = coresToCfs('max', c.period);
      io.write(dir, V2.cpuMax, `${readCpuMax(io, dir).quota} ${period}`);
    }
  },

  stats(io: CgroupFs, dir: string, into: ContainerStats): void {
    const s = io.readKeyValues(dir, V2.cpuStat);
    const stats = cpuStatsOf(into);
    stats.usage = {
      total: (s.usage_usec ?? 0) * 1000,
      user: (s.user_usec ?? 0) * 1000,
      system: (s.system_usec ?? 0) * 1000,
    };
    stats.throttling = {
      periods: s.nr_periods ?? 0,
      throttledPeriods: s.nr_throttled ?? 0,
      throttledTime: (s.throttled_usec ?? 0) * 1000,
    };
  },

  readSpec(io: CgroupFs, dir: string, into: ContainerSpec): void {
    if (!io.exists(dir, V2.cpuWeight)) return;
    const cfs = readCpuMax(io, dir);
    into.cpu = {
      ...into.cpu,
      weight: Number(io.read(dir, V2.cpuWeight)),
      max: cfsToCores(cfs),
      period: cfs.period,
    };
  },
};
