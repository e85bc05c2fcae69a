import * as fs from 'node:fs';
import * as path from 'node:path';
import { ContainerName, ErrorCode } from '@lmctfy/core';
import { CgroupBackend } from '../src/cgroup-backend';
import { CgroupResources } from '../src/cgroup-resources';
import { ProcessLauncher } from '../src/process-launcher';
import { makeFakeHost } from './fake-cgroupfs';
import type { FakeHost } from './fake-cgroupfs';

const n = (s: string): ContainerName => ContainerName.parse(s);
const MiB = 1 << 20;

async function codeOf(p: Promise<unknown>): Promise<ErrorCode | undefined> {
  try {
    await p;
  } catch (e) {
    return (e as { code?: ErrorCode }).code;
  }
  return undefined;
}

describe('CgroupBackend on a fake cgroup v2 host', () => {
  let host: FakeHost;
  let backend: CgroupBackend;
  const dir = (rel: string): string => path.join(host.root, 'lmctfy', rel);
  const read = (rel: string, file: string): string => fs.readFileSync(path.join(dir(rel), file), 'utf8').trim();
  const write = (rel: string, file: string, v: string): void => fs.writeFileSync(path.join(dir(rel), file), v);
  const setup = (controllers?: string[]): void => {
    host = makeFakeHost('v2', controllers);
    backend = new CgroupBackend(new CgroupResources(host.config, host.io), new ProcessLauncher());
  };

  beforeEach(() => setup());
  afterEach(() => host.cleanup());

  it('probes available with the v2 details', async () => {
    const probe = await backend.probe();
    expect(probe.available).toBe(true);
    expect(probe.capabilities).toEqual({
      resources: ['cpu', 'memory', 'pids'],
      namespaces: [],
      exec: true,
      details: { cgroup: 'v2', mountPoint: host.root },
    });
  });

  it('enables the needed controllers in every ancestor up to and including the lmctfy root', async () => {
    await backend.create(n('a'), { memory: { limit: 64 * MiB }, pids: { max: 4 } });
    await backend.create(n('a/b'), { cpu: { weight: 50 } });
    expect(fs.readFileSync(path.join(host.root, 'cgroup.subtree_control'), 'utf8').split(' ').sort()).toEqual(['cpu', 'memory', 'pids']);
    expect(read('', 'cgroup.subtree_control').split(' ').sort()).toEqual(['cpu', 'memory', 'pids']);
    expect(read('a', 'cgroup.subtree_control')).toBe('cpu');
    expect(read('a/b', 'cpu.weight')).toBe('50');
  });

  it('writes v2 files: memory.max, swap as swap only, memory.high, weight from shares, cpu.max', async () => {
    await backend.create(n('a'), {
      memory: { limit: 64 * MiB, swap: 32 * MiB, high: 48 * MiB, reservation: 16 * MiB },
      cpu: { shares: 1024, max: 0.5, cpus: '0', mems: '0' },
      pids: { max: 'max' },
    });
    expect(read('a', 'memory.max')).toBe(String(64 * MiB));
    expect(read('a', 'memory.swap.max')).toBe(String(32 * MiB));
    expect(read('a', 'memory.high')).toBe(String(48 * MiB));
    expect(read('a', 'memory.low')).toBe(String(16 * MiB));
    expect(read('a', 'cpu.weight')).toBe('100');
    expect(read('a', 'cpu.max')).toBe('50000 100000');
    expect(read('a', 'cpuset.cpus')).toBe('0');
    expect(read('a', 'pids.max')).toBe('max');
  });

  it('refuses a controller the host does not offer and removes what it made', async () => {
    host.cleanup();
    setup(['cpu', 'memory']);
    await expect(backend.create(n('a'), { pids: { max: 3 } })).rejects.toThrow(/pids controller not available/);
    expect(await codeOf(backend.create(n('a'), { pids: { max: 3 } }))).toBe(ErrorCode.Unimplemented);
    expect(fs.existsSync(dir(''))).toBe(false);
  });

  it('cleans up the container and the lmctfy root when a write fails', async () => {
    expect(await codeOf(backend.create(n('a'), { cpu: { max: 0.0001 } }))).toBe(ErrorCode.InvalidArgument);
    expect(fs.existsSync(dir(''))).toBe(false);
  });

  it('reports cpu usage from cpu.stat in ns and memory oom kills from memory.events', async () => {
    await backend.create(n('a'), { memory: { limit: 64 * MiB } });
    write('a', 'cpu.stat', 'usage_usec 7\nuser_usec 4\nsystem_usec 3');
    write('a', 'memory.current', '4096');
    write('a', 'memory.events', 'low 0\nhigh 0\nmax 5\noom 1\noom_kill 1');
    expect(await backend.stats(n('a'))).toEqual({
      memory: { usage: 4096, maxUsage: 0, limit: 64 * MiB, failCount: 5, oomKills: 1 },
      cpu: { usage: { total: 7000, user: 4000, system: 3000 }, throttling: { periods: 0, throttledPeriods: 0, throttledTime: 0 } },
    });
  });

  it('reads the spec back', async () => {
    await backend.create(n('a'), { memory: { limit: 64 * MiB }, cpu: { weight: 200, max: 2 } });
    expect(await backend.spec(n('a'))).toEqual({
      memory: { limit: 64 * MiB, reservation: 0, high: 'max', swap: 'max' },
      cpu: { weight: 200, max: 2, period: 100000 },
    });
  });

  it('pauses through cgroup.freeze and waits for cgroup.events frozen', async () => {
    await backend.create(n('a'), {});
    await backend.pause(n('a'));
    expect(read('a', 'cgroup.freeze')).toBe('1');
    await backend.resume(n('a'));
    expect(read('a', 'cgroup.events')).toMatch(/frozen 0/);
  });

  it('destroys a subtree with --force, deepest first', async () => {
    await backend.create(n('a'), { memory: { limit: 64 * MiB } });
    await backend.create(n('a/b'), {});
    await backend.create(n('a/b/c'), {});
    await backend.destroy(n('a'), { force: true });
    expect(fs.existsSync(dir('a'))).toBe(false);
    expect(await backend.listContainers(ContainerName.root)).toEqual([]);
  });

  it('detects containers from the 0:: line', async () => {
    fs.mkdirSync(path.join(host.procDir, '7'));
    fs.writeFileSync(path.join(host.procDir, '7', 'cgroup'), '0::/lmctfy/a/b\n');
    expect(String(await backend.detect(7))).toBe('/a/b');
  });
});
