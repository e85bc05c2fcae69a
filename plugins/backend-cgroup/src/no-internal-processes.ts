/**
 * cgroup v2's no-internal-processes rule (Documentation/admin-guide/cgroup-v2.rst): a
 * non-root cgroup that enables controllers for its children in cgroup.subtree_control
 * cannot hold processes itself. lmctfy (v1-era) let a container with child containers run
 * processes; on v2 the backend refuses what the kernel would refuse, or would accept only
 * by breaking the children: enabling cpu or pids (threaded controllers) in a cgroup with
 * processes makes it a thread root, and every child a "domain invalid" cgroup that no
 * process can join (EOPNOTSUPP). The backend checks before it touches anything, and
 * write-errors.ts explains the kernel's EBUSY/EOPNOTSUPP with the same words when a
 * concurrent change gets there first.
 */
import * as path from 'node:path';
import type { CgroupFs } from './cgroup-fs';
import { CGROUP_PROCS, V2 } from './kernel-files';

export const NO_INTERNAL_PROCESSES = "cgroup v2's no-internal-processes rule";

/** `who` holds processes, so its children cannot get `controllers` enabled. */
export const holdsProcesses = (who: string, controllers: readonly string[]): string =>
  `${NO_INTERNAL_PROCESSES}: ${who} holds processes, so its children cannot isolate ${controllers.join(', ')}; put those processes in a child container`;

/** `who` enables `controllers` for its children, so it cannot take processes. */
export const isolatingChildren = (who: string, controllers: readonly string[]): string =>
  `${NO_INTERNAL_PROCESSES}: ${who} has child containers that isolate ${controllers.join(', ')}, so it cannot hold processes; run them in a child container`;

/** The controllers `dir` enables for its children (cgroup.subtree_control), [] when none or no such file. */
export function subtreeControllers(io: CgroupFs, dir: string): string[] {
  return (io.readOptional(dir, V2.subtreeControl) ?? '').split(/\s+/).filter(Boolean);
}

/** Whether `dir` itself (not its children) has a process. */
export function holdsTasks(io: CgroupFs, dir: string): boolean {
  return (io.readOptional(dir, CGROUP_PROCS) ?? '') !== '';
}

/** "cgroup /a/b" for a directory below the mount point, for messages without a container name. */
export const cgroupLabel = (io: CgroupFs, dir: string): string => `cgroup /${path.relative(io.root, dir)}`;

/**
 * The nearest proper ancestor of `dir` (below the root cgroup, which the rule exempts) that
 * holds processes while enabling controllers for its children: the reason `dir` cannot take
 * processes ("domain invalid") or enable controllers. Undefined when there is none.
 */
export function internalProcessesAbove(io: CgroupFs, dir: string): { dir: string; controllers: string[] } | undefined {
  const root = path.resolve(io.root);
  for (let d = path.dirname(path.resolve(dir)); d.startsWith(`${root}/`); d = path.dirname(d)) {
    const controllers = subtreeControllers(io, d);
    if (controllers.length > 0 && holdsTasks(io, d)) return { dir: d, controllers };
  }
  return undefined;
}
