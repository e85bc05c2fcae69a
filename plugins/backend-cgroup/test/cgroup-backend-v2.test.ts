import * as fs from 'node:fs';
import * as path from 'node:path';
import { ContainerName, ErrorCode } from '@lmctfy/core';
import { CgroupBackend } from '../src/cgroup-backend';
import { CgroupResources } from '../src/cgroup-resources';
import { ProcessLauncher } from '../src/process-launcher';
import { makeFakeHost } from './fake-cgroupfs';
import type { FakeHost } from './fake-cgroupfs';
import { backendOn, MiB, n } from './test-util';
import { codeOf } from '@lmctfy/testkit';

function codeAndMessage(f: () => void): { code?: ErrorCode; message: string } | undefined {
  try {
    f();
  } catch (e) {
    return { code: (e as { code?: ErrorCode }).code, message: (e as Error).message };
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
    expect(probe.capabilities).toMatchObject({
      resources: ['cpu', 'memory', 'blkio', 'pids', 'hugetlb', 'devices'],
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
      memory: { usage: 4096, maxUsage: 0, limit: 64 * MiB, failCount: 5, oomKills: 1, workingSet: 4096, breakdown: expect.objectContaining({ anon: 0, file: 0 }) },
      cpu: { usage: { total: 7000, user: 4000, system: 3000 }, throttling: { periods: 0, throttledPeriods: 0, throttledTime: 0 } },
    });
  });

  it('reads the spec back', async () => {
    await backend.create(n('a'), { memory: { limit: 64 * MiB }, cpu: { weight: 200, max: 2 } });
    expect(await backend.spec(n('a'))).toEqual({
      memory: { limit: 64 * MiB, reservation: 0, high: 'max', swap: 'max', oomGroup: false },
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

  describe("the no-internal-processes rule (a cgroup that enables controllers for its children holds no processes)", () => {
    const RULE = "cgroup v2's no-internal-processes rule";
    const rmw = (rel: string, file: string): string => path.relative(host.root, path.join(dir(rel), file));

    it('refuses a child that isolates controllers under a container with processes, touching nothing', async () => {
      await backend.create(n('tree'), { memory: { limit: 64 * MiB } });
      write('tree', 'cgroup.procs', '4242');
      const writes = [...host.io.writes];
      const subtree = [host.root, dir(''), dir('tree')].map((d) => fs.readFileSync(path.join(d, 'cgroup.subtree_control'), 'utf8'));
      const attempt = backend.create(n('tree/kid'), { pids: { max: 50 }, cpu: { max: 0.5 } });
      expect(await codeOf(attempt)).toBe(ErrorCode.FailedPrecondition);
      await expect(backend.create(n('tree/kid'), { pids: { max: 50 }, cpu: { max: 0.5 } })).rejects.toThrow(
        `cannot create /tree/kid: ${RULE}: /tree holds processes, so its children cannot isolate cpu, pids; put those processes in a child container`,
      );
      expect(host.io.writes).toEqual(writes);
      expect([host.root, dir(''), dir('tree')].map((d) => fs.readFileSync(path.join(d, 'cgroup.subtree_control'), 'utf8'))).toEqual(subtree);
      expect(fs.existsSync(dir('tree/kid'))).toBe(false);
      expect(await backend.exists(n('tree/kid'))).toBe(false);
      // A child that isolates nothing needs nothing enabled in /tree: v2 allows it.
      await backend.create(n('tree/plain'), {});
      expect(read('tree', 'cgroup.subtree_control')).toBe('');
      await backend.enter(n('tree/plain'), [4343]);
      expect(read('tree/plain', 'cgroup.procs')).toBe('4343');
    });

    it('checks every existing ancestor, naming the one with processes', async () => {
      await backend.create(n('a'), {});
      await backend.create(n('a/b'), {});
      write('a', 'cgroup.procs', '7');
      await expect(backend.create(n('a/b/c'), { memory: { limit: 64 * MiB } })).rejects.toThrow(`${RULE}: /a holds processes, so its children cannot isolate memory`);
      expect(fs.existsSync(dir('a/b/c'))).toBe(false);
    });

    it('refuses to move processes into a container whose children isolate controllers, before any write', async () => {
      await backend.create(n('tree'), {});
      await backend.create(n('tree/kid'), { pids: { max: 5 }, cpu: { weight: 50 } });
      const why = `cannot move processes into /tree: ${RULE}: /tree has child containers that isolate cpu, pids, so it cannot hold processes; run them in a child container`;
      const writes = [...host.io.writes];
      expect(await codeOf(backend.run(n('tree'), { args: ['true'] }, { mode: 'foreground' }))).toBe(ErrorCode.FailedPrecondition);
      await expect(backend.run(n('tree'), { args: ['true'] }, { mode: 'detached' })).rejects.toThrow(why);
      await expect(backend.enter(n('tree'), [4242])).rejects.toThrow(why);
      expect(host.io.writes).toEqual(writes);
      await backend.enter(n('tree/kid'), [4242]);
      expect(host.io.writes.slice(writes.length)).toEqual([`${rmw('tree/kid', 'cgroup.procs')}=4242`]);
    });

    it('refuses a "domain invalid" container below a thread root (processes plus cpu/pids enabled), naming the ancestor', async () => {
      // The kernel state of a parent that took processes and then had cpu and pids enabled.
      await backend.create(n('tree'), {});
      await backend.create(n('tree/kid'), {});
      write('tree', 'cgroup.procs', '4242');
      write('tree', 'cgroup.subtree_control', 'cpu pids');
      write('tree/kid', 'cgroup.type', 'domain invalid');
      await expect(backend.enter(n('tree/kid'), [1])).rejects.toThrow(
        `cannot move processes into /tree/kid: ${RULE}: /tree holds processes, so its children cannot isolate cpu, pids; put those processes in a child container`,
      );
      await expect(backend.create(n('tree/kid2'), {})).rejects.toThrow(`${RULE}: /tree holds processes, so its children cannot isolate cpu, pids`);
    });

    it("explains the kernel's EBUSY and EOPNOTSUPP on cgroup.procs by the rule, with code 9", async () => {
      await backend.create(n('tree'), {});
      await backend.create(n('tree/kid'), { pids: { max: 5 } });
      const busy = codeAndMessage(() => host.io.write(dir('tree'), 'cgroup.procs', 1));
      expect(busy).toEqual({ code: ErrorCode.FailedPrecondition, message: `cgroup.procs: ${RULE}: cgroup /lmctfy/tree has child containers that isolate pids, so it cannot hold processes; run them in a child container` });

      await backend.create(n('other'), {});
      await backend.create(n('other/kid'), {});
      write('other', 'cgroup.procs', '4242');
      write('other', 'cgroup.subtree_control', 'cpu pids');
      write('other/kid', 'cgroup.type', 'domain invalid');
      const invalid = codeAndMessage(() => host.io.write(dir('other/kid'), 'cgroup.procs', 1));
      expect(invalid).toEqual({ code: ErrorCode.FailedPrecondition, message: `cgroup.procs: ${RULE}: cgroup /lmctfy/other holds processes, so its children cannot isolate cpu, pids; put those processes in a child container` });

      // Enabling controllers in a cgroup with processes: EBUSY, named the same way.
      expect(codeAndMessage(() => host.io.write(dir('other'), 'cgroup.subtree_control', '+memory'))).toEqual({
        code: ErrorCode.FailedPrecondition,
        message: `cgroup.subtree_control: ${RULE}: cgroup /lmctfy/other holds processes, so its children cannot isolate memory; put those processes in a child container`,
      });
    });

    it('says why a run failed to join when a child appeared between the check and the join', async () => {
      const { backend: b, resources } = backendOn(host);
      await b.create(n('racy'), {});
      // The check passes, then the join fails (cgroup.procs replaced by a directory) while the tree shows why.
      jest.spyOn(resources.driver, 'joinProblem').mockReturnValueOnce(undefined).mockReturnValueOnce(`${RULE}: /racy has child containers that isolate pids, so it cannot hold processes; run them in a child container`);
      fs.rmSync(path.join(dir('racy'), 'cgroup.procs'));
      fs.mkdirSync(path.join(dir('racy'), 'cgroup.procs'));
      const run = b.run(n('racy'), { args: ['true'] }, { mode: 'foreground' });
      await expect(run).rejects.toThrow(`cannot move processes into /racy: ${RULE}: /racy has child containers that isolate pids`);
      await expect(run).rejects.toMatchObject({ code: ErrorCode.FailedPrecondition });
    });
  });

  it('detects containers from the 0:: line', async () => {
    fs.mkdirSync(path.join(host.procDir, '7'));
    fs.writeFileSync(path.join(host.procDir, '7', 'cgroup'), '0::/lmctfy/a/b\n');
    expect(String(await backend.detect(7))).toBe('/a/b');
  });
});
