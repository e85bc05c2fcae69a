import * as path from 'node:path';
import { ErrorCode, unavailable, unimplemented } from '@lmctfy/core';
import type { ContainerName, ContainerSpec } from '@lmctfy/core';
import type { CgroupDriver } from './cgroup-driver';
import { noWriteAccess, type HostProblem } from './host-problem';
import type { CgroupFs } from './cgroup-fs';
import { makeChain, procsIn } from './cgroup-tree';
import type { Controller, FreezerOps } from './controller';
import type { CgroupOptions } from './detect-cgroup-mode';
import { V1_CONTROLLERS, V1_FREEZER } from './v1/controllers';

/** Controllers every v1 container gets whatever its spec: task tracking and cpu usage. */
const ALWAYS = ['freezer', 'cpuacct'];

/** One hierarchy per controller (or per co-mounted group such as "cpu,cpuacct"). */
export class V1Driver implements CgroupDriver {
  readonly controllers = V1_CONTROLLERS;
  readonly freezer: FreezerOps = V1_FREEZER;
  readonly available: ReadonlySet<string>;
  readonly mountPoint: string;

  constructor(
    private readonly io: CgroupFs,
    private readonly options: CgroupOptions,
    private readonly mounts: ReadonlyMap<string, string>,
    readonly mode: 'v1' | 'hybrid',
  ) {
    this.mountPoint = options.mountPoint;
    this.available = new Set(V1_CONTROLLERS.map((c) => c.name).filter((n) => mounts.has(n)));
  }

  private top(controller: string): string | undefined {
    const mount = this.mounts.get(controller);
    return mount === undefined ? undefined : path.join(mount, this.options.cgroupRoot);
  }

  dirFor(name: ContainerName, c: Controller): string | undefined {
    const top = this.top(c.name);
    return top === undefined ? undefined : path.join(top, name.relativePath);
  }

  trackingDir(name: ContainerName): string {
    const top = this.top('freezer');
    if (top === undefined) throw unavailable('freezer controller not mounted', { hint: 'mount -t cgroup -o freezer cgroup /sys/fs/cgroup/freezer' });
    return path.join(top, name.relativePath);
  }

  dirs(name: ContainerName): string[] {
    const out = new Set<string>();
    for (const c of this.controllers) {
      const dir = this.dirFor(name, c);
      if (dir !== undefined && this.io.exists(dir)) out.add(dir);
    }
    return [...out];
  }

  make(name: ContainerName, spec: ContainerSpec, made: string[]): void {
    const wanted = this.controllers.filter((c) => c.isSet(spec));
    for (const c of wanted) {
      if (this.available.has(c.name)) continue;
      const msg = `${c.name} controller not mounted on this host`;
      throw c.section === null ? unavailable(msg) : unimplemented(`${msg} (needed by the ${c.section} section)`);
    }
    // Tracking first, so a concurrent create of the same name fails before touching the rest.
    const ordered = [...wanted.filter((c) => c.name === 'freezer'), ...wanted.filter((c) => c.name !== 'freezer')];
    const components = [...this.options.cgroupRoot.split('/'), ...name.components];
    for (const c of ordered) {
      const mount = this.mounts.get(c.name) as string;
      // Co-mounted controllers share the hierarchy: initialise for each of them.
      const sharing = this.controllers.filter((o) => this.mounts.get(o.name) === mount);
      makeChain(this.io, mount, components, made, (dir) => {
        for (const o of sharing) o.init?.(this.io, dir);
      });
    }
  }

  killByKernel(): boolean {
    return false;
  }

  populated(dir: string): boolean {
    return procsIn(this.io, [dir], true).length > 0;
  }

  problems(): HostProblem[] {
    const out: HostProblem[] = [];
    for (const c of ALWAYS) {
      if (!this.available.has(c)) {
        out.push({ message: `${c} controller not mounted (every container needs it)`, code: ErrorCode.Unavailable });
      }
    }
    const freezerMount = this.mounts.get('freezer');
    if (freezerMount !== undefined) {
      const top = path.join(freezerMount, this.options.cgroupRoot);
      const probe = this.io.exists(top) ? top : freezerMount;
      if (!this.io.writable(probe)) out.push(noWriteAccess(probe));
    }
    return out;
  }
}
