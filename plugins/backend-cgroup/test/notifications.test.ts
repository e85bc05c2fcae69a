/**
 * The event-loop side of notifications, without a kernel: the shared ticker, the re-arming
 * edge, the iterator's cleanup, and the v2 inotify probes (inotify works on any file, so a
 * temp dir stands in for cgroupfs; the kernel tests check the real thing).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ErrorCode } from '@lmctfy/core';
import { CgroupFs } from '../src/cgroup-fs';
import { Edge, pollEvents, eventOf, type EventProbe, type ProbeTarget } from '../src/notifications/poll-events';
import { SharedTicker } from '../src/notifications/shared-ticker';
import { v2EmptyProbe, v2OomProbe, v2ThresholdProbe } from '../src/notifications/v2-probes';

const codeOf = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (e) {
    return (e as { code?: unknown }).code;
  }
  return 'no error';
};

describe('SharedTicker', () => {
  it('wakes every waiter on one tick and stops its timer when nobody waits', async () => {
    const ticker = new SharedTicker(5);
    const woken = await Promise.all(Array.from({ length: 100 }, () => ticker.next()));
    expect(woken.every(Boolean)).toBe(true);
    expect(ticker.waiting).toBe(0);
    await new Promise((r) => setTimeout(r, 20));
    expect((ticker as unknown as { timer?: unknown }).timer).toBeUndefined();
  });

  it('resolves false at once for an aborted signal, and on abort while waiting', async () => {
    const ticker = new SharedTicker(10_000);
    const abort = new AbortController();
    const waiting = ticker.next(abort.signal);
    expect(ticker.waiting).toBe(1);
    abort.abort();
    await expect(waiting).resolves.toBe(false);
    expect(ticker.waiting).toBe(0);
    // The last waiter leaving stops the timer at once, so a 10 s period keeps nothing alive.
    expect((ticker as unknown as { timer?: unknown }).timer).toBeUndefined();
    await expect(ticker.next(abort.signal)).resolves.toBe(false);
  });
});

describe('Edge', () => {
  it('fires when the condition holds while armed, and re-arms once it stops holding', () => {
    const e = new Edge();
    expect([true, true, false, false, true].map((h) => e.observe(h))).toEqual([true, false, false, false, true]);
  });

  it('reports a crossing the kernel saw even if the condition no longer holds, and stays armed', () => {
    const e = new Edge();
    expect(e.observe(false, true)).toBe(true);
    expect(e.observe(true)).toBe(true);
    expect(e.observe(true, true)).toBe(false);
  });
});

describe('pollEvents', () => {
  function countingProbe(events: boolean[]): EventProbe & { closed: number } {
    const probe = {
      closed: 0,
      check: () => (events.shift() ? eventOf('empty', '/x') : undefined),
      close: () => void probe.closed++,
    };
    return probe;
  }

  it('closes the probe once on break, on abort and on a throwing check', async () => {
    const ticker = new SharedTicker(1);
    const broken = countingProbe([false, true, true]);
    for await (const e of pollEvents(() => broken, ticker)) {
      expect(e.type).toBe('empty');
      break;
    }
    expect(broken.closed).toBe(1);

    const abort = new AbortController();
    const aborted = countingProbe([]);
    setTimeout(() => abort.abort(), 20);
    for await (const e of pollEvents(() => aborted, ticker, abort.signal)) throw new Error(`unexpected ${e.type}`);
    expect(aborted.closed).toBe(1);

    const failing = { ...countingProbe([]), check: (): never => { throw new Error('gone'); } };
    let closed = 0;
    failing.close = () => void closed++;
    await expect(pollEvents(() => failing, ticker).next()).rejects.toThrow('gone');
    expect(closed).toBe(1);
  });
});

describe('v2 probes on inotify', () => {
  let dir: string;
  let t: ProbeTarget;
  const write = (file: string, text: string): void => fs.writeFileSync(path.join(dir, file), text);

  beforeEach(() => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lmctfy-notify-'));
    dir = path.join(root, 'c');
    fs.mkdirSync(dir);
    t = { io: new CgroupFs(root), dir, container: '/c' };
  });
  afterEach(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

  it('oom: fires when oom_kill grows after the watch began, and NOT_FOUND once the cgroup is gone', () => {
    write('memory.events', 'oom 1\noom_kill 1\n');
    const probe = v2OomProbe(t);
    try {
      expect(probe.check()).toBeUndefined();
      write('memory.events', 'oom 2\noom_kill 1\n');
      expect(probe.check()).toBeUndefined();
      write('memory.events', 'oom 3\noom_kill 3\n');
      expect(probe.check()).toMatchObject({ type: 'oom', container: '/c', oomKills: 3 });
      expect(probe.check()).toBeUndefined();
      fs.rmSync(dir, { recursive: true });
      expect(codeOf(() => probe.check())).toBe(ErrorCode.NotFound);
    } finally {
      probe.close();
    }
  });

  it('empty: fires on populated 0, then again only after it was repopulated', () => {
    write('cgroup.events', 'populated 1\nfrozen 0\n');
    const populated = (d: string): boolean => t.io.readKeyValues(d, 'cgroup.events').populated === 1;
    const probe = v2EmptyProbe(t, populated);
    try {
      expect(probe.check()).toBeUndefined();
      write('cgroup.events', 'populated 0\nfrozen 0\n');
      expect(probe.check()).toMatchObject({ type: 'empty', container: '/c' });
      write('cgroup.events', 'populated 0\nfrozen 1\n');
      expect(probe.check()).toBeUndefined();
      write('cgroup.events', 'populated 1\nfrozen 0\n');
      expect(probe.check()).toBeUndefined();
      write('cgroup.events', 'populated 0\nfrozen 0\n');
      expect(probe.check()?.type).toBe('empty');
    } finally {
      probe.close();
    }
  });

  it('memory-threshold: polls memory.current and reports usage and threshold', () => {
    write('memory.current', '100');
    const probe = v2ThresholdProbe(t, 200);
    expect(probe.check()).toBeUndefined();
    write('memory.current', '250');
    expect(probe.check()).toMatchObject({ type: 'memory-threshold', usage: 250, threshold: 200 });
    expect(probe.check()).toBeUndefined();
    probe.close();
  });
});
