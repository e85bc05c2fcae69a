import type { Controller, FreezerOps } from '../controller';
import { cpu } from './cpu';
import { cpuset } from './cpuset';
import { freezer } from './freezer';
import { memory } from './memory';
import { pids } from './pids';

/**
 * Application order, cpuset first as on v1. There is no cpuacct on v2: cpu.ts reads usage
 * from cpu.stat. test/controllers.test.ts checks this list against the files in this directory.
 */
export const V2_CONTROLLERS: readonly Controller[] = [cpuset, cpu, memory, pids, freezer];

export const V2_FREEZER: FreezerOps = freezer;
