import * as path from 'node:path';
import { ErrorCode, unavailable, unimplemented } from '@lmctfy/core';
import type { ContainerName, ContainerSpec, CpuLatency } from '@lmctfy/core';
import type { CgroupDriver } from './cgroup-driver';
import { noWriteAccess, type HostProblem } from './host-problem';
import type { CgroupFs } from './cgroup-fs';
import { makeChain, procsIn } from './cgroup-tree';
import type { Controller, FreezerOps } from './controller';
import type { CgroupOptions } from './detect-cgroup-mode';
import { V1 } from './kernel-files';
import { BATCH, BATCHED_V1_CONTROLLERS, BATCH_SHARES, checkNotReserved, createsUnderBatch, isUnderBatch, latencyOf, placedComponents } from './latency-placement';
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
    checkNotReserved(name);
    const top = this.top(c.name);
    if (top === undefined) return undefined;
    const batched = BATCHED_V1_CONTROLLERS.has(c.name) && isUnderBatch(this.io, top, name);
    return path.join(top, ...placedComponents(name, batched));
  }

  trackingDir(name: ContainerName): string {
    checkNotReserved(name);
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

  childNames(name: ContainerName): string[] {
    return this.io.listChildren(this.trackingDir(name));
  }

  latencyOf(name: ContainerName): CpuLatency | undefined {
    const top = this.top('cpuacct');
    return top === undefined ? undefined : latencyOf(this.io, top, name);
  }

  make(name: ContainerName, spec: ContainerSpec, made: string[]): void {
    checkNotReserved(name);
    const wanted = this.controllers.filter((c) => c.isSet(spec));
    for (const c of wanted) {
      if (this.available.has(c.name)) continue;
      const msg = `${c.name} controller not mounted as a cgroup v1 hierarchy on this ${this.mode} host`;
      // On a hybrid host a controller bound to the unused cgroup2 (e.g. hugetlb) is out of reach.
      const hint = this.mode === 'hybrid' ? `it may be bound to the cgroup2 at ${this.mountPoint}/unified, which lmctfy does not use on hybrid hosts` : undefined;
      throw c.section === null ? unavailable(msg, { hint }) : unimplemented(`${msg} (needed by the ${c.section} section)`, { hint });
    }
    // Tracking first, so a concurrent create of the same name fails before touching the rest.
    const ordered = [...wanted.filter((c) => c.name === 'freezer'), ...wanted.filter((c) => c.name !== 'freezer')];
    const root = this.options.cgroupRoot.split('/');
    const batch = createsUnderBatch(this.io, this.top('cpuacct') as string, name, spec);
    for (const c of ordered) {
      const mount = this.mounts.get(c.name) as string;
      // Co-mounted controllers share the hierarchy: initialise for each of them.
      const sharing = this.controllers.filter((o) => this.mounts.get(o.name) === mount);
      const components = placedComponents(name, batch && BATCHED_V1_CONTROLLERS.has(c.name));
      makeChain(this.io, mount, [...root, ...components], made, (dir) => {
        for (const o of sharing) o.init?.(this.io, dir);
      });
    }
    // The batch cgroup gets the minimal weight, so best-effort work only soaks up idle CPU.
    const cpuTop = this.top('cpu');
    if (batch && cpuTop !== undefined && this.io.exists(path.join(cpuTop, BATCH))) this.io.write(path.join(cpuTop, BATCH), V1.cpuShares, BATCH_SHARES);
  }

  /** v1 has no no-internal-processes rule: any container can hold processes. */
  joinProblem(): string | undefined {
    return undefined;
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
