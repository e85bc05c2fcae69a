import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ErrorCode } from '@lmctfy/core';
import { sleep, waitUntil } from '../src/wait';
import { cgroupMode, isDead, kernelBackend } from './kernel-setup';
import type { KernelBackend } from './kernel-setup';
import { codeOf } from '@lmctfy/testkit';
import { MiB, n } from './test-util';

const NODE = process.execPath;
const RULE = "cgroup v2's no-internal-processes rule";

/**
 * The cgroup path of a /proc/<pid>/cgroup text in the hierarchy of `controller` on v1/hybrid
 * ("4:pids:/a/b"; co-mounted lists are comma-separated), or of the "0::" line on v2.
 */
function cgroupPathIn(text: string, v2: boolean, controller: string): string | undefined {
  for (const line of text.split('\n')) {
    const [, controllers, p] = /^\d+:([^:]*):(.*)$/.exec(line) ?? [];
    if (p !== undefined && (v2 ? controllers === '' : controllers.split(',').includes(controller))) return p;
  }
  return undefined;
}

describe('CgroupBackend on this host (real cgroups, root)', () => {
  let k: KernelBackend;
  let tmp: string;
  let v2: boolean;

  beforeAll(async () => {
    k = await kernelBackend('backend');
    v2 = (await cgroupMode(k)) === 'v2';
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lmctfy-kernel-'));
  });
  afterAll(async () => {
    fs.rmSync(tmp, { recursive: true, force: true });
    await k?.cleanup();
  });

  it('probes this host as usable, with its cgroup mode', async () => {
    const probe = await k.backend.probe();
    expect(probe.available).toBe(true);
    const mode = probe.capabilities?.details?.cgroup;
    expect(['v1', 'v2', 'hybrid']).toContain(mode);
    // A hybrid host binds hugetlb to its (unused) cgroup2; the v2 VM enables every controller.
    const expected = mode === 'hybrid' ? ['cpu', 'memory', 'blkio', 'pids', 'devices'] : ['cpu', 'memory', 'blkio', 'pids', 'hugetlb', 'devices'];
    expect(probe.capabilities?.resources).toEqual(expected);
  });

  it('OOM-kills a 200 MB allocation under a 64M limit and counts it in stats', async () => {
    await k.backend.create(n('oom'), { memory: { limit: 64 * MiB } });
    const alloc = 'const a=[];for(let i=0;i<200;i++)a.push(Buffer.alloc(1<<20,1));console.log("survived")';
    const r = await k.backend.run(n('oom'), { args: [NODE, '-e', alloc] }, { mode: 'foreground' });
    expect(r.signal ?? r.exitCode).toBe('SIGKILL');
    const stats = await k.backend.stats(n('oom'));
    expect(stats.memory?.oomKills).toBeGreaterThanOrEqual(1);
    expect(stats.memory?.failCount).toBeGreaterThan(0);
    expect(stats.memory?.limit).toBe(64 * MiB);
    expect(stats.cpu?.usage.total).toBeGreaterThan(0);
    await k.backend.destroy(n('oom'));
  });

  it('stops a fork loop at the pids limit', async () => {
    await k.backend.create(n('forks'), { pids: { max: 5 } });
    const count = path.join(tmp, 'forks');
    const loop = `i=0; while [ $i -lt 20 ]; do sleep 30 & i=$((i+1)); echo $i > ${count}; done`;
    const r = await k.backend.run(n('forks'), { args: ['sh', '-c', loop] }, { mode: 'foreground' });
    expect(r.exitCode).not.toBe(0);
    expect(Number(fs.readFileSync(count, 'utf8'))).toBeLessThanOrEqual(4);
    expect((await k.backend.stats(n('forks'))).pids?.limit).toBe(5);
    await k.backend.destroy(n('forks'), { force: true });
  });

  it('pause stops progress and resume restarts it', async () => {
    await k.backend.create(n('pause'), {});
    const counter = path.join(tmp, 'counter');
    fs.writeFileSync(counter, '0'.padStart(16));
    // pwrite at offset 0, never truncating: a task frozen mid-truncate can sit in D state.
    const busy = `const fs=require('fs');const fd=fs.openSync(${JSON.stringify(counter)},'r+');for(let i=1;;i++)if(i%20000===0)fs.writeSync(fd,String(i).padStart(16),0)`;
    const { pid } = await k.backend.run(n('pause'), { args: [NODE, '-e', busy] }, { mode: 'detached' });
    const value = (): number => Number(fs.readFileSync(counter, 'utf8'));
    expect(await waitUntil(() => value() > 0, 5000)).toBe(true);
    await k.backend.pause(n('pause'));
    const frozenAt = value();
    await sleep(300);
    expect(value()).toBe(frozenAt);
    await k.backend.resume(n('pause'));
    expect(await waitUntil(() => value() > frozenAt, 3000)).toBe(true);
    await k.backend.destroy(n('pause'), { force: true });
    expect(await waitUntil(() => isDead(pid), 2000)).toBe(true);
  });

  it('destroy --force kills grandchildren and SIGTERM-ignoring processes and leaves no directory anywhere', async () => {
    await k.backend.create(n('tree'), { memory: { limit: 128 * MiB } });
    await k.backend.create(n('tree/kid'), { pids: { max: 50 }, cpu: { max: 0.5 } });
    await k.backend.create(n('tree/kid/grandkid'), {});
    // v1 lets every level of the tree hold processes. v2's no-internal-processes rule keeps
    // them out of /tree, whose child /tree/kid isolates cpu and pids: there they go in leaves
    // only (a second leaf, /tree/side, takes /tree's), and lmctfy refuses /tree with code 9.
    if (v2) {
      await k.backend.create(n('tree/side'), {});
      const refused = k.backend.run(n('tree'), { args: ['true'] }, { mode: 'detached' });
      await expect(refused).rejects.toThrow(`${RULE}: /tree has child containers that isolate cpu, pids, so it cannot hold processes`);
      expect(await codeOf(refused)).toBe(ErrorCode.FailedPrecondition);
      expect(await codeOf(k.backend.enter(n('tree'), [process.pid]))).toBe(ErrorCode.FailedPrecondition);
      expect(await k.backend.listPids(n('tree'), { recursive: true })).toEqual([]);
    }
    const [top, middle] = v2 ? ['tree/side', 'tree/kid/grandkid'] : ['tree', 'tree/kid'];
    const stubborn = 'trap "" TERM; (sleep 1000 &); sleep 1000 & while :; do sleep 1; done';
    const started = [
      await k.backend.run(n(top), { args: ['sh', '-c', stubborn] }, { mode: 'detached' }),
      await k.backend.run(n(middle), { args: ['sh', '-c', stubborn] }, { mode: 'detached' }),
      await k.backend.run(n('tree/kid/grandkid'), { args: ['sleep', '1000'] }, { mode: 'detached' }),
    ];
    // Each stubborn shell starts two sleepers (one reparented away from it): 7 processes.
    let all: number[] = [];
    for (let i = 0; i < 60 && all.length < 7; i++) {
      all = await k.backend.listPids(n('tree'), { recursive: true });
      if (all.length < 7) await sleep(50);
    }
    expect(all.length).toBeGreaterThanOrEqual(7);
    for (const { pid } of started) expect(all).toContain(pid);
    await expect(k.backend.destroy(n('tree'))).rejects.toThrow(/use --force/);
    await k.backend.destroy(n('tree'), { force: true });
    expect(k.dirsOf('tree')).toEqual([]);
    expect(await waitUntil(() => all.every(isDead), 3000)).toBe(true);
    expect(await k.backend.exists(n('tree'))).toBe(false);
  });

  it('v2 refuses a child isolating controllers under a container with processes (code 9, nothing made); v1 allows it', async () => {
    await k.backend.create(n('busy'), {});
    const { pid } = await k.backend.run(n('busy'), { args: ['sleep', '1000'] }, { mode: 'detached' });
    const subtreeControl = (): string[] => k.dirsOf('busy').map((d) => fs.readFileSync(path.join(d, 'cgroup.subtree_control'), 'utf8'));
    const before = v2 ? subtreeControl() : [];
    const kid = k.backend.create(n('busy/kid'), { pids: { max: 5 }, cpu: { max: 0.5 } });
    if (v2) {
      await expect(kid).rejects.toThrow(`${RULE}: /busy holds processes, so its children cannot isolate cpu, pids; put those processes in a child container`);
      expect(await codeOf(kid)).toBe(ErrorCode.FailedPrecondition);
      expect(k.dirsOf('busy/kid')).toEqual([]);
      expect(subtreeControl()).toEqual(before);
      expect(await k.backend.exists(n('busy/kid'))).toBe(false);
      // A child that isolates nothing needs nothing enabled in /busy, and takes processes.
      await k.backend.create(n('busy/plain'), {});
      expect((await k.backend.run(n('busy/plain'), { args: ['true'] }, { mode: 'foreground' })).exitCode).toBe(0);
    } else {
      await kid;
      const inKid = await k.backend.run(n('busy/kid'), { args: ['sleep', '1000'] }, { mode: 'detached' });
      expect(await k.backend.listPids(n('busy'), { recursive: true })).toEqual([pid, inKid.pid].sort((a, b) => a - b));
    }
    await k.backend.destroy(n('busy'), { force: true });
    expect(await waitUntil(() => isDead(pid), 3000)).toBe(true);
    expect(k.dirsOf('busy')).toEqual([]);
  });

  it('run in the foreground passes exit codes and signals, inside the container from the first instruction', async () => {
    await k.backend.create(n('fg'), {});
    expect((await k.backend.run(n('fg'), { args: ['sh', '-c', 'exit 7'] }, { mode: 'foreground' })).exitCode).toBe(7);
    expect((await k.backend.run(n('fg'), { args: ['sh', '-c', 'kill -KILL $$'] }, { mode: 'foreground' })).signal).toBe('SIGKILL');
    expect((await k.backend.run(n('fg'), { args: ['lmctfy-no-such-command'] }, { mode: 'foreground' })).exitCode).toBe(127);
    const out = path.join(tmp, 'cgroup');
    await k.backend.run(n('fg'), { args: ['cp', '/proc/self/cgroup', out] }, { mode: 'foreground' });
    expect(fs.readFileSync(out, 'utf8')).toContain(`/${k.cgroupRoot}/fg`);
    await k.backend.destroy(n('fg'));
  });

  it('runs as process.user after joining (root-owned cgroup.procs cannot be written by the user)', async () => {
    await k.backend.create(n('user'), { pids: { max: 10 } });
    // A directory of its own: mkdtemp's 0700 parent would keep the user out.
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'lmctfy-user-'));
    fs.chmodSync(out, 0o777);
    const script = `id -u > ${out}/id; id -G > ${out}/groups; cat /proc/self/cgroup > ${out}/cgroup`;
    const r = await k.backend.run(n('user'), { args: ['sh', '-c', script], user: { uid: 65534, gid: 65534, additionalGids: [100] } }, { mode: 'foreground' });
    expect(r.exitCode).toBe(0);
    expect(fs.readFileSync(`${out}/id`, 'utf8').trim()).toBe('65534');
    expect(fs.readFileSync(`${out}/groups`, 'utf8').trim().split(' ').sort()).toEqual(['100', '65534']);
    expect(cgroupPathIn(fs.readFileSync(`${out}/cgroup`, 'utf8'), v2, 'pids')).toBe(`/${k.cgroupRoot}/user`);
    fs.rmSync(out, { recursive: true, force: true });
    await k.backend.destroy(n('user'));
  });

  it('detached run returns a pid that listPids and detect() see', async () => {
    await k.backend.create(n('bg'), { cpu: { shares: 512 } });
    const { pid } = await k.backend.run(n('bg'), { args: ['sleep', '1000'] }, { mode: 'detached' });
    expect(await k.backend.listPids(n('bg'))).toEqual([pid]);
    expect(String(await k.backend.detect(pid))).toBe('/bg');
    expect((await k.backend.detect(process.pid)).isRoot).toBe(true);
    await k.backend.killAll(n('bg'));
    expect(await k.backend.listPids(n('bg'))).toEqual([]);
    await k.backend.destroy(n('bg'));
  });

  it('enter moves a running process into every hierarchy of the container', async () => {
    await k.backend.create(n('enter'), { memory: { limit: 64 * MiB } });
    await expect(k.backend.run(n('missing'), { args: ['true'] }, { mode: 'foreground' })).rejects.toThrow(/does not exist/);
    const outside = spawn('sleep', ['1000'], { stdio: 'ignore' });
    try {
      const pid = outside.pid as number;
      await k.backend.enter(n('enter'), [pid]);
      await expect(k.backend.enter(n('enter'), [999999999])).rejects.toThrow(/no process 999999999/);
      expect(String(await k.backend.detect(pid))).toBe('/enter');
      const text = fs.readFileSync(`/proc/${pid}/cgroup`, 'utf8');
      // v1: each hierarchy the container has (memory for its limit, freezer and cpuacct always); v2: the one.
      for (const controller of v2 ? ['memory'] : ['memory', 'freezer', 'cpuacct']) {
        expect({ controller, path: cgroupPathIn(text, v2, controller) }).toEqual({ controller, path: `/${k.cgroupRoot}/enter` });
      }
    } finally {
      outside.kill('SIGKILL');
    }
    await k.backend.destroy(n('enter'), { force: true });
  });

  it('reads the written limits back from the kernel', async () => {
    await k.backend.create(n('spec'), { memory: { limit: 64 * MiB, reservation: 32 * MiB }, cpu: { shares: 512, max: 0.5, cpus: '0' }, pids: { max: 10 } });
    const spec = await k.backend.spec(n('spec'));
    expect(spec.memory).toMatchObject({ limit: 64 * MiB, reservation: 32 * MiB });
    expect(spec.cpu).toMatchObject({ max: 0.5, period: 100000, cpus: '0' });
    expect(spec.pids).toEqual({ max: 10 });
    await k.backend.destroy(n('spec'));
    expect(k.dirsOf('spec')).toEqual([]);
  });
});
