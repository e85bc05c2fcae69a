import * as path from 'node:path';
import { LmctfyConfig, RESOURCE_SECTIONS, alreadyExists, failedPrecondition, inject, injectable, invalidArgument, notFound, optional } from '@lmctfy/core';
import type { ContainerName, ContainerSpec, ContainerStats, DestroyOptions, ResourceSection } from '@lmctfy/core';
import { createCgroupDriver } from './cgroup-driver';
import type { CgroupDriver } from './cgroup-driver';
import { CgroupFs } from './cgroup-fs';
import { destroyCgroups } from './cgroup-teardown';
import { readCgroupOptions } from './detect-cgroup-mode';
import type { CgroupOptions } from './detect-cgroup-mode';
import { CGROUP_PROCS } from './kernel-files';
import { checkLatency } from './latency-placement';

/** Spec sections this backend applies, where the host has their controllers. */

/** The sections this host can apply: those served by a controller it offers (for probe()). */
export function availableSections(driver: CgroupDriver): ResourceSection[] {
  return RESOURCE_SECTIONS.filter((s) => driver.controllers.some((c) => c.section === s && driver.available.has(c.name)));
}

/**
 * The cgroups of containers: make them for a spec, apply it, say which cgroup.procs files a
 * process must join, read stats and limits back, and remove them. Other backends compose
 * this service (a namespace backend makes the cgroups here and joins them from its own
 * launcher) instead of subclassing CgroupBackend. The host is inspected on first use, so
 * constructing this never fails on a host without cgroups.
 */
@injectable()
export class CgroupResources {
  private cachedOptions?: CgroupOptions;
  private cachedDriver?: CgroupDriver;
  private cachedIo?: CgroupFs;

  /** `io` replaces the kernel seam (unit tests pass a fake cgroupfs in a temp dir). */
  constructor(
    @inject(LmctfyConfig) private readonly config: LmctfyConfig,
    @inject(CgroupFs) @optional() io?: CgroupFs,
  ) {
    this.cachedIo = io;
  }

  get options(): CgroupOptions {
    this.cachedOptions ??= readCgroupOptions(this.config);
    return this.cachedOptions;
  }

  get io(): CgroupFs {
    this.cachedIo ??= new CgroupFs(this.options.mountPoint);
    return this.cachedIo;
  }

  get driver(): CgroupDriver {
    this.cachedDriver ??= createCgroupDriver(this.io, this.options);
    return this.cachedDriver;
  }

  exists(name: ContainerName): boolean {
    return this.io.exists(this.driver.trackingDir(name));
  }

  /** Throws NOT_FOUND unless the container exists. */
  require(name: ContainerName): void {
    if (name.isRoot) throw invalidArgument('the root container has no cgroups of its own');
    if (!this.exists(name)) throw notFound(`container ${name} does not exist`);
  }

  /** Makes the cgroups `spec` isolates and applies it; on any failure removes what it made. */
  create(name: ContainerName, spec: ContainerSpec): void {
    if (name.isRoot) throw invalidArgument('the root container cannot be created');
    if (!name.parent.isRoot && !this.exists(name.parent)) {
      throw notFound(`parent container ${name.parent} does not exist`);
    }
    if (this.exists(name)) throw alreadyExists(`container ${name} already exists`);
    const made: string[] = [];
    try {
      this.driver.make(name, spec, made);
      this.apply(name, spec);
    } catch (e) {
      for (const dir of made.reverse()) {
        try {
          this.io.rmdir(dir);
        } catch {
          // Best effort: a concurrent create may be using an ancestor we made.
        }
      }
      throw e;
    }
  }

  /** Writes the defined fields of `spec` into the cgroups the container has. */
  apply(name: ContainerName, spec: ContainerSpec): void {
    checkLatency(name, spec, this.driver.latencyOf(name) === 'best-effort');
    for (const c of this.driver.controllers) {
      if (!c.isSet(spec)) continue;
      const dir = this.driver.dirFor(name, c);
      if (dir === undefined || !this.io.exists(dir)) {
        throw notFound(`container ${name} has no ${c.name} cgroup (it was created without the ${c.section} section)`);
      }
      c.apply(this.io, dir, spec);
    }
  }

  /** FAILED_PRECONDITION when the container cannot take processes (v2's no-internal-processes rule). */
  checkJoinable(name: ContainerName): void {
    const problem = this.driver.joinProblem(name);
    if (problem !== undefined) throw failedPrecondition(`cannot move processes into ${name}: ${problem}`);
  }

  /**
   * The cgroup.procs files a process writes its pid into to join the container; refuses
   * (FAILED_PRECONDITION) a container that cannot take processes, see checkJoinable().
   */
  procsFiles(name: ContainerName): string[] {
    this.checkJoinable(name);
    return this.driver.dirs(name).map((dir) => path.join(dir, CGROUP_PROCS));
  }

  /** Moves `pid` into every cgroup of the container (refusing as procsFiles() does). */
  join(name: ContainerName, pid: number): void {
    this.checkJoinable(name);
    for (const dir of this.driver.dirs(name)) this.io.write(dir, CGROUP_PROCS, pid);
  }

  stats(name: ContainerName): ContainerStats {
    this.require(name);
    const out: ContainerStats = {};
    for (const c of this.driver.controllers) {
      const dir = this.driver.dirFor(name, c);
      if (dir !== undefined && this.io.exists(dir)) c.stats(this.io, dir, out);
    }
    return out;
  }

  readSpec(name: ContainerName): ContainerSpec {
    this.require(name);
    const out: ContainerSpec = {};
    for (const c of this.driver.controllers) {
      const dir = this.driver.dirFor(name, c);
      if (dir !== undefined && this.io.exists(dir)) c.readSpec(this.io, dir, out);
    }
    const latency = this.driver.latencyOf(name);
    if (latency !== undefined) out.cpu = { ...out.cpu, latency };
    return out;
  }

  /** Removes the container's cgroups in every hierarchy (see cgroup-teardown.ts). */
  async destroy(name: ContainerName, options: DestroyOptions = {}): Promise<void> {
    this.require(name);
    await destroyCgroups(this.io, this.driver, name, options.force === true);
  }
}
