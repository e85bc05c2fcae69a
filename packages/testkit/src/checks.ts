import {
  ErrorCode,
  RESOURCE_SECTIONS,
  NAMESPACE_KINDS,
  type Backend,
  type ContainerName,
  type ContainerSpec,
} from '@lmctfy/core';
import type { ContractContext } from './context';
import { cpuTicks, expectLmctfyCode, isDead, sleep, waitFor, withTimeout } from './helpers';
import { updateWatchChecks } from './update-watch-checks';

/** One check of the backend contract; runnable on its own (see runContractCheck). */
export interface ContractCheck {
  /** Stable id, e.g. "create-twice". */
  id: string;
  /** The jest test title. */
  title: string;
  run(ctx: ContractContext): Promise<void>;
}

const MiB = 1024 * 1024;
/** The limits the suite sets, per section (canonical ContainerSpec values). */
export const CONTRACT_LIMITS = {
  memory: { limit: 64 * MiB },
  pids: { max: 32 },
  cpu: { max: 0.5 },
} as const;

/** A spec with the contract limits of every exercised section. */
export function limitedSpec(ctx: ContractContext): ContainerSpec {
  const spec: ContainerSpec = {};
  if (ctx.resources.includes('memory')) spec.memory = { limit: CONTRACT_LIMITS.memory.limit };
  if (ctx.resources.includes('pids')) spec.pids = { max: CONTRACT_LIMITS.pids.max };
  if (ctx.resources.includes('cpu')) spec.cpu = { max: CONTRACT_LIMITS.cpu.max };
  return spec;
}

const names = (list: ContainerName[]): string[] => list.map(String);

/** Starts `sleep 30` detached in `name`; the pid is tracked for cleanup. */
async function sleeper(ctx: ContractContext, name: ContainerName): Promise<number> {
  const r = await ctx.backend.run(name, { args: ['sleep', '30'] }, { mode: 'detached' });
  expect(typeof r.pid).toBe('number');
  return ctx.trackPid(r.pid);
}

async function expectLimits(ctx: ContractContext, name: ContainerName): Promise<void> {
  const spec = await ctx.backend.spec(name);
  if (ctx.resources.includes('memory')) expect(spec.memory?.limit).toBe(CONTRACT_LIMITS.memory.limit);
  if (ctx.resources.includes('pids')) expect(spec.pids?.max).toBe(CONTRACT_LIMITS.pids.max);
  if (ctx.resources.includes('cpu')) {
    expect(typeof spec.cpu?.max).toBe('number');
    expect(spec.cpu?.max as number).toBeCloseTo(CONTRACT_LIMITS.cpu.max, 3);
  }
}

/** Runs `fn` and expects a canonical error code (with a readable failure message). */
const expectCode = (p: Promise<unknown>, code: ErrorCode, what: string) => expectLmctfyCode(p, code, what);

/** Every operation that needs an existing container, for the NOT_FOUND checks. */
function operationsOn(backend: Backend, name: ContainerName): Array<[string, () => Promise<unknown>]> {
  return [
    ['destroy', () => backend.destroy(name)],
    ['destroy --force', () => backend.destroy(name, { force: true })],
    ['run foreground', () => backend.run(name, { args: ['true'] }, { mode: 'foreground' })],
    ['run detached', () => backend.run(name, { args: ['true'] }, { mode: 'detached' })],
    ['enter', () => backend.enter(name, [process.pid])],
    ['listContainers', () => backend.listContainers(name)],
    ['listPids', () => backend.listPids(name)],
    ['stats', () => backend.stats(name)],
    ['spec', () => backend.spec(name)],
    ['pause', () => backend.pause(name)],
    ['resume', () => backend.resume(name)],
    ['killAll', () => backend.killAll(name)],
    ['update', () => backend.update(name, {}, 'diff')],
  ];
}

export const backendContractChecks: readonly ContractCheck[] = [
  {
    id: 'probe',
    title: 'probe() resolves { available: true } with capabilities as data',
    async run(ctx) {
      const probe = await ctx.backend.probe(); // must not throw
      expect(probe.available).toBe(true);
      if (!probe.available) return;
      const caps = probe.capabilities;
      expect(Array.isArray(caps.resources)).toBe(true);
      for (const r of caps.resources) expect(RESOURCE_SECTIONS).toContain(r);
      expect(Array.isArray(caps.namespaces)).toBe(true);
      for (const n of caps.namespaces) expect(NAMESPACE_KINDS).toContain(n);
      expect(typeof caps.exec).toBe('boolean');
      for (const r of ctx.requestedResources ?? []) {
        if (!caps.resources.includes(r)) {
          throw new Error(`the suite was told to exercise "${r}", but probe().capabilities.resources is [${caps.resources.join(', ')}]`);
        }
      }
      expect(typeof ctx.backend.name).toBe('string');
    },
  },
  {
    id: 'lifecycle',
    title: 'create applies the limits: exists → spec() → stats() → destroy → gone',
    async run(ctx) {
      const { backend } = ctx;
      const name = ctx.name();
      expect(await backend.exists(name)).toBe(false);
      await backend.create(name, limitedSpec(ctx));
      expect(await backend.exists(name)).toBe(true);
      await expectLimits(ctx, name);
      const stats = await backend.stats(name);
      if (ctx.resources.includes('memory')) {
        expect(stats.memory).toBeDefined();
        expect(stats.memory?.limit).toBe(CONTRACT_LIMITS.memory.limit);
        expect(typeof stats.memory?.usage).toBe('number');
        expect(typeof stats.memory?.failCount).toBe('number');
        expect(typeof stats.memory?.oomKills).toBe('number');
      }
      if (ctx.resources.includes('pids')) {
        expect(stats.pids).toBeDefined();
        expect(stats.pids?.limit).toBe(CONTRACT_LIMITS.pids.max);
        expect(stats.pids?.current).toBe(0);
      }
      if (ctx.resources.includes('cpu')) {
        expect(stats.cpu).toBeDefined();
        expect(typeof stats.cpu?.usage.total).toBe('number');
        expect(typeof stats.cpu?.throttling.periods).toBe('number');
      }
      expect(await backend.listPids(name)).toEqual([]);
      expect(await backend.listContainers(name)).toEqual([]);
      await backend.destroy(name);
      expect(await backend.exists(name)).toBe(false);
    },
  },
  {
    id: 'empty-spec',
    title: 'an empty spec {} creates a container, and its name can be reused after destroy',
    async run(ctx) {
      const name = ctx.name();
      await ctx.backend.create(name, {});
      expect(await ctx.backend.exists(name)).toBe(true);
      expect(await ctx.backend.listPids(name)).toEqual([]);
      await ctx.backend.destroy(name);
      expect(await ctx.backend.exists(name)).toBe(false);
      await ctx.backend.create(name, {});
      expect(await ctx.backend.exists(name)).toBe(true);
      await ctx.backend.destroy(name);
    },
  },
  {
    id: 'create-twice',
    title: 'create of an existing container fails with ALREADY_EXISTS (6) and leaves the first untouched',
    async run(ctx) {
      const name = ctx.name();
      await ctx.backend.create(name, limitedSpec(ctx));
      const pid = await sleeper(ctx, name);
      const other: ContainerSpec = {};
      if (ctx.resources.includes('memory')) other.memory = { limit: 2 * CONTRACT_LIMITS.memory.limit };
      if (ctx.resources.includes('pids')) other.pids = { max: 2 * CONTRACT_LIMITS.pids.max };
      await expectCode(ctx.backend.create(name, other), ErrorCode.AlreadyExists, `second create of ${name}`);
      expect(await ctx.backend.exists(name)).toBe(true);
      await expectLimits(ctx, name);
      expect(await ctx.backend.listPids(name)).toContain(pid);
      expect(isDead(pid)).toBe(false);
    },
  },
  {
    id: 'destroy-missing',
    title: 'destroy of a missing container fails with NOT_FOUND (5)',
    async run(ctx) {
      const name = ctx.name();
      await expectCode(ctx.backend.destroy(name), ErrorCode.NotFound, `destroy of missing ${name}`);
      await expectCode(ctx.backend.destroy(name, { force: true }), ErrorCode.NotFound, `destroy --force of missing ${name}`);
      expect(await ctx.backend.exists(name)).toBe(false);
    },
  },
  {
    id: 'missing-not-found',
    title: 'every operation on a missing container fails with NOT_FOUND (5); exists() is false',
    async run(ctx) {
      const name = ctx.name();
      expect(await ctx.backend.exists(name)).toBe(false);
      const wrong: string[] = [];
      for (const [op, fn] of operationsOn(ctx.backend, name)) {
        try {
          await expectCode(fn(), ErrorCode.NotFound, op);
        } catch (e) {
          wrong.push((e as Error).message);
        }
      }
      if (wrong.length) throw new Error(`on missing container ${name}:\n  ${wrong.join('\n  ')}`);
      expect(await ctx.backend.exists(name)).toBe(false);
    },
  },
  {
    id: 'run-exit-code',
    title: "run foreground resolves the exit code (sh -c 'exit 7' → 7) and calls onStart with the pid",
    async run(ctx) {
      const name = ctx.name();
      await ctx.backend.create(name, {});
      const started: number[] = [];
      const r = await ctx.backend.run(
        name,
        { args: ['sh', '-c', 'exit 7'] },
        { mode: 'foreground', onStart: (pid) => started.push(pid) },
      );
      expect(r.exitCode).toBe(7);
      expect(r.signal ?? undefined).toBeUndefined();
      expect(started).toEqual([r.pid]);
      expect(r.pid).toBeGreaterThan(0);
      const ok = await ctx.backend.run(name, { args: ['true'] }, { mode: 'foreground' });
      expect(ok.exitCode).toBe(0);
    },
  },
  {
    id: 'run-signal',
    title: "run foreground resolves the killing signal (sh -c 'kill -TERM $$' → SIGTERM)",
    async run(ctx) {
      const name = ctx.name();
      await ctx.backend.create(name, {});
      const r = await ctx.backend.run(name, { args: ['sh', '-c', 'kill -TERM $$'] }, { mode: 'foreground' });
      expect(r.signal).toBe('SIGTERM');
      expect(r.exitCode ?? undefined).toBeUndefined();
    },
  },
  {
    id: 'run-in-container',
    title: 'run foreground starts the process inside the container (it sees itself in listPids)',
    async run(ctx) {
      const name = ctx.name();
      await ctx.backend.create(name, {});
      // The payload waits until the test saw it in the container, then exits 0.
      let seen = false;
      const r = await ctx.backend.run(
        name,
        { args: ['sh', '-c', 'sleep 0.3; exit 3'] },
        {
          mode: 'foreground',
          onStart: (pid) => {
            void ctx.backend.listPids(name).then((pids) => (seen = pids.includes(pid)));
          },
        },
      );
      expect(r.exitCode).toBe(3);
      expect(seen).toBe(true);
      expect(await ctx.backend.listPids(name)).toEqual([]);
    },
  },
  {
    id: 'run-detached',
    title: 'run detached returns a pid that is in listPids() and that detect() attributes to the container',
    async run(ctx) {
      const name = ctx.name();
      await ctx.backend.create(name, {});
      const pid = await sleeper(ctx, name);
      expect(pid).toBeGreaterThan(0);
      expect(isDead(pid)).toBe(false);
      expect(await ctx.backend.listPids(name)).toContain(pid);
      expect(String(await ctx.backend.detect(pid))).toBe(String(name));
      // The test runner itself is in none of this backend's containers.
      expect(String(await ctx.backend.detect(process.pid))).not.toBe(String(name));
      await ctx.backend.destroy(name, { force: true });
      await waitFor(() => isDead(pid), 5000, `death of detached pid ${pid}`);
    },
  },
  {
    id: 'enter',
    title: 'enter() moves an existing process into the container',
    async run(ctx) {
      const name = ctx.name();
      await ctx.backend.create(name, {});
      const p = await ctx.spawn(['sleep', '30']);
      expect(await ctx.backend.listPids(name)).not.toContain(p.pid);
      await ctx.backend.enter(name, [p.pid]);
      expect(await ctx.backend.listPids(name)).toContain(p.pid);
      expect(String(await ctx.backend.detect(p.pid))).toBe(String(name));
      p.child.kill('SIGKILL');
      await p.exited;
    },
  },
  {
    id: 'destroy-busy',
    title: 'destroy of a container with processes fails with FAILED_PRECONDITION (9) unless forced; force kills them',
    async run(ctx) {
      const name = ctx.name();
      await ctx.backend.create(name, {});
      const p = await ctx.spawn(['sleep', '30']);
      await ctx.backend.enter(name, [p.pid]);
      const detached = await sleeper(ctx, name);
      await expectCode(ctx.backend.destroy(name), ErrorCode.FailedPrecondition, `destroy of busy ${name}`);
      expect(await ctx.backend.exists(name)).toBe(true);
      expect(await ctx.backend.listPids(name)).toEqual(expect.arrayContaining([p.pid, detached]));
      await ctx.backend.destroy(name, { force: true });
      expect(await ctx.backend.exists(name)).toBe(false);
      // We own it, so it is reaped here; it must have been killed by the forced destroy.
      await withTimeout(p.exited, 5000, `exit of pid ${p.pid} after destroy --force`);
      await waitFor(() => isDead(detached), 5000, `death of detached pid ${detached}`);
    },
  },
  {
    id: 'hierarchy',
    title: 'hierarchical names: listContainers (direct and recursive), listPids recursive, destroy needs force for children',
    async run(ctx) {
      const { backend } = ctx;
      const parent = ctx.name();
      const child = ctx.track(parent.child('child'));
      const grand = ctx.track(child.child('grand'));
      await backend.create(parent, {});
      await backend.create(child, {});
      await backend.create(grand, {});
      expect(names(await backend.listContainers(parent))).toEqual([String(child)]);
      expect(names(await backend.listContainers(parent, { recursive: true }))).toEqual([String(child), String(grand)]);
      expect(names(await backend.listContainers(child))).toEqual([String(grand)]);
      expect(await backend.listContainers(grand)).toEqual([]);

      const pid = await sleeper(ctx, grand);
      expect(await backend.listPids(parent)).toEqual([]);
      expect(await backend.listPids(parent, { recursive: true })).toEqual([pid]);
      expect(String(await backend.detect(pid))).toBe(String(grand));

      await expectCode(backend.destroy(parent), ErrorCode.FailedPrecondition, `destroy of ${parent} with children`);
      expect(await backend.exists(parent)).toBe(true);
      expect(await backend.exists(grand)).toBe(true);
      await backend.destroy(parent, { force: true });
      for (const n of [grand, child, parent]) expect(await backend.exists(n)).toBe(false);
      await waitFor(() => isDead(pid), 5000, `death of pid ${pid} in ${grand}`);
    },
  },
  {
    id: 'missing-parent',
    title: 'create of a child whose parent is missing fails with NOT_FOUND (5) and creates nothing',
    async run(ctx) {
      const parent = ctx.name();
      const child = ctx.track(parent.child('orphan'));
      await expectCode(ctx.backend.create(child, {}), ErrorCode.NotFound, `create of ${child}`);
      expect(await ctx.backend.exists(child)).toBe(false);
      expect(await ctx.backend.exists(parent)).toBe(false);
    },
  },
  {
    id: 'pause-resume',
    title: 'pause() stops a busy process from making progress; resume() lets it continue',
    async run(ctx) {
      const name = ctx.name();
      await ctx.backend.create(name, {});
      // A pure CPU loop (no file writes: a frozen writer can wedge in D state).
      // Progress is its CPU time, read from /proc/<pid>/stat.
      const r = await ctx.backend.run(name, { args: ['sh', '-c', 'while :; do :; done'] }, { mode: 'detached' });
      const pid = ctx.trackPid(r.pid);
      const t0 = cpuTicks(pid);
      await waitFor(() => cpuTicks(pid) > t0, 5000, 'busy loop making progress before pause');
      await ctx.backend.pause(name);
      await sleep(50);
      const frozenAt = cpuTicks(pid);
      await sleep(300);
      expect(cpuTicks(pid)).toBe(frozenAt);
      expect(isDead(pid)).toBe(false);
      await ctx.backend.resume(name);
      await waitFor(() => cpuTicks(pid) > frozenAt, 5000, 'busy loop making progress after resume');
      await ctx.backend.destroy(name, { force: true });
      await waitFor(() => isDead(pid), 5000, `death of pid ${pid}`);
    },
  },
  {
    id: 'kill-all',
    title: 'killAll() kills every process in the container and its descendants, leaving listPids empty',
    async run(ctx) {
      const parent = ctx.name();
      const child = ctx.track(parent.child('sub'));
      await ctx.backend.create(parent, {});
      await ctx.backend.create(child, {});
      const a = await sleeper(ctx, parent);
      const b = await sleeper(ctx, parent);
      const c = await sleeper(ctx, child);
      expect(await ctx.backend.listPids(parent, { recursive: true })).toEqual([a, b, c].sort((x, y) => x - y));
      await ctx.backend.killAll(parent);
      expect(await ctx.backend.listPids(parent)).toEqual([]);
      expect(await ctx.backend.listPids(parent, { recursive: true })).toEqual([]);
      expect(await ctx.backend.exists(parent)).toBe(true);
      expect(await ctx.backend.exists(child)).toBe(true);
      for (const pid of [a, b, c]) await waitFor(() => isDead(pid), 5000, `death of pid ${pid}`);
      await ctx.backend.killAll(parent); // nothing left to kill: still fine
      await ctx.backend.destroy(parent, { force: true });
    },
  },
  ...updateWatchChecks,
];

/** Looks a check up by id (throws for an unknown id). */
export function contractCheck(id: string): ContractCheck {
  const check = backendContractChecks.find((c) => c.id === id);
  if (!check) throw new Error(`no contract check with id ${JSON.stringify(id)}`);
  return check;
}
