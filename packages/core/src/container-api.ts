import type { Backend, DestroyOptions, ListOptions, ProbeResult, RunOptions, RunResult } from './backend';
import { loadConfig, type LoadConfigOptions } from './config/load-config';
import type { LmctfyConfig } from './config/lmctfy-config';
import { ErrorCode, LmctfyError, alreadyExists, failedPrecondition, invalidArgument, notFound } from './errors';
import { ContainerName } from './names';
import { PluginRegistry } from './plugins/plugin-registry';
import { checkSpecSupported } from './spec/check-spec-supported';
import type { ContainerSpec, ProcessSpec } from './spec/container-spec';
import { normalizeSpec } from './spec/normalize-spec';
import { RecordStore } from './state/record-store';
import type { ContainerStats } from './stats';

export interface OpenOptions extends LoadConfigOptions {
  /** node_modules folders searched for installed plugins (default: those above @lmctfy/core). */
  pluginSearchPaths?: string[];
}

export interface CreateOptions {
  /** Backend to use; default: the parent's backend, else config.defaultBackend. */
  backend?: string;
}

export interface CreateResult {
  name: string;
  backend: string;
  /** Pid of spec.process, when the spec had one (started detached). */
  pid?: number;
}

export interface BackendReport {
  name: string;
  packageName: string;
  status: 'available' | 'unavailable' | 'failed';
  reason?: string;
  probe?: ProbeResult;
}

export interface DetectResult {
  name: string;
  backend?: string;
}

/**
 * The library entry point: `const api = await ContainerApi.open(); await api.create(...)`.
 * It validates names and specs, finds the owning backend from the record store, serialises
 * mutations per container, and never leaves a record behind a failed operation.
 */
export class ContainerApi {
  private readonly probes = new Map<string, Promise<ProbeResult>>();

  private constructor(
    readonly config: LmctfyConfig,
    private readonly plugins: PluginRegistry,
    private readonly records: RecordStore,
  ) {}

  static async open(options: OpenOptions = {}): Promise<ContainerApi> {
    const config = loadConfig(options);
    const searchPaths = options.pluginSearchPaths ?? module.paths;
    return new ContainerApi(config, new PluginRegistry(config, searchPaths), new RecordStore(config.stateDir));
  }

  /** Creates a container from a spec (SpecInput: units allowed), optionally starting spec.process. */
  async create(rawName: string, specInput: unknown = {}, options: CreateOptions = {}): Promise<CreateResult> {
    const name = ContainerName.parse(rawName);
    const spec = normalizeSpec(specInput);
    return this.records.withLock(name, async () => {
      const backendName = this.chooseBackend(name, options.backend);
      const backend = await this.usableBackend(backendName, spec);
      const existing = this.records.read(name);
      if (existing) {
        if (await (await this.plugins.getBackend(existing.backend)).exists(name)) {
          throw alreadyExists(`container ${name} already exists`);
        }
        this.records.remove(name); // its kernel objects are gone (e.g. after a reboot)
      }
      await backend.create(name, spec);
      try {
        this.records.write({ name: name.toString(), backend: backendName, createdAt: new Date().toISOString() });
        const result: CreateResult = { name: name.toString(), backend: backendName };
        if (spec.process) result.pid = (await backend.run(name, spec.process, { mode: 'detached' })).pid;
        return result;
      } catch (e) {
        await backend.destroy(name, { force: true }).catch(() => undefined);
        this.records.remove(name);
        throw e;
      }
    });
  }

  /** Destroys a container (and, with force, its processes and children), then its records. */
  async destroy(rawName: string, options: DestroyOptions = {}): Promise<void> {
    const name = ContainerName.parse(rawName);
    await this.records.withLock(name, async (lock) => {
      const { backend } = await this.owner(name);
      await backend.destroy(name, options);
      for (const r of this.records.list()) {
        if (r.name.startsWith(`${name}/`)) this.records.remove(ContainerName.parse(r.name));
      }
      this.records.remove(name);
      this.records.removeLockFile(lock);
    });
  }

  /** Creates a container, runs its spec.process in the foreground, and always destroys it. */
  async runOnce(
    rawName: string,
    specInput: unknown,
    options: CreateOptions & Pick<RunOptions, 'onStart'> = {},
  ): Promise<RunResult> {
    const spec = normalizeSpec(specInput);
    if (!spec.process) throw invalidArgument('process.args: give the command to run');
    const { process, ...resources } = spec;
    await this.create(rawName, resources, { backend: options.backend });
    try {
      return await this.run(rawName, process, { mode: 'foreground', onStart: options.onStart });
    } finally {
      await this.destroy(rawName, { force: true });
    }
  }

  async run(rawName: string, process: ProcessSpec, options: RunOptions): Promise<RunResult> {
    const name = ContainerName.parse(rawName);
    const proc = normalizeSpec({ process }).process as ProcessSpec;
    return (await this.owner(name)).backend.run(name, proc, options);
  }

  async enter(rawName: string, pids: number[]): Promise<void> {
    const name = ContainerName.parse(rawName);
    for (const pid of pids) {
      if (!Number.isSafeInteger(pid) || pid <= 0) throw invalidArgument(`pid ${pid}: expected a positive whole number`);
    }
    await (await this.owner(name)).backend.enter(name, pids);
  }

  /** Child containers of `rawName`, or the top-level containers when it is omitted or '/'. */
  async listContainers(rawName?: string, options: ListOptions = {}): Promise<string[]> {
    if (rawName === undefined || /^\/*$/.test(rawName)) {
      const all = this.records.list().map((r) => r.name);
      return options.recursive ? all : all.filter((n) => ContainerName.parse(n).components.length === 1);
    }
    const name = ContainerName.parse(rawName);
    const children = await (await this.owner(name)).backend.listContainers(name, options);
    return children.map(String);
  }

  async listPids(rawName: string, options: ListOptions = {}): Promise<number[]> {
    return this.withOwner(rawName, (b, n) => b.listPids(n, options));
  }

  async stats(rawName: string): Promise<ContainerStats> {
    return this.withOwner(rawName, (b, n) => b.stats(n));
  }

  async spec(rawName: string): Promise<ContainerSpec> {
    return this.withOwner(rawName, (b, n) => b.spec(n));
  }

  async pause(rawName: string): Promise<void> {
    return this.mutate(rawName, (b, n) => b.pause(n));
  }

  async resume(rawName: string): Promise<void> {
    return this.mutate(rawName, (b, n) => b.resume(n));
  }

  async killAll(rawName: string): Promise<void> {
    return this.mutate(rawName, (b, n) => b.killAll(n));
  }

  /** The container a process is in ('/' when it is in none of lmctfy's). */
  async detect(pid: number): Promise<DetectResult> {
    if (!Number.isSafeInteger(pid) || pid <= 0) throw invalidArgument(`pid ${pid}: expected a positive whole number`);
    const owners = new Set(this.records.list().map((r) => r.backend));
    for (const backendName of owners) {
      const found = await (await this.plugins.getBackend(backendName)).detect(pid);
      if (!found.isRoot) return { name: found.toString(), backend: this.records.read(found)?.backend };
    }
    return { name: '/' };
  }

  /** Every discovered backend, loaded and probed; broken plugins are rows, not errors. */
  async backends(): Promise<BackendReport[]> {
    await this.plugins.loadAll();
    const rows: BackendReport[] = [];
    for (const plugin of this.plugins.discovered().plugins) {
      const failure = this.plugins.failures.find((f) => f.packageName === plugin.packageName);
      for (const name of plugin.descriptor.backends) {
        if (failure) {
          rows.push({ name, packageName: plugin.packageName, status: 'failed', reason: failure.error });
          continue;
        }
        const probe = await this.probe(name);
        rows.push({
          name,
          packageName: plugin.packageName,
          status: probe.available ? 'available' : 'unavailable',
          ...(!probe.available && { reason: probe.reason }),
          probe,
        });
      }
    }
    for (const problem of this.plugins.discovered().problems) {
      rows.push({ name: '-', packageName: problem.source, status: 'failed', reason: problem.message });
    }
    return rows;
  }

  /** Problems found while discovering or loading plugins, for callers to show as warnings. */
  warnings(): string[] {
    return [
      ...this.plugins.discovered().problems.map((p) => `plugin ${p.source}: ${p.message}`),
      ...this.plugins.failures.map((f) => `plugin ${f.packageName} failed to load: ${f.error}`),
    ];
  }

  private chooseBackend(name: ContainerName, requested: string | undefined): string {
    if (name.parent.isRoot) return requested ?? this.config.defaultBackend;
    const parent = this.records.read(name.parent);
    if (!parent) throw notFound(`parent container ${name.parent} does not exist`);
    if (requested && requested !== parent.backend) {
      throw invalidArgument(`backend ${requested}: ${name} must use its parent's backend (${parent.backend})`);
    }
    return parent.backend;
  }

  private probe(backendName: string): Promise<ProbeResult> {
    let probe = this.probes.get(backendName);
    if (!probe) {
      probe = this.plugins.getBackend(backendName).then((b) => b.probe());
      this.probes.set(backendName, probe);
    }
    return probe;
  }

  private async usableBackend(backendName: string, spec: ContainerSpec): Promise<Backend> {
    const backend = await this.plugins.getBackend(backendName);
    const probe = await this.probe(backendName);
    if (!probe.available) {
      throw new LmctfyError(probe.code ?? ErrorCode.Unavailable, `backend ${backendName} is unavailable: ${probe.reason}`, {
        hint: probe.hint,
      });
    }
    checkSpecSupported(spec, probe.capabilities, backendName);
    return backend;
  }

  private async owner(name: ContainerName): Promise<{ backend: Backend }> {
    if (name.isRoot) throw failedPrecondition('the root container cannot be used here');
    const record = this.records.read(name);
    if (!record) throw notFound(`container ${name} does not exist`);
    return { backend: await this.plugins.getBackend(record.backend) };
  }

  private async withOwner<T>(rawName: string, fn: (b: Backend, n: ContainerName) => Promise<T>): Promise<T> {
    const name = ContainerName.parse(rawName);
    return fn((await this.owner(name)).backend, name);
  }

  private mutate(rawName: string, fn: (b: Backend, n: ContainerName) => Promise<void>): Promise<void> {
    const name = ContainerName.parse(rawName);
    return this.records.withLock(name, async () => fn((await this.owner(name)).backend, name));
  }
}
