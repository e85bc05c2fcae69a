import type { Controller, FreezerOps } from '../controller';
import { blkio } from './blkio';
import { cpu } from './cpu';
import { cpuacct } from './cpuacct';
import { cpuset } from './cpuset';
import { devices } from './devices';
import { freezer } from './freezer';
import { hugetlb } from './hugetlb';
import { memory } from './memory';
import { pids } from './pids';

/**
 * Application order (cgroups `fs/fs.go`): cpuset first, because a task cannot join a v1
 * cpuset until cpus/mems are set; memory orders memsw vs limit itself (see memory.ts).
 * test/controllers.test.ts checks this list against the files in this directory.
 */
export const V1_CONTROLLERS: readonly Controller[] = [cpuset, cpu, cpuacct, memory, blkio, pids, hugetlb, devices, freezer];

export const V1_FREEZER: FreezerOps = freezer;
