/**
 * Every resource on this host's real cgroups, checked by what the kernel enforces and by
 * round trips (create with a spec, read it back). Runs on the hybrid v1 host and inside the
 * pure-v2 VM: a behaviour of one version asserts the other version's refusal.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ContainerName, ErrorCode } from '@lmctfy/core';
import type { ContainerSpec } from '@lmctfy/core';
import { sharesToWeight } from '../src/conversions';
import { waitUntil } from '../src/wait';
import { cgroupMode, isDead, kernelBackend } from './kernel-setup';
import type { KernelBackend } from './kernel-setup';
import { codeOf } from '@lmctfy/testkit';
import { MiB, n } from './test-util';

const NODE = process.execPath;
const ALLOC = 'const a=[];for(let i=0;i<200;i++)a.push(Buffer.alloc(1<<20,1));console.log("survived")';

describe('every resource on this host (real cgroups, root)', () => {
  let k: KernelBackend;
  let v2: boolean;

  beforeAll(async () => {
    k = await kernelBackend('resources');
    v2 = (await cgroupMode(k)) === 'v2';
  });
  afterAll(async () => {
    await k?.cleanup();
  });

  it('reads a full spec back as written (limits rounded to pages by the kernel)', async () => {
    const spec: ContainerSpec = {
      memory: { limit: 64 * MiB, reservation: 32 * MiB, swap: 0, ...(v2 ? { high: 48 * MiB, oomGroup: true } : { oomKillDisable: false }) },
      cpu: { weight: 200, max: 0.5, period: 50000, cpus: '0', mems: '0' },
      pids: { max: 10 },
    };
    await k.backend.create(n('roundtrip'), spec);
    const back = await k.backend.spec(n('roundtrip'));
    expect(back.memory).toEqual(spec.memory);
    expect(back.cpu).toMatchObject({ max: 0.5, period: 50000, cpus: '0', mems: '0' });
    // v1 stores shares: the weight comes back through weight -> shares -> weight.
    expect(v2 ? back.cpu?.weight : sharesToWeight(back.cpu?.shares ?? 0)).toBe(200);
    expect(back.pids).toEqual({ max: 10 });
    await k.backend.destroy(n('roundtrip'));
  });

  it('refuses the other version\'s memory fields with code 12, naming them', async () => {
    const wrong: ContainerSpec = v2 ? { memory: { oomKillDisable: true } } : { memory: { high: 32 * MiB } };
    expect(await codeOf(k.backend.create(n('wrong'), wrong))).toBe(ErrorCode.Unimplemented);
    await expect(k.backend.create(n('wrong'), wrong)).rejects.toThrow(v2 ? /memory\.oomKillDisable/ : /memory\.high/);
    expect(await k.backend.exists(n('wrong'))).toBe(false);
  });

  it('OOM: v1 oomKillDisable stalls the task at the limit; v2 oomGroup kills every task of the container', async () => {
    if (v2) {
      await k.backend.create(n('oom'), { memory: { limit: 64 * MiB, oomGroup: true } });
      const r = await k.backend.run(n('oom'), { args: ['sh', '-c', `sleep 60 & ${NODE} -e '${ALLOC}'; wait`] }, { mode: 'foreground' });
      expect(r.signal).toBe('SIGKILL');
      // The group kill is asynchronous: the shell's death reaches us while the other victims
      // may still be exiting. cgroup.events says when none is left (the sleep would hold it
      // populated for 60 s had oomGroup not killed it).
      const events = path.join(k.dirsOf('oom')[0], 'cgroup.events');
      expect(await waitUntil(() => /^populated 0$/m.test(fs.readFileSync(events, 'utf8')), 20_000)).toBe(true);
      expect(await k.backend.listPids(n('oom'))).toEqual([]);
      expect((await k.backend.stats(n('oom'))).memory?.oomKills).toBeGreaterThanOrEqual(2);
    } else {
      await k.backend.create(n('oom'), { memory: { limit: 64 * MiB, oomKillDisable: true } });
      const { pid } = await k.backend.run(n('oom'), { args: [NODE, '-e', ALLOC] }, { mode: 'detached' });
      const control = k.dirsOf('oom').map((d) => path.join(d, 'memory.oom_control')).filter((f) => fs.existsSync(f));
      const underOom = (): boolean => control.some((f) => /under_oom 1/.test(fs.readFileSync(f, 'utf8')));
      expect(await waitUntil(underOom, 10000)).toBe(true);
      expect(isDead(pid)).toBe(false);
      expect((await k.backend.stats(n('oom'))).memory?.oomKills).toBe(0);
      expect(await codeOf(k.backend.create(n('oomgroup'), { memory: { oomGroup: true } }))).toBe(ErrorCode.Unimplemented);
    }
    await k.backend.destroy(n('oom'), { force: true });
  });

  it('shows a CPU quota in the throttling counters', async () => {
    await k.backend.create(n('quota'), { cpu: { max: 0.2 } });
    await k.backend.run(n('quota'), { args: ['timeout', '1', 'sh', '-c', 'while :; do :; done'] }, { mode: 'foreground' });
    const { cpu } = await k.backend.stats(n('quota'));
    // 0.2 cores for ~1 s of wall time; a wide margin for start-up and accounting noise.
    // One object, so a failure shows every counter.
    expect({
      throttled: (cpu?.throttling.throttledPeriods ?? 0) > 0 && (cpu?.throttling.throttledTime ?? 0) > 0,
      underCap: (cpu?.usage.total ?? Infinity) < 0.7e9,
      cpu,
    }).toMatchObject({ throttled: true, underCap: true });
    await k.backend.destroy(n('quota'));
  });

  it('gives stats --full the same shape on v1 and v2', async () => {
    await k.backend.create(n('shape'), { memory: { limit: 64 * MiB }, cpu: {}, pids: { max: 20 }, blkio: {} });
    await k.backend.run(n('shape'), { args: ['sh', '-c', 'cat /proc/self/status > /dev/null'] }, { mode: 'foreground' });
    const s = await k.backend.stats(n('shape'));
    expect(Object.keys(s).sort()).toEqual(['cpu', 'io', 'memory', 'pids']);
    expect(Object.keys(s.memory ?? {}).sort()).toEqual(['breakdown', 'failCount', 'limit', 'maxUsage', 'oomKills', 'usage', 'workingSet']);
    expect(Object.keys(s.memory?.breakdown ?? {}).sort()).toEqual(
      ['activeAnon', 'activeFile', 'anon', 'dirty', 'file', 'inactiveAnon', 'inactiveFile', 'mappedFile', 'pgfault', 'pgmajfault', 'shmem', 'unevictable', 'writeback'],
    );
    expect(s.memory?.breakdown?.pgfault).toBeGreaterThan(0);
    expect(s.memory?.workingSet).toBeLessThanOrEqual(s.memory?.usage ?? 0);
    expect(Array.isArray(s.io?.devices)).toBe(true);
    await k.backend.destroy(n('shape'));
  });

  it('hugetlb: limited per page size on v2; refused with code 12 on this hybrid host', async () => {
    const spec: ContainerSpec = { hugetlb: [{ pageSize: '2MB', limit: 4 * MiB }] };
    if (v2) {
      await k.backend.create(n('huge'), spec);
      expect((await k.backend.spec(n('huge'))).hugetlb).toEqual(spec.hugetlb);
      expect((await k.backend.stats(n('huge'))).hugetlb?.find((h) => h.pageSize === '2MB')).toMatchObject({ usage: 0, limit: 4 * MiB });
      await k.backend.destroy(n('huge'));
    } else {
      expect(await codeOf(k.backend.create(n('huge'), spec))).toBe(ErrorCode.Unimplemented);
      await expect(k.backend.create(n('huge'), spec)).rejects.toThrow(/hugetlb controller not mounted/);
    }
  });

  it('places a best-effort container under the minimal-weight batch cgroup and still finds it by name', async () => {
    await k.backend.create(n('be'), { cpu: { latency: 'best-effort' } });
    await k.backend.create(n('prio'), { cpu: { latency: 'priority' } });
    expect(k.dirsOf('batch/be').length).toBeGreaterThan(0);
    const { pid } = await k.backend.run(n('be'), { args: ['sleep', '1000'] }, { mode: 'detached' });
    expect(String(await k.backend.detect(pid))).toBe('/be');
    expect(await k.backend.listPids(n('be'))).toEqual([pid]);
    expect((await k.backend.spec(n('be'))).cpu?.latency).toBe('best-effort');
    expect((await k.backend.listContainers(ContainerName.root)).map(String)).toEqual(expect.arrayContaining(['/be', '/prio']));
    expect(await codeOf(k.backend.create(n('batch'), {}))).toBe(ErrorCode.InvalidArgument);
    await k.backend.destroy(n('be'), { force: true });
    await k.backend.destroy(n('prio'));
    expect(await waitUntil(() => isDead(pid), 2000)).toBe(true);
  });
});
