import * as fs from 'node:fs';
import { Backend, ErrorCode, NAMESPACE_KINDS, failedPrecondition, inject, injectable, internal } from '@lmctfy/core';
import type {
  BackendCapabilities,
  ContainerEvent,
  ContainerName,
  ContainerSpec,
  ContainerStats,
  DestroyOptions,
  EventSpec,
  ListOptions,
  NamespaceKind,
  ProbeResult,
  ProcessSpec,
  RunOptions,
  RunResult,
  UpdatePolicy,
  WatchOptions,
} from '@lmctfy/core';
import type { CgroupResources } from '@lmctfy/backend-cgroup';
import { InitStore, startTime, type InitRecord } from './init-store';
import { Launcher } from './launcher';
import { planNamespaces, prepareRootfs } from './namespace-plan';
import { NAMESPACE_CGROUPS, NAMESPACE_CGROUP_OPS } from './tokens';
import { attachVeth, defaultHostInterface } from './veth';

/** /proc/self/ns/<file> of each namespace kind. */
const NS_FILES: Record<NamespaceKind, string> = { pid: 'pid', mount: 'mnt', uts: 'uts', ipc: 'ipc', net: 'net', cgroup: 'cgroup', user: 'user' };
const INIT_EXIT_TIMEOUT_MS = 5000;

/**
 * lmctfy's full-namespace backend. Resources come from the cgroup backend by composition:
 * `resources` makes and applies the cgroups exactly as for `--backend cgroup`, and
 * `cgroups` (a CgroupBackend over those same resources) answers every read-only or
 * cgroup-only operation. This class adds the namespaces: a PID 1 per container started by
 * the native launcher, and run() through the launcher's join mode.
 */
@injectable()
export class NamespaceBackend implements Backend {
  readonly name = 'namespace';

  constructor(
    @inject(NAMESPACE_CGROUPS) private readonly resources: CgroupResources,
    @inject(NAMESPACE_CGROUP_OPS) private readonly cgroups: Backend,
    @inject(Launcher) private readonly launcher: Launcher,
    @inject(InitStore) private readonly inits: InitStore,
  ) {}

  async probe(): Promise<ProbeResult> {
    const base = await this.cgroups.probe();
    const launcher = this.launcher.find();
    const capabilities: BackendCapabilities = {
      ...(base.capabilities ?? { resources: [], events: [] }),
      namespaces: NAMESPACE_KINDS.filter((k) => fs.existsSync(`/proc/self/ns/${NS_FILES[k]}`)),
      exec: true,
      details: { ...base.capabilities?.details, launcher: launcher ?? 'not built' },
    };
    if (!base.available) return { ...base, capabilities };
    if (!launcher) {
      return { available: false, reason: 'launcher not built', hint: 'install gcc and run npm run build', code: ErrorCode.Unavailable, capabilities };
    }
    return { available: true, capabilities };
  }

  async create(name: ContainerName, spec: ContainerSpec): Promise<void> {
    const plan = planNamespaces(name, spec.namespaces); // bad input fails here, before anything exists
    prepareRootfs(plan);
    // The launcher runs while we make the cgroups (the init never joins them): ~1 ms saved.
    const starting = this.launcher.startInit(plan);
    try {
      this.resources.create(name, spec);
    } catch (e) {
      const orphan = await starting.catch(() => undefined);
      if (orphan !== undefined) await this.stopInit(orphan).catch(() => undefined);
      throw e;
    }
    let pid: number | undefined;
    try {
      pid = await starting;
      const start = startTime(pid);
      if (start === undefined) throw internal(`container ${name}: its init (pid ${pid}) died right after starting`);
      const record: InitRecord = { name: String(name), pid, start, kinds: plan.kinds, namespaces: spec.namespaces ?? {} };
      if (plan.veth) {
        record.hostInterface = plan.veth.hostInterface ?? defaultHostInterface(String(name));
        await attachVeth(pid, record.hostInterface, plan.veth);
      }
      this.inits.write(record);
    } catch (e) {
      if (pid !== undefined) await this.stopInit(pid).catch(() => undefined);
      await this.resources.destroy(name, { force: true }).catch(() => undefined);
      this.inits.remove(name);
      throw e;
    }
  }

  /**
   * Unforced, the cgroups go first: they refuse a busy container or one with children, and
   * then nothing was stopped. Forced, the inits die first: killing a PID 1 kills its whole
   * pid namespace, and the cgroup teardown then finds only what `enter` moved in. Mounts
   * live only in the container's mount namespace, and a veth pair in its net namespace:
   * both vanish with the last process.
   */
  async destroy(name: ContainerName, options: DestroyOptions = {}): Promise<void> {
    this.resources.require(name);
    const records = this.inits.subtree(name);
    // Forced: signal every init now, and wait for them only after the cgroups are handled.
    const killed = options.force ? records.filter((r) => this.signalInit(r)) : [];
    // With the inits gone a finished job's cgroups are usually empty: skip the freeze-kill
    // round trip of a forced teardown then (it is what a forced destroy would find anyway).
    const busy = options.force && ((await this.cgroups.listPids(name, { recursive: true })).length > 0 || (await this.cgroups.listContainers(name)).length > 0);
    try {
      await this.resources.destroy(name, { ...options, force: busy });
    } catch (e) {
      if (!options.force || busy) throw e;
      await this.resources.destroy(name, options); // something moved in meanwhile: the full teardown
    }
    for (const r of killed) await this.waitInitGone(r.pid);
    for (const r of records) {
      if (this.inits.alive(r)) await this.stopInit(r.pid);
      this.inits.remove(r.name);
    }
  }

  async run(name: ContainerName, process: ProcessSpec, options: RunOptions): Promise<RunResult> {
    this.resources.require(name);
    const record = this.liveInit(name);
    const procsFiles = this.resources.procsFiles(name);
    if (options.mode === 'exec') return this.launcher.exec(record, procsFiles, process);
    return this.launcher.run(record, procsFiles, process, options);
  }

  /**
   * A one-shot job in one launcher invocation: the cgroups as create() makes them, then
   * `process` itself as the PID 1 of the container's namespaces (joined to the cgroups
   * before its first instruction), waited for in the foreground, then the cgroups go. There
   * is no init and no init record: when the payload ends, the kernel kills what is left of
   * its pid namespace, and mounts and network go with it. Being PID 1, the payload reaps no
   * orphans and ignores signals it has no handler for (SIGKILL from the host still works),
   * as under `crun run`. A veth must be plumbed before the payload starts, so a job with one
   * is composed from create/run/destroy instead.
   */
  async runOnce(name: ContainerName, spec: ContainerSpec, process: ProcessSpec, options: Pick<RunOptions, 'onStart'> = {}): Promise<RunResult> {
    const plan = planNamespaces(name, spec.namespaces); // bad input fails here, before anything exists
    if (plan.veth) {
      await this.create(name, spec);
      try {
        return await this.run(name, process, { mode: 'foreground', onStart: options.onStart });
      } finally {
        await this.destroy(name, { force: true });
      }
    }
    prepareRootfs(plan);
    this.resources.create(name, spec);
    try {
      return await this.launcher.runOnce(plan, this.resources.procsFiles(name), process, options);
    } finally {
      await this.removeCgroups(name);
    }
  }

  /**
   * Moves processes into the container's cgroups. The kernel cannot move a running process
   * into another pid or mount namespace (setns() only ever acts on the caller), so entering
   * the namespaces is run()'s job: `lmctfy run NAME -- sh` is the way in.
   */
  async enter(name: ContainerName, pids: number[]): Promise<void> {
    await this.cgroups.enter(name, pids);
  }

  async spec(name: ContainerName): Promise<ContainerSpec> {
    const spec = await this.cgroups.spec(name);
    const record = this.inits.read(name);
    return record ? { ...spec, namespaces: record.namespaces } : spec;
  }

  listContainers(name: ContainerName, options?: ListOptions): Promise<ContainerName[]> {
    return this.cgroups.listContainers(name, options);
  }

  listPids(name: ContainerName, options?: ListOptions): Promise<number[]> {
    return this.cgroups.listPids(name, options);
  }

  stats(name: ContainerName): Promise<ContainerStats> {
    return this.cgroups.stats(name);
  }

  pause(name: ContainerName): Promise<void> {
    return this.cgroups.pause(name);
  }

  resume(name: ContainerName): Promise<void> {
    return this.cgroups.resume(name);
  }

  /** Kills every process of the container; its PID 1 is not one of them, so run() still works. */
  killAll(name: ContainerName): Promise<void> {
    return this.cgroups.killAll(name);
  }

  detect(pid: number): Promise<ContainerName> {
    return this.cgroups.detect(pid);
  }

  exists(name: ContainerName): Promise<boolean> {
    return this.cgroups.exists(name);
  }

  update(name: ContainerName, spec: ContainerSpec, policy: UpdatePolicy): Promise<void> {
    return this.cgroups.update(name, spec, policy);
  }

  watch(name: ContainerName, event: EventSpec, options?: WatchOptions): AsyncIterable<ContainerEvent> {
    return this.cgroups.watch(name, event, options);
  }

  /**
   * After a one-shot job: its PID 1 was reaped, so the cgroups are usually empty and the
   * unforced teardown suffices; anything that got in meanwhile (enter) takes the forced one.
   */
  private async removeCgroups(name: ContainerName): Promise<void> {
    if (!(await this.cgroups.exists(name))) return; // a concurrent destroy --force took them
    try {
      await this.resources.destroy(name);
    } catch {
      await this.resources.destroy(name, { force: true });
    }
  }

  private liveInit(name: ContainerName): InitRecord {
    const record = this.inits.read(name);
    if (!record || !this.inits.alive(record)) {
      throw failedPrecondition(`container ${name}: its init ${record ? `(pid ${record.pid}) is gone` : 'was never recorded'}`, {
        hint: `destroy it (lmctfy destroy --force ${name.relativePath}) and create it again`,
      });
    }
    return record;
  }

  /** SIGKILLs the recorded init if it is still that process; true when it was signalled. */
  private signalInit(record: InitRecord): boolean {
    if (!this.inits.alive(record)) return false;
    try {
      process.kill(record.pid, 'SIGKILL'); // a PID 1's death ends its whole pid namespace
      return true;
    } catch {
      return false; // already gone
    }
  }

  private async stopInit(pid: number): Promise<void> {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      return;
    }
    await this.waitInitGone(pid);
  }

  /** Until the init is gone or a zombie: a few event-loop turns first (it usually takes < 1 ms), then 2 ms steps. */
  private async waitInitGone(pid: number): Promise<void> {
    const deadline = Date.now() + INIT_EXIT_TIMEOUT_MS;
    for (let turn = 0; startTime(pid) !== undefined; turn++) {
      if (Date.now() > deadline) throw failedPrecondition(`the container init (pid ${pid}) did not die within ${INIT_EXIT_TIMEOUT_MS} ms`);
      await new Promise((r) => (turn < 50 ? setImmediate(r) : setTimeout(r, 2)));
    }
  }
}
