import type { ContainerSpec } from '@lmctfy/core';
import type { CgroupFs } from '../cgroup-fs';
import { hasCpuset } from '../controller';
import type { Controller } from '../controller';
import { V2 } from '../kernel-files';

/** An empty v2 cpuset.cpus means "the parent's", so new cgroups need no initialisation. */
export const cpuset: Controller = {
  name: 'cpuset',
  section: 'cpu',
  isSet: hasCpuset,

  apply(io: CgroupFs, dir: string, spec: ContainerSpec): void {
    if (spec.cpu?.mems !== undefined) io.write(dir, V2.cpusetMems, spec.cpu.mems);
    if (spec.cpu?.cpus !== undefined) io.write(dir, V2.cpusetCpus, spec.cpu.cpus);
  },

  stats: () => undefined,

  readSpec(io: CgroupFs, dir: string, into: ContainerSpec): void {
    const cpus = io.readOptional(dir, V2.cpusetCpus);
    const mems = io.readOptional(dir, V2.cpusetMems);
    if (cpus) into.cpu = { ...into.cpu, cpus };
    if (mems) into.cpu = { ...into.cpu, mems };
  },
};
