import * as fs from 'node:fs';
import * as path from 'node:path';
import { ContainerName, ErrorCode } from '@lmctfy/core';
import type { ContainerSpec } from '@lmctfy/core';
import { CgroupBackend } from '../src/cgroup-backend';
import { CgroupResources } from '../src/cgroup-resources';
import { ProcessLauncher } from '../src/process-launcher';
import { makeFakeHost } from './fake-cgroupfs';
import type { FakeHost } from './fake-cgroupfs';
import { codeOf } from '@lmctfy/testkit';
import { MiB, n } from './test-util';

const HIERARCHIES = ['cpuset', 'cpu', 'cpuacct', 'memory', 'blkio', 'pids', 'hugetlb', 'devices', 'freezer'];

describe('CgroupBackend on a fake cgroup v1 host', () => {
  let host: FakeHost;
  let backend: CgroupBackend;
  const read = (ctrl: string, rel: string, file: string): string => fs.readFileSync(path.join(host.dir(ctrl, rel), file), 'utf8').trim();
  const has = (ctrl: string, rel: string): boolean => fs.existsSync(host.dir(ctrl, rel));
  const leftovers = (): string[] => HIERARCHIES.filter((c) => has(c, 'lmctfy'));

  beforeEach(() => {
    host = makeFakeHost('v1');
    backend = new CgroupBackend(new CgroupResources(host.config, host.io), new ProcessLauncher());
  });
  afterEach(() => host.cleanup());

  it('probes available with every section whose hierarchy is mounted, and the v1 details', async () => {
    const probe = await backend.probe();
    expect(probe.available).toBe(true);
    expect(probe.capabilities).toMatchObject({
      resources: ['cpu', 'memory', 'blkio', 'pids', 'hugetlb', 'devices'],
      namespaces: [],
      exec: true,
      details: { cgroup: 'v1', mountPoint: host.root },
    });
  });

  it('probes unavailable, naming the controller, when freezer is not mounted', async () => {
    host.cleanup();
    host = makeFakeHost('v1', ['cpu', 'cpuacct', 'memory']);
    backend = new CgroupBackend(new CgroupResources(host.config, host.io), new ProcessLauncher());
    const probe = await backend.probe();
    expect(probe.available).toBe(false);
    expect(probe.available === false && probe.reason).toMatch(/freezer controller not mounted/);
  });

  it('gives an empty spec only freezer and cpuacct cgroups', async () => {
    await backend.create(n('a'), {});
    expect(HIERARCHIES.filter((c) => has(c, 'lmctfy/a'))).toEqual(['cpuacct', 'freezer']);
    expect(await backend.exists(n('a'))).toBe(true);
  });

  it('isolates and writes memory, cpu and pids sections', async () => {
    const spec: ContainerSpec = {
      memory: { limit: 64 * MiB, swap: 32 * MiB, reservation: 16 * MiB },
      cpu: { weight: 100, max: 0.5 },
      pids: { max: 10 },
    };
    await backend.create(n('a'), spec);
    expect(HIERARCHIES.filter((c) => has(c, 'lmctfy/a'))).toEqual(['cpu', 'cpuacct', 'memory', 'pids', 'freezer']);
    expect(read('memory', 'lmctfy/a', 'memory.limit_in_bytes')).toBe(String(64 * MiB));
    expect(read('memory', 'lmctfy/a', 'memory.memsw.limit_in_bytes')).toBe(String(96 * MiB));
    expect(read('memory', 'lmctfy/a', 'memory.soft_limit_in_bytes')).toBe(String(16 * MiB));
    expect(Number(read('cpu', 'lmctfy/a', 'cpu.shares'))).toBeLessThanOrEqual(1024);
    expect(read('cpu', 'lmctfy/a', 'cpu.cfs_quota_us')).toBe('50000');
    expect(read('cpu', 'lmctfy/a', 'cpu.cfs_period_us')).toBe('100000');
    expect(read('pids', 'lmctfy/a', 'pids.max')).toBe('10');
  });

  it('initialises new cpusets from the parent before writing cpus', async () => {
    await backend.create(n('a'), { cpu: { cpus: '1' } });
    expect(read('cpuset', 'lmctfy', 'cpuset.cpus')).toBe('0-3');
    expect(read('cpuset', 'lmctfy/a', 'cpuset.mems')).toBe('0');
    expect(read('cpuset', 'lmctfy/a', 'cpuset.cpus')).toBe('1');
  });

  it('refuses an existing container and a child of a missing parent', async () => {
    await backend.create(n('a'), {});
    expect(await codeOf(backend.create(n('a'), {}))).toBe(ErrorCode.AlreadyExists);
    await expect(backend.create(n('x/y'), {})).rejects.toThrow('parent container /x does not exist');
    expect(await codeOf(backend.create(n('x/y'), {}))).toBe(ErrorCode.NotFound);
  });

  it.each([
    ['memory.high (unimplemented on v1)', { memory: { limit: 64 * MiB, high: 32 * MiB } }, ErrorCode.Unimplemented],
    ['swap without limit', { memory: { swap: MiB } }, ErrorCode.InvalidArgument],
    ['a quota below 1000 µs', { cpu: { max: 0.001 } }, ErrorCode.InvalidArgument],
  ] as Array<[string, ContainerSpec, ErrorCode]>)('leaves no directory behind when create fails on %s', async (_what, spec, code) => {
    expect(await codeOf(backend.create(n('a'), spec))).toBe(code);
    expect(leftovers()).toEqual([]);
  });

  it('refuses a section whose controller is not mounted, naming it, and leaves nothing', async () => {
    host.cleanup();
    host = makeFakeHost('v1', ['cpu', 'cpuacct', 'memory', 'freezer']);
    backend = new CgroupBackend(new CgroupResources(host.config, host.io), new ProcessLauncher());
    await expect(backend.create(n('a'), { pids: { max: 5 } })).rejects.toThrow(/pids controller not mounted/);
    expect(await codeOf(backend.create(n('a'), { pids: { max: 5 } }))).toBe(ErrorCode.Unimplemented);
    expect(leftovers()).toEqual([]);
  });

  it('reports stats in bytes and nanoseconds, with sections only for isolated resources', async () => {
    await backend.create(n('a'), { memory: { limit: 64 * MiB } });
    const w = (ctrl: string, file: string, v: string): void => fs.writeFileSync(path.join(host.dir(ctrl, 'lmctfy/a'), file), v);
    w('memory', 'memory.usage_in_bytes', '1000');
    w('memory', 'memory.max_usage_in_bytes', '2000');
    w('memory', 'memory.failcnt', '7');
    w('memory', 'memory.oom_control', 'oom_kill_disable 0\nunder_oom 0\noom_kill 2');
    w('cpuacct', 'cpuacct.usage', '5000000000');
    w('cpuacct', 'cpuacct.stat', 'user 300\nsystem 200');
    expect(await backend.stats(n('a'))).toEqual({
      memory: { usage: 1000, maxUsage: 2000, limit: 64 * MiB, failCount: 7, oomKills: 2, workingSet: 1000, breakdown: expect.objectContaining({ anon: 0, inactiveFile: 0 }) },
      cpu: { usage: { total: 5e9, user: 3e9, system: 2e9 }, throttling: { periods: 0, throttledPeriods: 0, throttledTime: 0 } },
    });
  });

  it('reads the spec back from the kernel files, unlimited values as max', async () => {
    await backend.create(n('a'), { memory: { limit: 64 * MiB, swap: 0 }, cpu: { shares: 512, max: 1.5, cpus: '0-1' }, pids: { max: 'max' } });
    expect(await backend.spec(n('a'))).toEqual({
      memory: { limit: 64 * MiB, reservation: 'max', swap: 0, oomKillDisable: false },
      cpu: { cpus: '0-1', mems: '0', shares: 512, max: 1.5, period: 100000 },
      pids: { max: 'max' },
    });
  });

  it('lists children sorted, and the whole subtree parents first when recursive', async () => {
    for (const name of ['b', 'a', 'a/y', 'a/x', 'a/x/deep']) await backend.create(n(name), {});
    const names = (l: ContainerName[]): string[] => l.map(String);
    expect(names(await backend.listContainers(ContainerName.root))).toEqual(['/a', '/b']);
    expect(names(await backend.listContainers(ContainerName.root, { recursive: true }))).toEqual(['/a', '/a/x', '/a/x/deep', '/a/y', '/b']);
    expect(names(await backend.listContainers(n('a')))).toEqual(['/a/x', '/a/y']);
    expect(await codeOf(backend.listContainers(n('nope')))).toBe(ErrorCode.NotFound);
  });

  it('lists pids from the freezer cgroup.procs, sorted, recursive adds descendants', async () => {
    await backend.create(n('a'), {});
    await backend.create(n('a/b'), {});
    fs.writeFileSync(path.join(host.dir('freezer', 'lmctfy/a'), 'cgroup.procs'), '30\n4\n');
    fs.writeFileSync(path.join(host.dir('freezer', 'lmctfy/a/b'), 'cgroup.procs'), '12\n');
    expect(await backend.listPids(n('a'))).toEqual([4, 30]);
    expect(await backend.listPids(n('a'), { recursive: true })).toEqual([4, 12, 30]);
  });

  it('enters a pid into every hierarchy the container has', async () => {
    await backend.create(n('a'), { memory: { limit: 64 * MiB } });
    await backend.enter(n('a'), [4242]);
    for (const c of ['cpuacct', 'memory', 'freezer']) expect(read(c, 'lmctfy/a', 'cgroup.procs')).toBe('4242');
  });

  it('refuses to destroy a container with children or processes unless forced, then removes every hierarchy', async () => {
    await backend.create(n('a'), { memory: { limit: 64 * MiB }, pids: { max: 5 } });
    await backend.create(n('a/b'), { memory: { limit: 32 * MiB } });
    await expect(backend.destroy(n('a'))).rejects.toThrow(/child containers \(\/a\/b\); use --force/);
    fs.writeFileSync(path.join(host.dir('freezer', 'lmctfy/a/b'), 'cgroup.procs'), '999999999');
    await expect(backend.destroy(n('a/b'))).rejects.toThrow(/1 running process.*use --force/);
    fs.writeFileSync(path.join(host.dir('freezer', 'lmctfy/a/b'), 'cgroup.procs'), '');
    await backend.destroy(n('a'), { force: true });
    expect(HIERARCHIES.filter((c) => has(c, 'lmctfy/a'))).toEqual([]);
    expect(await codeOf(backend.destroy(n('a')))).toBe(ErrorCode.NotFound);
  });

  it('pauses and resumes through freezer.state', async () => {
    await backend.create(n('a'), {});
    await backend.pause(n('a'));
    expect(read('freezer', 'lmctfy/a', 'freezer.state')).toBe('FROZEN');
    await backend.resume(n('a'));
    expect(read('freezer', 'lmctfy/a', 'freezer.state')).toBe('THAWED');
  });

  it('detects the container of a pid from its freezer line, or the root when outside lmctfy', async () => {
    const proc = (pid: number, text: string): void => {
      fs.mkdirSync(path.join(host.procDir, String(pid)));
      fs.writeFileSync(path.join(host.procDir, String(pid), 'cgroup'), text);
    };
    proc(10, '6:freezer:/lmctfy/a/b\n4:memory:/process_api/x\n2:cpu,cpuacct:/lmctfy/a/b\n0::/\n');
    proc(11, '6:freezer:/other/lmctfy\n0::/\n');
    proc(12, '6:freezer:/lmctfy\n');
    expect(String(await backend.detect(10))).toBe('/a/b');
    expect((await backend.detect(11)).isRoot).toBe(true);
    expect((await backend.detect(12)).isRoot).toBe(true);
    expect(await codeOf(backend.detect(13))).toBe(ErrorCode.NotFound);
  });
});
