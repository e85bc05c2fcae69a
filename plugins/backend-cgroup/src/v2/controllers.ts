import type { Controller, FreezerOps } from '../controller';
import { cpu } from './cpu';
import { cpuset } from './cpuset';
import { devices } from './devices';
import { freezer } from './freezer';
import { hugetlb } from './hugetlb';
import { ioController } from './io';
import { memory } from './memory';
import { pids } from './pids';

/**
 * Application order, cpuset first as on v1. There is no cpuacct on v2: cpu.ts reads usage
 * from cpu.stat; v1's blkio is v2's io; devices and freezer are builtin (a BPF program and
 * cgroup.freeze, no controller to enable). test/controllers.test.ts checks this list
 * against the files in this directory.
 */
export const V2_CONTROLLERS: readonly Controller[] = [cpuset, cpu, memory, ioController, pids, hugetlb, devices, freezer];

export const V2_FREEZER: FreezerOps = freezer;
