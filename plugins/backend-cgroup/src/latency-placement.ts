/**
 * lmctfy's CPU latency classes on a vanilla kernel (lmctfy had a patched cpu.lat file):
 * 'priority' and 'normal' containers are siblings under the lmctfy root with the default
 * weight, and a top-level 'best-effort' container is placed under `<cgroupRoot>/batch/<name>`
 * in the cpu hierarchy (cpu and cpuacct on v1; its whole directory on v2), where `batch` has
 * the minimal weight (v1 cpu.shares 2, v2 cpu.weight 1). So "batch" is a reserved
 * top-level name. Children always sit under their parent.
 *
 * The kernel is the truth: a container is best-effort iff `<base>/batch/<top-level name>`
 * exists, so nothing else is stored. 'priority' and 'normal' cannot be told apart from
 * the kernel, so only 'best-effort' is read back.
 */
import * as path from 'node:path';
import { failedPrecondition, invalidArgument } from '@lmctfy/core';
import type { ContainerName, ContainerSpec, CpuLatency } from '@lmctfy/core';
import type { CgroupFs } from './cgroup-fs';

export const BATCH = 'batch';
export const BATCH_SHARES = 2;
export const BATCH_WEIGHT = 1;

/** v1 hierarchies that follow the cpu placement (the others stay 1:1 with the name). */
export const BATCHED_V1_CONTROLLERS: ReadonlySet<string> = new Set(['cpu', 'cpuacct']);

/** Refuses the reserved name (INVALID_ARGUMENT), for every operation. */
export function checkNotReserved(name: ContainerName): void {
  if (name.components.length === 1 && name.components[0] === BATCH) {
    throw invalidArgument(`/${BATCH} is a reserved name: it holds lmctfy's best-effort containers`);
  }
}

/** Whether the top-level ancestor of `name` lives under `<base>/batch`. */
export function isUnderBatch(io: CgroupFs, base: string, name: ContainerName): boolean {
  return !name.isRoot && io.exists(path.join(base, BATCH, name.components[0]));
}

/** Where a new container goes: its own class when top-level, else its parent's placement. */
export function createsUnderBatch(io: CgroupFs, base: string, name: ContainerName, spec: ContainerSpec): boolean {
  return name.parent.isRoot ? spec.cpu?.latency === 'best-effort' : isUnderBatch(io, base, name);
}

/** The path components of `name` below `base`. */
export const placedComponents = (name: ContainerName, underBatch: boolean): string[] =>
  underBatch ? [BATCH, ...name.components] : [...name.components];

/** The class the kernel shows for `name`: 'best-effort' or unknown. */
export function latencyOf(io: CgroupFs, base: string, name: ContainerName): CpuLatency | undefined {
  return name.components.length === 1 && isUnderBatch(io, base, name) ? 'best-effort' : undefined;
}

/** cpu.latency is set by top-level containers, at create, and never changes (as in lmctfy). */
export function checkLatency(name: ContainerName, spec: ContainerSpec, placedBestEffort: boolean): void {
  const wanted = spec.cpu?.latency;
  if (wanted === undefined) return;
  if (!name.parent.isRoot) {
    throw invalidArgument(`cpu.latency: only top-level containers have a latency class; ${name} shares ${name.parent}'s`);
  }
  if ((wanted === 'best-effort') !== placedBestEffort) {
    throw failedPrecondition(`cpu.latency: container ${name} is ${placedBestEffort ? '' : 'not '}best-effort; the latency class is fixed at create`);
  }
}
