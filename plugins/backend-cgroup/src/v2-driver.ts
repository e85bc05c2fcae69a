import * as path from 'node:path';
import { unimplemented } from '@lmctfy/core';
import type { ContainerName, ContainerSpec } from '@lmctfy/core';
import type { CgroupDriver } from './cgroup-driver';
import { noWriteAccess, type HostProblem } from './host-problem';
import type { CgroupFs } from './cgroup-fs';
import { makeChain } from './cgroup-tree';
import type { FreezerOps } from './controller';
import type { CgroupOptions } from './detect-cgroup-mode';
import { V2 } from './kernel-files';
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

  dirFor(name: ContainerName): string {
    return path.join(this.top, name.relativePath);
  }

  trackingDir(name: ContainerName): string {
    return this.dirFor(name);
  }

  dirs(name: ContainerName): string[] {
    const dir = this.dirFor(name);
    return this.io.exists(dir) ? [dir] : [];
  }

  make(name: ContainerName, spec: ContainerSpec, made: string[]): void {
    const wanted = this.controllers.filter((c) => c.isSet(spec) && !c.builtin).map((c) => c.name);
    const missing = wanted.filter((n) => !this.available.has(n));
    if (missing.length > 0) {
      throw unimplemented(`${missing.join(', ')} controller not available in ${this.mountPoint}/${V2.controllers}`);
    }
    // A child sees a controller's files only if every ancestor enables it in subtree_control.
    const ancestors = [...this.options.cgroupRoot.split('/'), ...name.parent.components];
    this.enable(this.mountPoint, wanted);
    let dir = this.mountPoint;
    for (const component of ancestors) {
      dir = path.join(dir, component);
      if (this.io.mkdir(dir)) made.push(dir);
      this.enable(dir, wanted);
    }
    makeChain(this.io, dir, [name.basename], made, () => undefined);
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
