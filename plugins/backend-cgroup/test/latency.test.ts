import * as fs from 'node:fs';
import * as path from 'node:path';
import { ContainerName, ErrorCode } from '@lmctfy/core';
import type { CgroupBackend } from '../src/cgroup-backend';
import { makeFakeHost } from './fake-cgroupfs';
import type { FakeHost } from './fake-cgroupfs';
import { backendOn, codeOf, n } from './test-util';

const names = (l: ContainerName[]): string[] => l.map(String);

describe.each(['v1', 'v2'] as const)('cpu latency classes on a fake cgroup %s host', (version) => {
  let host: FakeHost;
  let backend: CgroupBackend;
  /** The cpu directory of a container: v1 the cpu hierarchy, v2 the one directory. */
  const cpuDir = (rel: string): string => (version === 'v1' ? host.dir('cpu', `lmctfy/${rel}`) : path.join(host.root, 'lmctfy', rel));
  const read = (dir: string, f: string): string => fs.readFileSync(path.join(dir, f), 'utf8').trim();

  beforeEach(async () => {
    host = makeFakeHost(version);
    ({ backend } = backendOn(host));
    await backend.create(n('be'), { cpu: { latency: 'best-effort' }, memory: {} });
    await backend.create(n('prio'), { cpu: { latency: 'priority' } });
  });
  afterEach(() => host.cleanup());

  it('places a best-effort container under batch with minimal weight, priority ones as siblings', () => {
    expect(fs.existsSync(cpuDir('batch/be'))).toBe(true);
    expect(fs.existsSync(cpuDir('be'))).toBe(false);
    expect(fs.existsSync(cpuDir('prio'))).toBe(true);
    expect(read(cpuDir('batch'), version === 'v1' ? 'cpu.shares' : 'cpu.weight')).toBe(version === 'v1' ? '2' : '1');
    if (version === 'v1') {
      expect(fs.existsSync(host.dir('cpuacct', 'lmctfy/batch/be'))).toBe(true);
      expect(fs.existsSync(host.dir('memory', 'lmctfy/be'))).toBe(true);
      expect(fs.existsSync(host.dir('freezer', 'lmctfy/be'))).toBe(true);
    }
  });

  it('finds best-effort containers by name: list, spec, children, detect, destroy', async () => {
    expect(names(await backend.listContainers(ContainerName.root))).toEqual(['/be', '/prio']);
    expect((await backend.spec(n('be'))).cpu?.latency).toBe('best-effort');
    expect((await backend.spec(n('prio'))).cpu?.latency).toBeUndefined();
    await backend.create(n('be/kid'), { cpu: { weight: 10 } });
    expect(fs.existsSync(cpuDir('batch/be/kid'))).toBe(true);
    expect(names(await backend.listContainers(ContainerName.root, { recursive: true }))).toEqual(['/be', '/be/kid', '/prio']);
    fs.mkdirSync(path.join(host.procDir, '9'));
    const line = version === 'v1' ? '6:freezer:/lmctfy/be/kid\n1:cpu:/lmctfy/batch/be/kid\n' : '0::/lmctfy/batch/be/kid\n';
    fs.writeFileSync(path.join(host.procDir, '9', 'cgroup'), line);
    expect(String(await backend.detect(9))).toBe('/be/kid');
    expect((await backend.stats(n('be'))).cpu).toBeDefined();
    await backend.destroy(n('be'), { force: true });
    expect(fs.existsSync(cpuDir('batch/be'))).toBe(false);
    expect(await backend.exists(n('be'))).toBe(false);
  });

  it('reserves /batch, keeps latency to top-level containers and never changes it', async () => {
    expect(await codeOf(backend.create(n('batch'), {}))).toBe(ErrorCode.InvalidArgument);
    await expect(backend.create(n('batch'), {})).rejects.toThrow(/\/batch is a reserved name/);
    expect(await codeOf(backend.create(n('prio/kid'), { cpu: { latency: 'best-effort' } }))).toBe(ErrorCode.InvalidArgument);
    expect(await codeOf(backend.update(n('be'), { cpu: { latency: 'normal' } }, 'diff'))).toBe(ErrorCode.FailedPrecondition);
    expect(await codeOf(backend.update(n('prio'), { cpu: { latency: 'best-effort' } }, 'diff'))).toBe(ErrorCode.FailedPrecondition);
    await backend.update(n('be'), { cpu: { latency: 'best-effort', weight: 50 } }, 'diff');
  });
});
