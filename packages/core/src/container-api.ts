import type {
  Backend,
  ContainerEvent,
  DestroyOptions,
  ListOptions,
  RunOptions,
  RunResult,
  WatchOptions,
} from './backend';
import { loadConfig } from './config/load-config';
import type { LmctfyConfig } from './config/lmctfy-config';
import { alreadyExists, failedPrecondition, invalidArgument, notFound, unimplemented } from './errors';
import { ContainerName } from './names';
import { BackendDirectory } from './backend-directory';
import type {
  BackendReport,
  CreateOptions,
  CreateResult,
  DetectResult,
  OpenOptions,
  UpdateOptions,
} from './container-api-types';
import { PluginRegistry } from './plugins/plugin-registry';
import { normalizeEventSpec } from './spec/event-spec';
import { expandUpdate } from './spec/expand-update';
import type { ContainerSpec, ProcessSpec } from './spec/container-spec';
import { normalizeSpec } from './spec/normalize-spec';
import { RecordStore } from './state/record-store';
import type { ContainerStats } from './stats';

/**
 * The library entry point: `const api = await ContainerApi.open(); await api.create(...)`.
 * It validates names and specs, finds the owning backend from the record store, serialises
 * mutations per container, and never leaves a record behind a failed operation.
 */
export class ContainerApi {
  private constructor(
    readonly config: LmctfyConfig,
    private readonly backendDirectory: BackendDirectory,
    private readonly records: RecordStore,
  ) {}

  static async open(options: OpenOptions = {}): Promise<ContainerApi> {
    const config = loadConfig(options);
    const searchPaths = options.pluginSearchPaths ?? module.paths;
    const plugins = new PluginRegistry(config, searchPaths);
    return new ContainerApi(config, new BackendDirectory(plugins), new RecordStore(config.stateDir));
  }

  /** Creates a container from a spec (SpecInput: units allowed), optionally starting spec.process. */
  async create(rawName: string, specInput: unknown = {}, options: CreateOptions = {}): Promise<CreateResult> {
    const name = ContainerName.parse(rawName);
    const spec = normalizeSpec(specInput);
    return this.records.withLock(name, async () => {
      const { backend, backendName } = await this.newContainer(name, spec, options.backend);
      await backend.create(name, spec);
      try {
        this.writeRecord(name, backendName);
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
    await this.records.withLock(name, async () => {
      const { backend } = await this.owner(name);
      await backend.destroy(name, options);
      for (const r of this.records.list()) {
        if (r.name.startsWith(`${name}/`)) this.records.remove(ContainerName.parse(r.name));
      }
      this.records.remove(name);
    });
  }

  /**
   * Creates a container, runs its spec.process in the foreground, and always destroys it:
   * in one step through the backend's runOnce() when it has one, else composed from create,
   * run and destroy. The fast path holds the container's lock until the job has started
   * (or ended), as create holds it until the container exists: a concurrent create of the
   * name gets ALREADY_EXISTS, and destroy, killAll or pause of a long job do not wait for it.
   */
  async runOnce(
    rawName: string,
    specInput: unknown,
    options: CreateOptions & Pick<RunOptions, 'onStart'> = {},
  ): Promise<RunResult> {
    const spec = normalizeSpec(specInput);
    if (!spec.process) throw invalidArgument('process.args: give the command to run');
    const { process, ...resources } = spec;
    const name = ContainerName.parse(rawName);
    if ((await this.backendDirectory.get(this.chooseBackend(name, options.backend))).runOnce) {
      return this.runOnceInOneStep(name, resources, process, options);
    }
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

  /**
   * Changes the resources of a container under its lock, by lmctfy's rules (see
   * spec/expand-update.ts), and resolves with the effective spec read back afterwards.
   */
  async update(rawName: string, specInput: unknown, options: UpdateOptions = {}): Promise<ContainerSpec> {
    const name = ContainerName.parse(rawName);
    const policy = options.policy ?? 'diff';
    if (policy !== 'diff' && policy !== 'replace') throw invalidArgument(`policy: expected diff or replace, got ${JSON.stringify(policy)}`);
    const spec = normalizeSpec(specInput);
    return this.records.withLock(name, async () => {
      const { backendName } = await this.owner(name);
      const { backend } = await this.backendDirectory.usable(backendName, spec);
      const expanded = expandUpdate(await backend.spec(name), spec, policy);
      await backend.update(name, expanded, policy);
      return backend.spec(name);
    });
  }

  /**
   * Yields `event` (e.g. { type: 'oom' }) each time it happens in the container, until the
   * loop breaks or options.signal aborts; throws NOT_FOUND once the container is destroyed.
   * It takes no lock and holds no thread: a scheduler may watch many containers at once.
   */
  async *watch(rawName: string, event: unknown, options: WatchOptions = {}): AsyncGenerator<ContainerEvent> {
    const name = ContainerName.parse(rawName);
    const spec = normalizeEventSpec(event);
    const { backendName } = await this.owner(name);
    const { backend, capabilities } = await this.backendDirectory.usable(backendName, {});
    if (!capabilities.events.includes(spec.type)) {
      throw unimplemented(`${spec.type}: the ${backendName} backend cannot watch this event on this host`);
    }
    yield* backend.watch(name, spec, options);
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
      const found = await (await this.backendDirectory.get(backendName)).detect(pid);
      if (!found.isRoot) return { name: found.toString(), backend: this.records.read(found)?.backend };
    }
    return { name: '/' };
  }

  /** Every discovered backend, loaded and probed; broken plugins are rows, not errors. */
  backends(): Promise<BackendReport[]> {
    return this.backendDirectory.report();
  }

  /** Problems found while discovering or loading plugins, for callers to show as warnings. */
  warnings(): string[] {
    return this.backendDirectory.warnings();
  }

  /** runOnce through the backend's own runOnce(): the record lives exactly as long as the job. */
  private async runOnceInOneStep(
    name: ContainerName,
    resources: ContainerSpec,
    process: ProcessSpec,
    options: CreateOptions & Pick<RunOptions, 'onStart'>,
  ): Promise<RunResult> {
    const job = await this.records.withLock(name, async () => {
      const { backend, backendName } = await this.newContainer(name, resources, options.backend);
      const runOnce = backend.runOnce?.bind(backend) as NonNullable<Backend['runOnce']>;
      this.writeRecord(name, backendName);
      let started!: () => void;
      const running = new Promise<void>((resolve) => (started = resolve));
      const onStart = (pid: number): void => {
        started();
        options.onStart?.(pid);
      };
      const result = runOnce(name, resources, process, { onStart });
      await Promise.race([running, result.catch(() => undefined)]);
      return { result };
    });
    try {
      return await job.result;
    } finally {
      // The record goes with the container, unless the name was taken again meanwhile.
      await this.records.withLock(name, async () => {
        const record = this.records.read(name);
        if (record && !(await (await this.backendDirectory.get(record.backend)).exists(name))) this.records.remove(name);
      });
    }
  }

  /**
   * For create and runOnce, under the container's lock: the backend that will own `name`,
   * usable for `spec`, once no live container has that name (a stale record is dropped).
   */
  private async newContainer(name: ContainerName, spec: ContainerSpec, requested: string | undefined): Promise<{ backend: Backend; backendName: string }> {
    const backendName = this.chooseBackend(name, requested);
    const { backend } = await this.backendDirectory.usable(backendName, spec);
    const existing = this.records.read(name);
    if (existing) {
      if (await (await this.backendDirectory.get(existing.backend)).exists(name)) {
        throw alreadyExists(`container ${name} already exists`);
      }
      this.records.remove(name); // its kernel objects are gone (e.g. after a reboot)
    }
    return { backend, backendName };
  }

  private writeRecord(name: ContainerName, backendName: string): void {
    this.records.write({ name: name.toString(), backend: backendName, createdAt: new Date().toISOString() });
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

  private async owner(name: ContainerName): Promise<{ backend: Backend; backendName: string }> {
    if (name.isRoot) throw failedPrecondition('the root container cannot be used here');
    const record = this.records.read(name);
    if (!record) throw notFound(`container ${name} does not exist`);
    return { backend: await this.backendDirectory.get(record.backend), backendName: record.backend };
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
