import * as path from 'node:path';
import type { ContainerSpec } from '@lmctfy/core';
import type { CgroupFs } from '../cgroup-fs';
import { hasCpuset } from '../controller';
import type { Controller } from '../controller';
import { V1 } from '../kernel-files';

export const cpuset: Controller = {
  name: 'cpuset',
  section: 'cpu',
  isSet: hasCpuset,

  // A new v1 cpuset starts with empty cpus and mems and refuses tasks (ENOSPC) until both
  // are set, so copy the parent's, as cgroup.clone_children would.
  init(io: CgroupFs, dir: string): void {
    const parent = path.dirname(dir);
    for (const file of [V1.cpusetMems, V1.cpusetCpus]) {
      if (io.read(dir, file) === '') io.write(dir, file, io.read(parent, file));
    }
  },

  apply(io: CgroupFs, dir: string, spec: ContainerSpec): void {
    // mems first: the kernel checks cpus against an existing, non-empty memory node set.
    if (spec.cpu?.mems !== undefined) io.write(dir, V1.cpusetMems, spec.cpu.mems);
    if (spec.cpu?.cpus !== undefined) io.write(dir, V1.cpusetCpus, spec.cpu.cpus);
  },

  stats: () => undefined,

  readSpec(io: CgroupFs, dir: string, into: ContainerSpec): void {
    into.cpu = { ...into.cpu, cpus: io.read(dir, V1.cpusetCpus), mems: io.read(dir, V1.cpusetMems) };
  },
};
