import type { ContainerSpec, ContainerStats } from '@lmctfy/core';
import type { CgroupFs } from '../cgroup-fs';
import type { Controller } from '../controller';
import { parseKernelLimit, v2Limit } from '../conversions';
import { V1 } from '../kernel-files';

export const pids: Controller = {
  name: 'pids',
  section: 'pids',
  isSet: (spec) => spec.pids !== undefined,

  apply(io: CgroupFs, dir: string, spec: ContainerSpec): void {
    // pids.max takes "max" on v1 as well, not -1.
    if (spec.pids?.max !== undefined) io.write(dir, V1.pidsMax, v2Limit(spec.pids.max));
  },

  stats(io: CgroupFs, dir: string, into: ContainerStats): void {
    into.pids = {
      current: Number(io.read(dir, V1.pidsCurrent)),
      limit: parseKernelLimit(io.read(dir, V1.pidsMax)),
    };
  },

  readSpec(io: CgroupFs, dir: string, into: ContainerSpec): void {
    into.pids = { max: parseKernelLimit(io.read(dir, V1.pidsMax)) };
  },
};
