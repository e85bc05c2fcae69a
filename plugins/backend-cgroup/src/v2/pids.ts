import type { ContainerSpec, ContainerStats } from '@lmctfy/core';
import type { CgroupFs } from '../cgroup-fs';
import type { Controller } from '../controller';
import { parseKernelLimit, v2Limit } from '../conversions';
import { V2 } from '../kernel-files';

export const pids: Controller = {
  name: 'pids',
  section: 'pids',
  isSet: (spec) => spec.pids !== undefined,

  apply(io: CgroupFs, dir: string, spec: ContainerSpec): void {
    if (spec.pids?.max !== undefined) io.write(dir, V2.pidsMax, v2Limit(spec.pids.max));
  },

  stats(io: CgroupFs, dir: string, into: ContainerStats): void {
    if (!io.exists(dir, V2.pidsMax)) return;
    into.pids = {
      current: Number(io.read(dir, V2.pidsCurrent)),
      limit: parseKernelLimit(io.read(dir, V2.pidsMax)),
    };
  },

  readSpec(io: CgroupFs, dir: string, into: ContainerSpec): void {
    if (io.exists(dir, V2.pidsMax)) into.pids = { max: parseKernelLimit(io.read(dir, V2.pidsMax)) };
  },
};
