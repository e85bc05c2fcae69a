import type { ContainerSpec, ContainerStats, CpuStats, ResourceSection } from '@lmctfy/core';
import type { CgroupFs } from './cgroup-fs';

/**
 * One cgroup controller as one driver sees it (cgroups `fs/fs.go: subsystem`). v1 and v2
 * have sibling implementations with the same file names; a driver loops over an ordered list.
 * `stats` and `readSpec` are called for every directory the container has, and on v2 a
 * controller whose interface files are missing (not enabled there) contributes nothing.
 */
export interface Controller {
  /** Kernel controller name: the v1 hierarchy, or the v2 cgroup.subtree_control token. */
  readonly name: string;
  /** The spec section it serves; null for bookkeeping (freezer, cpuacct). */
  readonly section: ResourceSection | null;
  /** True for v2 core files (cgroup.freeze) that need no controller enabled. */
  readonly builtin?: boolean;
  /** Whether a container with this spec isolates this controller (gets its cgroup). */
  isSet(spec: ContainerSpec): boolean;
  /** Prepares a directory this backend just made, before any task joins it. */
  init?(io: CgroupFs, dir: string): void;
  /** Writes the fields of `spec` that are defined; undefined fields are left as they are. */
  apply(io: CgroupFs, dir: string, spec: ContainerSpec): void;
  stats(io: CgroupFs, dir: string, into: ContainerStats): void;
  readSpec(io: CgroupFs, dir: string, into: ContainerSpec): void;
}

/** Freezing, which v1 does with the freezer controller and v2 with cgroup.freeze. */
export interface FreezerOps {
  requestFreeze(io: CgroupFs, dir: string, frozen: boolean): void;
  /** Whether the whole subtree reached the requested state. */
  isFrozen(io: CgroupFs, dir: string): boolean;
}

/** The cpu section of stats, created with zeros so cpu usage and throttling can come from different files. */
export function cpuStatsOf(into: ContainerStats): CpuStats {
  into.cpu ??= {
    usage: { total: 0, user: 0, system: 0 },
    throttling: { periods: 0, throttledPeriods: 0, throttledTime: 0 },
  };
  return into.cpu;
}

export const hasCpuLimits = (spec: ContainerSpec): boolean => spec.cpu !== undefined;

export const hasCpuset = (spec: ContainerSpec): boolean =>
  spec.cpu?.cpus !== undefined || spec.cpu?.mems !== undefined;
