/**
 * watch() on the real kernel (this hybrid host's v1 eventfds, and v2 inotify in the VM):
 * each event fires on what the kernel did, a destroyed container ends the watch with
 * NOT_FOUND, and fifty watches leave the event loop and the libuv pool free (checked by
 * liveness, never by a rate: the v2 VM is emulated and slow).
 */
import * as fs from 'node:fs';
import { ErrorCode, isLmctfyError } from '@lmctfy/core';
import type { ContainerEvent, EventSpec } from '@lmctfy/core';
import { spawnOwned, withTimeout, type OwnedProcess } from '@lmctfy/testkit';
import { FD_TICK_MS, FILE_TICK_MS } from '../src/cgroup-watch';
import { sharedTicker } from '../src/notifications/shared-ticker';
import { sleep, waitUntil } from '../src/wait';
import { isDead, kernelBackend } from './kernel-setup';
import type { KernelBackend } from './kernel-setup';
import { MiB, n } from './test-util';

const alloc = (mb: number, holdMs = 0): string =>
  `const a=[];for(let i=0;i<${mb};i++)a.push(Buffer.alloc(1<<20,1));setTimeout(()=>{},${holdMs})`;

/** A watch consumed in the background: its events so far, and how it ended. */
interface Collected {
  events: ContainerEvent[];
  ended: Promise<unknown>;
  stop(): void;
}

describe('CgroupBackend.watch on this host (real cgroups, root)', () => {
  let k: KernelBackend;
  const owned: OwnedProcess[] = [];

  beforeAll(async () => {
    k = await kernelBackend('notify');
  });
  afterAll(async () => {
    for (const p of owned) p.child.kill('SIGKILL');
    await Promise.all(owned.map((p) => p.exited));
    await k?.cleanup();
  });

  function collect(name: string, event: EventSpec): Collected {
    const abort = new AbortController();
    const events: ContainerEvent[] = [];
    const ended = (async (): Promise<unknown> => {
      for await (const e of k.backend.watch(n(name), event, { signal: abort.signal })) events.push(e);
      return 'done';
    })().catch((e: unknown) => e);
    return { events, ended, stop: () => abort.abort() };
  }

  async function firstEvent(c: Collected, what: string, ms = 20_000): Promise<ContainerEvent> {
    for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(20)) {
      if (c.events.length > 0) return c.events[0];
    }
    throw new Error(`${what}: no event within ${ms} ms (watch ended with ${String(await Promise.race([c.ended, 'nothing']))})`);
  }

  /** A `sleep` the test owns (and reaps), moved into the container. */
  async function sleeperIn(name: string): Promise<OwnedProcess> {
    const p = await spawnOwned(['sleep', '60']);
    owned.push(p);
    await k.backend.enter(n(name), [p.pid]);
    return p;
  }

  const expectNotFound = async (c: Collected, what: string): Promise<void> => {
    const end = await withTimeout(c.ended, 5000, `${what} ending`);
    expect(isLmctfyError(end) && end.code).toBe(ErrorCode.NotFound);
  };

  it('oom fires when a process in a 64M container allocates 200 MB', async () => {
    await k.backend.create(n('oom'), { memory: { limit: 64 * MiB } });
    const watch = collect('oom', { type: 'oom' });
    await sleep(200);
    expect(watch.events).toEqual([]);
    const r = await k.backend.run(n('oom'), { args: [process.execPath, '-e', alloc(200)] }, { mode: 'foreground' });
    expect(r.signal).toBe('SIGKILL');
    const event = await firstEvent(watch, 'oom');
    expect(event).toMatchObject({ type: 'oom', container: '/oom' });
    expect((await k.backend.stats(n('oom'))).memory?.oomKills).toBeGreaterThanOrEqual(1);
    watch.stop();
    expect(await watch.ended).toBe('done');
    await k.backend.destroy(n('oom'));
  }, 60_000);

  it('memory-threshold fires when usage crosses the threshold, not before', async () => {
    await k.backend.create(n('threshold'), { memory: { limit: 512 * MiB } });
    const watch = collect('threshold', { type: 'memory-threshold', bytes: 100 * MiB });
    await sleep(300);
    expect(watch.events).toEqual([]);
    const started = Date.now();
    const r = await k.backend.run(n('threshold'), { args: [process.execPath, '-e', alloc(150, 500)] }, { mode: 'foreground' });
    expect(r.exitCode).toBe(0);
    const event = await firstEvent(watch, 'memory-threshold');
    expect(event).toMatchObject({ type: 'memory-threshold', container: '/threshold', threshold: 100 * MiB });
    expect(event.usage).toBeGreaterThanOrEqual(100 * MiB);
    expect(Date.parse(event.time)).toBeGreaterThanOrEqual(started);
    watch.stop();
    await watch.ended;
    await k.backend.destroy(n('threshold'));
  }, 60_000);

  it('empty fires when the last process exits', async () => {
    await k.backend.create(n('empty'), {});
    const first = await sleeperIn('empty');
    const second = await sleeperIn('empty');
    const watch = collect('empty', { type: 'empty' });
    await sleep(300);
    expect(watch.events).toEqual([]);
    first.child.kill('SIGKILL');
    await first.exited;
    await sleep(300);
    expect(watch.events).toEqual([]);
    second.child.kill('SIGKILL');
    const event = await firstEvent(watch, 'empty', 5000);
    expect(event).toMatchObject({ type: 'empty', container: '/empty' });
    expect(isDead(second.pid)).toBe(true);
    watch.stop();
    await watch.ended;
    await k.backend.destroy(n('empty'));
  }, 30_000);

  it('a destroyed container ends every kind of watch with NOT_FOUND', async () => {
    await k.backend.create(n('doomed'), { memory: { limit: 64 * MiB } });
    await sleeperIn('doomed');
    const watches = [
      collect('doomed', { type: 'oom' }),
      collect('doomed', { type: 'memory-threshold', bytes: 256 * MiB }),
      collect('doomed', { type: 'empty' }),
    ];
    await sleep(300);
    await k.backend.destroy(n('doomed'), { force: true });
    for (const [i, w] of watches.entries()) await expectNotFound(w, `watch ${i}`);
    // Only the empty watch may have seen the forced destroy kill the sleeper first.
    expect(watches[0].events).toEqual([]);
    expect(watches[1].events).toEqual([]);
    await expectNotFound(collect('doomed', { type: 'empty' }), 'a watch of the destroyed container');
  }, 30_000);

  it('fifty watches keep the event loop and the libuv pool free, and close their fds', async () => {
    const fds = (): number => fs.readdirSync('/proc/self/fd').length;
    const baseline = fds();
    const names = Array.from({ length: 10 }, (_, i) => `many${i}`);
    for (const name of names) {
      await k.backend.create(n(name), { memory: { limit: 256 * MiB } });
      await sleeperIn(name);
    }
    const watches = names.flatMap((name) => [
      collect(name, { type: 'oom' }),
      collect(name, { type: 'oom' }),
      collect(name, { type: 'memory-threshold', bytes: 200 * MiB }),
      collect(name, { type: 'memory-threshold', bytes: 100 * MiB }),
      collect(name, { type: 'empty' }),
    ]);
    await sleep(200);
    // Liveness, not speed (the VM runs code 10-40x slower): with every watch open and polling,
    // (a) twenty concurrent async reads complete: they need the libuv pool, which a watcher
    // blocking there would starve (the bound only turns such a hang into a failure), and
    // (b) timers keep firing between the watchers' polls: a watcher blocking the event loop
    // would stop them.
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    try {
      const reads = await withTimeout(Promise.all(Array.from({ length: 20 }, () => fs.promises.readFile('/proc/self/stat', 'utf8'))), 20_000, 'twenty async reads');
      expect(reads.every((r) => r.startsWith(`${process.pid} `))).toBe(true);
      expect(await waitUntil(() => ticks >= 5, 20_000)).toBe(true);
      await withTimeout(new Promise((resolve) => setImmediate(resolve)), 20_000, 'a setImmediate callback');
    } finally {
      clearInterval(timer);
    }
    // ... while all fifty were live: each waits on a shared ticker between its checks.
    expect(sharedTicker(FD_TICK_MS).waiting + sharedTicker(FILE_TICK_MS).waiting).toBe(watches.length);
    expect(watches.every((w) => w.events.length === 0)).toBe(true);
    // The watches still work: emptying one container fires its empty watch only.
    await k.backend.killAll(n('many3'));
    await firstEvent(watches[3 * 5 + 4], 'empty among many', 5000);
    expect(watches.filter((w) => w.events.length > 0)).toHaveLength(1);
    for (const w of watches) w.stop();
    expect(await Promise.all(watches.map((w) => w.ended))).toEqual(watches.map(() => 'done'));
    expect(fds()).toBe(baseline);
    for (const name of names) await k.backend.destroy(n(name), { force: true });
  }, 60_000);
});
