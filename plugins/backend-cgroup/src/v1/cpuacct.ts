import type { ContainerStats } from '@lmctfy/core';
import type { CgroupFs } from '../cgroup-fs';
import { cpuStatsOf } from '../controller';
import type { Controller } from '../controller';
import { NS_PER_USER_HZ_TICK, V1 } from '../kernel-files';

/** Every v1 container gets a cpuacct cgroup so that cpu usage is always reported. */
export const cpuacct: Controller = {
  name: 'cpuacct',
  section: null,
  isSet: () => true,
  apply: () => undefined,

  stats(io: CgroupFs, dir: string, into: ContainerStats): void {
    const ticks = io.readKeyValues(dir, V1.cpuacctStat);
    cpuStatsOf(into).usage = {
      total: Number(io.read(dir, V1.cpuacctUsage)),
      user: (ticks.user ?? 0) * NS_PER_USER_HZ_TICK,
      system: (ticks.system ?? 0) * NS_PER_USER_HZ_TICK,
    };
  },

  readSpec: () => undefined,
};
