import type { ContainerName, ContainerSpec, CpuLatency } from '@lmctfy/core';
import type { HostProblem } from './host-problem';
import type { CgroupFs } from './cgroup-fs';
import type { Controller, FreezerOps } from './controller';
import { detectCgroupMode, readV1Mounts } from './detect-cgroup-mode';
import type { CgroupMode, CgroupOptions } from './detect-cgroup-mode';
import { V1Driver } from './v1-driver';
import { V2Driver } from './v2-driver';

/**
 * What differs between cgroup v1 and v2, so nothing else asks "v1 or v2?" (cgroups
 * `manager/new.go`): where a container's directories are, how they are made, how the
 * tasks are tracked, frozen and killed.
 */
export interface CgroupDriver {
  readonly mode: CgroupMode;
  readonly mountPoint: string;
  /** In application order. */
  readonly controllers: readonly Controller[];
  readonly freezer: FreezerOps;
  /** Names of the controllers this host offers. */
  readonly available: ReadonlySet<string>;
  /** The directory of `name` that serves `c`; undefined when the host lacks the controller. */
  dirFor(name: ContainerName, c: Controller): string | undefined;
  /** The directory holding every task of `name`: freezer on v1, the only one on v2. */
  trackingDir(name: ContainerName): string;
  /** The container's distinct directories that exist, in controller order. */
  dirs(name: ContainerName): string[];
  /** Basenames of the child containers of `name` (the root's include best-effort ones), sorted. */
  childNames(name: ContainerName): string[];
  /** The latency class the cgroup placement shows: 'best-effort' or undefined (see latency-placement.ts). */
  latencyOf(name: ContainerName): CpuLatency | undefined;
  /**
   * Makes what `spec` isolates, pushing each directory made onto `made`, ancestors first.
   * A section whose controller the host lacks is refused (UNIMPLEMENTED, naming it).
   */
  make(name: ContainerName, spec: ContainerSpec, made: string[]): void;
  /**
   * Why no process can join `name` (v2's no-internal-processes rule: it has child containers
   * with controllers enabled, or sits below a container with processes that has), else undefined.
   */
  joinProblem(name: ContainerName): string | undefined;
  /** SIGKILLs everything in `dir` and below; true if the kernel did it (v2 cgroup.kill). */
  killByKernel(dir: string): boolean;
  /** Whether any task is left in `dir` or below. */
  populated(dir: string): boolean;
  /** Why this host cannot be used, or [] when it can (for probe()). */
  problems(): HostProblem[];
}

export function createCgroupDriver(io: CgroupFs, options: CgroupOptions): CgroupDriver {
  const mode = detectCgroupMode(options);
  return mode === 'v2' ? new V2Driver(io, options) : new V1Driver(io, options, readV1Mounts(options), mode);
}
