import * as fs from 'node:fs';
import * as path from 'node:path';
import { ContainerName, ErrorCode, failedPrecondition, inject, injectable, notFound } from '@lmctfy/core';
import type {
  Backend,
  ContainerSpec,
  ContainerEvent,
  ContainerStats,
  DestroyOptions,
  EventSpec,
  ListOptions,
  ProbeResult,
  ProcessSpec,
  RunOptions,
  RunResult,
  UpdatePolicy,
  WatchOptions,
} from '@lmctfy/core';
import { CgroupResources, availableSections } from './cgroup-resources';
import { procsIn } from './cgroup-tree';
import { updateCgroups } from './cgroup-update';
import { cgroupEvents, watchCgroup } from './cgroup-watch';
import { killRounds, setFrozen } from './cgroup-teardown';
import { JoinError, ProcessLauncher } from './process-launcher';
import { containerFromProcCgroup } from './proc-cgroup';
import { errnoOf } from './wait';

const PAUSE_TIMEOUT_MS = 5000;

/** lmctfy's "cgroups only" backend: resource isolation, no namespaces. */
@injectable()
export class CgroupBackend implements Backend {
  readonly name = 'cgroup';

  constructor(
    @inject(CgroupResources) private readonly resources: CgroupResources,
    @inject(ProcessLauncher) private readonly launcher: ProcessLauncher,
  ) {}

  async probe(): Promise<ProbeResult> {
    try {
      const driver = this.resources.driver;
      const capabilities = {
        resources: availableSections(driver),
        namespaces: [],
        exec: true,
        events: cgroupEvents(driver),
        details: { cgroup: driver.mode, mountPoint: driver.mountPoint },
      };
      const problems = driver.problems();
      if (problems.length === 0) return { available: true, capabilities };
      const denied = problems.find((p) => p.code === ErrorCode.PermissionDenied);
      return {
        available: false,
        reason: problems.map((p) => p.message).join('; '),
        code: denied ? ErrorCode.PermissionDenied : ErrorCode.Unavailable,
        hint: problems.find((p) => p.hint)?.hint,
        capabilities,
      };
    } catch (e) {
      const hint = (e as { hint?: string }).hint;
      return { available: false, reason: (e as Error).message + (hint ? ` (${hint})` : '') };
    }
  }

  async create(name: ContainerName, spec: ContainerSpec): Promise<void> {
    this.resources.create(name, spec);
  }

  async destroy(name: ContainerName, options?: DestroyOptions): Promise<void> {
    await this.resources.destroy(name, options);
  }

  async run(name: ContainerName, process: ProcessSpec, options: RunOptions): Promise<RunResult> {
    this.resources.require(name);
    if (options.mode === 'exec') return this.launcher.exec(() => this.resources.join(name, globalThis.process.pid), process);
    const procsFiles = this.resources.procsFiles(name); // refuses a container that cannot take processes
    try {
      return await this.launcher.run(procsFiles, process, { ...options, mode: options.mode });
    } catch (e) {
      // The shell cannot tell why a write failed (dash says "I/O error"); the cgroup tree
      // can, when it changed between the check above and the join (a child created meanwhile).
      if (e instanceof JoinError) this.resources.checkJoinable(name);
      throw e;
    }
  }

  async enter(name: ContainerName, pids: number[]): Promise<void> {
    this.resources.require(name);
    for (const pid of pids) this.resources.join(name, pid);
  }

  async listContainers(name: ContainerName, options: ListOptions = {}): Promise<ContainerName[]> {
    const { io, driver } = this.resources;
    const top = driver.trackingDir(name);
    if (!io.exists(top)) {
      if (name.isRoot) return [];
      throw notFound(`container ${name} does not exist`);
    }
    const out: ContainerName[] = [];
    const walk = (parent: ContainerName): void => {
      for (const child of driver.childNames(parent)) {
        let childName: ContainerName;
        try {
          childName = ContainerName.fromComponents([...parent.components, child]);
        } catch {
          continue; // not a name lmctfy would make
        }
        out.push(childName);
        if (options.recursive) walk(childName);
      }
    };
    walk(name);
    return out;
  }

  async listPids(name: ContainerName, options: ListOptions = {}): Promise<number[]> {
    if (!name.isRoot) this.resources.require(name);
    return procsIn(this.resources.io, [this.resources.driver.trackingDir(name)], options.recursive === true);
  }

  async stats(name: ContainerName): Promise<ContainerStats> {
    return this.resources.stats(name);
  }

  async spec(name: ContainerName): Promise<ContainerSpec> {
    return this.resources.readSpec(name);
  }

  async pause(name: ContainerName): Promise<void> {
    await this.setFrozen(name, true);
  }

  async resume(name: ContainerName): Promise<void> {
    await this.setFrozen(name, false);
  }

  async killAll(name: ContainerName): Promise<void> {
    this.resources.require(name);
    await killRounds(this.resources.io, this.resources.driver, name);
  }

  async detect(pid: number): Promise<ContainerName> {
    const { options, driver } = this.resources;
    let text: string;
    try {
      text = fs.readFileSync(path.join(options.procDir, String(pid), 'cgroup'), 'utf8');
    } catch (e) {
      if (errnoOf(e) === 'ENOENT') throw notFound(`no process ${pid}`);
      throw e;
    }
    return containerFromProcCgroup(text, driver.mode, options.cgroupRoot);
  }

  async exists(name: ContainerName): Promise<boolean> {
    return !name.isRoot && this.resources.exists(name);
  }

  /** Both policies apply alike here: core filled the REPLACE defaults in (see cgroup-update.ts). */
  async update(name: ContainerName, spec: ContainerSpec, _policy: UpdatePolicy): Promise<void> {
    updateCgroups(this.resources, name, spec);
  }

  watch(name: ContainerName, event: EventSpec, options?: WatchOptions): AsyncIterable<ContainerEvent> {
    return watchCgroup(this.resources, name, event, options);
  }

  private async setFrozen(name: ContainerName, frozen: boolean): Promise<void> {
    this.resources.require(name);
    const { io, driver } = this.resources;
    if (!(await setFrozen(io, driver, driver.trackingDir(name), frozen, PAUSE_TIMEOUT_MS))) {
      throw failedPrecondition(`container ${name} did not ${frozen ? 'freeze' : 'thaw'} within ${PAUSE_TIMEOUT_MS} ms`, {
        hint: 'a task in uninterruptible sleep (D state) blocks the freezer',
      });
    }
  }
}
