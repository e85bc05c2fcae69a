import * as path from 'node:path';
import { ContainerName, failedPrecondition, unimplemented } from '@lmctfy/core';
import type { ContainerSpec, CpuLatency } from '@lmctfy/core';
import type { CgroupDriver } from './cgroup-driver';
import { noWriteAccess, type HostProblem } from './host-problem';
import type { CgroupFs } from './cgroup-fs';
import { makeChain } from './cgroup-tree';
import type { FreezerOps } from './controller';
import type { CgroupOptions } from './detect-cgroup-mode';
import { V2 } from './kernel-files';
import { cgroupLabel, holdsProcesses, holdsTasks, internalProcessesAbove, isolatingChildren, subtreeControllers } from './no-internal-processes';
import { BATCH, BATCH_WEIGHT, checkNotReserved, createsUnderBatch, isUnderBatch, latencyOf, placedComponents } from './latency-placement';
import { V2_CONTROLLERS, V2_FREEZER } from './v2/controllers';

/** One directory per container; controllers are enabled from the parent's subtree_control. */
export class V2Driver implements CgroupDriver {
  readonly mode = 'v2';
  readonly controllers = V2_CONTROLLERS;
  readonly freezer: FreezerOps = V2_FREEZER;
  readonly available: ReadonlySet<string>;
  readonly mountPoint: string;
  private readonly top: string;

  constructor(
    private readonly io: CgroupFs,
    private readonly options: CgroupOptions,
  ) {
    this.mountPoint = options.mountPoint;
    this.top = path.join(options.mountPoint, options.cgroupRoot);
    const offered = (io.readOptional(this.mountPoint, V2.controllers) ?? '').split(/\s+/);
    this.available = new Set(V2_CONTROLLERS.filter((c) => c.builtin || offered.includes(c.name)).map((c) => c.name));
  }

  /** A best-effort container's whole directory sits under batch/ (one hierarchy). */
  dirFor(name: ContainerName): string {
    checkNotReserved(name);
    return path.join(this.top, ...placedComponents(name, isUnderBatch(this.io, this.top, name)));
  }

  trackingDir(name: ContainerName): string {
    return this.dirFor(name);
  }

  dirs(name: ContainerName): string[] {
    const dir = this.dirFor(name);
    return this.io.exists(dir) ? [dir] : [];
  }

  childNames(name: ContainerName): string[] {
    if (!name.isRoot) return this.io.listChildren(this.dirFor(name));
    const batch = path.join(this.top, BATCH);
    const bestEffort = this.io.exists(batch) ? this.io.listChildren(batch) : [];
    return [...this.io.listChildren(this.top).filter((c) => c !== BATCH), ...bestEffort].sort();
  }

  latencyOf(name: ContainerName): CpuLatency | undefined {
    return latencyOf(this.io, this.top, name);
  }

  /**
   * Enables what `spec` isolates in every ancestor's subtree_control, then makes the
   * directory. Refuses first, touching nothing, when an ancestor that would have to enable
   * controllers holds processes (see no-internal-processes.ts).
   */
  make(name: ContainerName, spec: ContainerSpec, made: string[]): void {
    checkNotReserved(name);
    const wanted = this.controllers.filter((c) => c.isSet(spec) && !c.builtin).map((c) => c.name);
    const missing = wanted.filter((n) => !this.available.has(n));
    if (missing.length > 0) {
      throw unimplemented(`${missing.join(', ')} controller not available in ${this.mountPoint}/${V2.controllers}`);
    }
    const batch = createsUnderBatch(this.io, this.top, name, spec);
    // A child sees a controller's files only if every ancestor enables it in subtree_control.
    const ancestors: string[] = [];
    for (const component of [...this.options.cgroupRoot.split('/'), ...placedComponents(name.parent, batch)]) {
      ancestors.push(path.join(ancestors.at(-1) ?? this.mountPoint, component));
    }
    this.checkNoInternalProcesses(name, ancestors, wanted);
    this.enable(this.mountPoint, wanted);
    for (const dir of ancestors) {
      if (this.io.mkdir(dir)) made.push(dir);
      this.enable(dir, wanted);
    }
    makeChain(this.io, ancestors.at(-1) ?? this.mountPoint, [name.basename], made, () => undefined);
    // The batch cgroup gets the minimal weight, so best-effort work only soaks up idle CPU.
    if (batch && name.parent.isRoot) this.io.write(path.join(this.top, BATCH), V2.cpuWeight, BATCH_WEIGHT);
  }

  /**
   * FAILED_PRECONDITION when an existing ancestor (the root cgroup is exempt) holds processes
   * and would have controllers enabled for its children: the kernel refuses that (EBUSY), or
   * for cpu and pids accepts it and leaves the new child unable to take any process.
   */
  private checkNoInternalProcesses(name: ContainerName, ancestors: readonly string[], wanted: readonly string[]): void {
    for (const dir of ancestors) {
      if (!this.io.exists(dir)) return; // what we are about to make holds nothing
      const enabled = [...new Set([...subtreeControllers(this.io, dir), ...wanted])];
      if (enabled.length > 0 && holdsTasks(this.io, dir)) {
        throw failedPrecondition(`cannot create ${name}: ${holdsProcesses(this.labelOf(dir), this.inControllerOrder(enabled))}`);
      }
    }
  }

  /** Why no process can join `name` under the no-internal-processes rule, or undefined. */
  joinProblem(name: ContainerName): string | undefined {
    const dir = this.dirFor(name);
    if (!this.io.exists(dir)) return undefined;
    const enabled = subtreeControllers(this.io, dir);
    if (enabled.length > 0) return isolatingChildren(name.toString(), this.inControllerOrder(enabled));
    // A cgroup below a thread root is "domain invalid"; the kernel says so in cgroup.type.
    const type = this.io.readOptional(dir, V2.type);
    if (type !== undefined && type !== 'domain invalid') return undefined;
    const above = internalProcessesAbove(this.io, dir);
    return above && holdsProcesses(this.labelOf(above.dir), this.inControllerOrder(above.controllers));
  }

  /** "/a/b" for a container's directory, "cgroup /lmctfy" for the directories above them. */
  private labelOf(dir: string): string {
    const rel = path.relative(this.top, dir);
    const components = rel === '' || rel.startsWith('..') ? [] : rel.split(path.sep);
    if (components[0] === BATCH) components.shift();
    if (components.length === 0) return cgroupLabel(this.io, dir);
    try {
      return ContainerName.fromComponents(components).toString();
    } catch {
      return cgroupLabel(this.io, dir);
    }
  }

  /** Controller names in application order (others, such as rdma, after them). */
  private inControllerOrder(names: readonly string[]): string[] {
    const rank = (n: string): number => {
      const i = this.controllers.findIndex((c) => c.name === n);
      return i < 0 ? this.controllers.length : i;
    };
    return [...names].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  }

  private enable(dir: string, names: string[]): void {
    const on = this.io.read(dir, V2.subtreeControl).split(/\s+/);
    const add = names.filter((n) => !on.includes(n));
    if (add.length > 0) this.io.write(dir, V2.subtreeControl, add.map((n) => `+${n}`).join(' '));
  }

  killByKernel(dir: string): boolean {
    // cgroup.kill appeared in Linux 5.14.
    if (!this.io.exists(dir, V2.kill)) return false;
    this.io.write(dir, V2.kill, 1);
    return true;
  }

  populated(dir: string): boolean {
    return this.io.readKeyValues(dir, V2.events).populated === 1;
  }

  problems(): HostProblem[] {
    const probe = this.io.exists(this.top) ? this.top : this.mountPoint;
    return this.io.writable(probe) ? [] : [noWriteAccess(probe)];
  }
}
