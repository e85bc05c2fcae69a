/**
 * A small in-memory Backend that meets the contract with real processes but no cgroups:
 * membership is a pid set, pause/resume are SIGSTOP/SIGCONT. Used to prove the contract
 * suite passes a correct backend; the Broken* variants prove it catches real bugs.
 */
import { spawn } from 'node:child_process';
import {
  ContainerName,
  alreadyExists,
  failedPrecondition,
  notFound,
  unimplemented,
  type Backend,
  type ContainerEvent,
  type ContainerSpec,
  type ContainerStats,
  type EventSpec,
  type DestroyOptions,
  type ListOptions,
  type ProbeResult,
  type ProcessSpec,
  type RunOptions,
  type RunResult,
  type WatchOptions,
} from '@lmctfy/core';
import { isDead, processState, waitFor } from '../src/helpers';

interface FakeContainer {
  spec: ContainerSpec;
  pids: Set<number>;
}

export class FakeBackend implements Backend {
  readonly name: string = 'fake';
  protected readonly containers = new Map<string, FakeContainer>();

  async probe(): Promise<ProbeResult> {
    return { available: true, capabilities: { resources: ['cpu', 'memory', 'pids'], namespaces: [], exec: false, events: ['empty'] } };
  }

  async create(name: ContainerName, spec: ContainerSpec): Promise<void> {
    if (this.containers.has(String(name))) throw alreadyExists(`container ${name} already exists`);
    this.checkParent(name);
    this.containers.set(String(name), { spec: structuredClone(spec), pids: new Set() });
  }

  protected checkParent(name: ContainerName): void {
    if (!name.parent.isRoot && !this.containers.has(String(name.parent))) {
      throw notFound(`parent container ${name.parent} does not exist`);
    }
  }

  async destroy(name: ContainerName, options: DestroyOptions = {}): Promise<void> {
    this.get(name);
    const subtree = this.subtree(name);
    const pids = subtree.flatMap((n) => this.livePids(n));
    if (!options.force && (subtree.length > 1 || pids.length > 0)) {
      throw failedPrecondition(`container ${name} has ${pids.length} process(es) and ${subtree.length - 1} child(ren)`);
    }
    await this.kill(pids);
    for (const n of subtree) this.containers.delete(n);
  }

  async run(name: ContainerName, proc: ProcessSpec, options: RunOptions): Promise<RunResult> {
    const c = this.get(name);
    if (options.mode === 'exec') throw unimplemented('exec mode');
    const detached = options.mode === 'detached';
    const child = spawn(proc.args[0], proc.args.slice(1), {
      stdio: 'ignore',
      env: { ...process.env, ...proc.env },
      cwd: proc.cwd,
      detached,
    });
    const exited = new Promise<RunResult>((resolve) => {
      child.once('exit', (code, signal) => {
        c.pids.delete(child.pid as number);
        resolve({ pid: child.pid as number, ...(code !== null && { exitCode: code }), ...(signal && { signal }) });
      });
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    const pid = child.pid as number;
    c.pids.add(pid);
    options.onStart?.(pid);
    if (detached) {
      child.unref();
      return { pid };
    }
    return exited;
  }

  async enter(name: ContainerName, pids: number[]): Promise<void> {
    const c = this.get(name);
    for (const pid of pids) if (isDead(pid)) throw notFound(`process ${pid} does not exist`);
    for (const pid of pids) {
      for (const other of this.containers.values()) other.pids.delete(pid);
      c.pids.add(pid);
    }
  }

  async listContainers(name: ContainerName, options: ListOptions = {}): Promise<ContainerName[]> {
    this.get(name);
    return this.subtree(name)
      .slice(1)
      .map((n) => ContainerName.parse(n))
      .filter((n) => options.recursive || n.parent.equals(name));
  }

  async listPids(name: ContainerName, options: ListOptions = {}): Promise<number[]> {
    this.get(name);
    const names = options.recursive ? this.subtree(name) : [String(name)];
    return names.flatMap((n) => this.livePids(n)).sort((a, b) => a - b);
  }

  async stats(name: ContainerName): Promise<ContainerStats> {
    const { spec } = this.get(name);
    const stats: ContainerStats = {};
    if (spec.memory) stats.memory = { usage: 0, limit: spec.memory.limit ?? 'max', failCount: 0, oomKills: 0 };
    if (spec.cpu) {
      stats.cpu = { usage: { total: 0, user: 0, system: 0 }, throttling: { periods: 0, throttledPeriods: 0, throttledTime: 0 } };
    }
    if (spec.pids) stats.pids = { current: this.livePids(String(name)).length, limit: spec.pids.max ?? 'max' };
    return stats;
  }

  async spec(name: ContainerName): Promise<ContainerSpec> {
    return structuredClone(this.get(name).spec);
  }

  async pause(name: ContainerName): Promise<void> {
    this.get(name);
    const pids = this.subtree(name).flatMap((n) => this.livePids(n));
    this.signal(pids, 'SIGSTOP');
    await waitFor(() => pids.every((p) => isDead(p) || processState(p) === 'T'), 2000, 'processes stopped');
  }

  async resume(name: ContainerName): Promise<void> {
    this.get(name);
    this.signal(this.subtree(name).flatMap((n) => this.livePids(n)), 'SIGCONT');
  }

  async killAll(name: ContainerName): Promise<void> {
    this.get(name);
    await this.kill(this.subtree(name).flatMap((n) => this.livePids(n)));
  }

  async detect(pid: number): Promise<ContainerName> {
    let found = ContainerName.root;
    for (const [n, c] of this.containers) {
      if (c.pids.has(pid) && !isDead(pid)) found = ContainerName.parse(n);
    }
    return found;
  }

  async exists(name: ContainerName): Promise<boolean> {
    return this.containers.has(String(name));
  }

  /** Field by field: core already filled in REPLACE's defaults. */
  async update(name: ContainerName, spec: ContainerSpec): Promise<void> {
    const c = this.get(name);
    const next: Record<string, unknown> = { ...c.spec };
    for (const [section, fields] of Object.entries(spec)) {
      next[section] = { ...(c.spec[section as keyof ContainerSpec] as object), ...(fields as object) };
    }
    c.spec = next as ContainerSpec;
  }

  /** Only 'empty', polled from the live pids of the subtree. */
  async *watch(name: ContainerName, event: EventSpec, options: WatchOptions = {}): AsyncGenerator<ContainerEvent> {
    this.get(name);
    if (event.type !== 'empty') throw unimplemented(`${event.type} events`);
    let armed = true;
    while (!options.signal?.aborted) {
      this.get(name);
      const empty = this.subtree(name).every((n) => this.livePids(n).length === 0);
      if (empty && armed) yield { type: 'empty', container: String(name), time: new Date().toISOString() };
      armed = !empty;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  protected get(name: ContainerName): FakeContainer {
    const c = this.containers.get(String(name));
    if (!c) throw notFound(`container ${name} does not exist`);
    return c;
  }

  /** `name` and its descendants, parents first. */
  private subtree(name: ContainerName): string[] {
    const root = String(name);
    return [...this.containers.keys()].filter((n) => n === root || n.startsWith(`${root}/`)).sort();
  }

  private livePids(name: string): number[] {
    const c = this.containers.get(name);
    if (!c) return [];
    for (const pid of c.pids) if (isDead(pid)) c.pids.delete(pid);
    return [...c.pids];
  }

  private signal(pids: number[], sig: NodeJS.Signals): void {
    for (const pid of pids) {
      try {
        process.kill(pid, sig);
      } catch {
        /* gone */
      }
    }
  }

  private async kill(pids: number[]): Promise<void> {
    this.signal(pids, 'SIGCONT');
    this.signal(pids, 'SIGKILL');
    await waitFor(() => pids.every(isDead), 5000, 'processes killed');
    for (const c of this.containers.values()) for (const pid of pids) c.pids.delete(pid);
  }
}

/** Bug: a second create silently replaces the first container's spec. */
export class DuplicateCreateBackend extends FakeBackend {
  override readonly name = 'broken-duplicates';
  override async create(name: ContainerName, spec: ContainerSpec): Promise<void> {
    this.checkParent(name);
    const old = this.containers.get(String(name));
    this.containers.set(String(name), { spec: structuredClone(spec), pids: old?.pids ?? new Set() });
  }
}

/** Bug: destroy ignores processes and children when not forced (and leaks the processes). */
export class CarelessDestroyBackend extends FakeBackend {
  override readonly name = 'broken-destroy';
  override async destroy(name: ContainerName): Promise<void> {
    this.get(name);
    for (const n of [...this.containers.keys()]) {
      if (n === String(name) || n.startsWith(`${name}/`)) this.containers.delete(n);
    }
  }
}

/** Bug: spec() reports what it was asked for in the wrong unit (MiB instead of bytes). */
export class WrongUnitsBackend extends FakeBackend {
  override readonly name = 'broken-units';
  override async spec(name: ContainerName): Promise<ContainerSpec> {
    const spec = await super.spec(name);
    if (typeof spec.memory?.limit === 'number') spec.memory.limit = spec.memory.limit / (1024 * 1024);
    return spec;
  }
}
