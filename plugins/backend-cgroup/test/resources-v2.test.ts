import * as fs from 'node:fs';
import * as path from 'node:path';
import { ErrorCode } from '@lmctfy/core';
import type { CgroupBackend } from '../src/cgroup-backend';
import { makeFakeHost } from './fake-cgroupfs';
import type { FakeHost } from './fake-cgroupfs';
import { MiB, backendOn, codeOf, n } from './test-util';

describe('every resource on a fake cgroup v2 host', () => {
  let host: FakeHost;
  let backend: CgroupBackend;
  const file = (rel: string, f: string): string => path.join(host.root, 'lmctfy', rel, f);
  const read = (rel: string, f: string): string => fs.readFileSync(file(rel, f), 'utf8').trim();
  const writesIn = (rel: string): string[] => host.io.writes.filter((w) => w.startsWith(`lmctfy/${rel}/`) && !w.includes('subtree_control'));

  beforeEach(() => {
    host = makeFakeHost('v2');
    ({ backend } = backendOn(host));
  });
  afterEach(() => host.cleanup());

  it('writes memory.oom.group and reads it back; refuses oomKillDisable with code 12 naming it', async () => {
    await backend.create(n('a'), { memory: { oomGroup: true } });
    expect(read('a', 'memory.oom.group')).toBe('1');
    expect((await backend.spec(n('a'))).memory?.oomGroup).toBe(true);
    await expect(backend.create(n('b'), { memory: { oomKillDisable: true } })).rejects.toThrow(/memory\.oomKillDisable is not available here/);
    expect(await codeOf(backend.create(n('b'), { memory: { oomKillDisable: true } }))).toBe(ErrorCode.Unimplemented);
  });

  it('enables io and writes io.weight on the spec scale and one io.max line per device', async () => {
    await backend.create(n('a'), { blkio: { weight: 500, devices: [{ device: '7:0', weight: 200, readBps: MiB, writeIops: 'max' }] } });
    expect(read('', 'cgroup.subtree_control')).toBe('io');
    expect(writesIn('a')).toEqual(['lmctfy/a/io.weight=default 500', 'lmctfy/a/io.weight=7:0 200', 'lmctfy/a/io.max=7:0 rbps=1048576 wiops=max']);
  });

  it('prefers io.bfq.weight on the v1 scale when BFQ offers it, as runc does', async () => {
    await backend.create(n('a'), { blkio: {} });
    fs.writeFileSync(file('a', 'io.bfq.weight'), 'default 100');
    await backend.update(n('a'), { blkio: { weight: 910 } }, 'diff');
    expect(read('a', 'io.bfq.weight')).toBe('default 100');
    expect(host.io.writes).toContain('lmctfy/a/io.bfq.weight=default 100');
  });

  it('reads io.max and io.weight back, leaving out unlimited values', async () => {
    await backend.create(n('a'), { blkio: {} });
    fs.writeFileSync(file('a', 'io.max'), '7:0 rbps=1048576 wbps=max riops=max wiops=50\n8:0 rbps=max wbps=max riops=max wiops=max');
    fs.writeFileSync(file('a', 'io.weight'), 'default 300\n7:0 200');
    expect((await backend.spec(n('a'))).blkio).toEqual({ weight: 300, devices: [{ device: '7:0', weight: 200, readBps: MiB, writeIops: 50 }] });
  });

  it('reports per-device io from io.stat', async () => {
    await backend.create(n('a'), { blkio: {} });
    fs.writeFileSync(file('a', 'io.stat'), '8:0 rbytes=10 wbytes=20 rios=1 wios=2 dbytes=0 dios=0\n7:0 rbytes=4096 wbytes=0 rios=1 wios=0 dbytes=0 dios=0');
    expect((await backend.stats(n('a'))).io?.devices.map((d) => `${d.major}:${d.minor} ${d.readBytes} ${d.writeOps}`)).toEqual(['7:0 4096 0', '8:0 10 2']);
  });

  it('limits hugetlb and its reservations per page size; an unknown size is code 14', async () => {
    await backend.create(n('a'), { hugetlb: [{ pageSize: '2MB', limit: 4 * MiB }] });
    expect(read('a', 'hugetlb.2MB.max')).toBe(String(4 * MiB));
    expect(read('a', 'hugetlb.2MB.rsvd.max')).toBe(String(4 * MiB));
    expect((await backend.spec(n('a'))).hugetlb).toEqual([{ pageSize: '2MB', limit: 4 * MiB }]);
    expect((await backend.stats(n('a'))).hugetlb?.map((h) => h.pageSize)).toEqual(['2MB', '1GB']);
    expect(await codeOf(backend.create(n('b'), { hugetlb: [{ pageSize: '64KB', limit: 1 }] }))).toBe(ErrorCode.Unavailable);
  });

  it('attaches a device program (no controller to enable) and reads its rules back', async () => {
    const rules = [
      { allow: false, type: 'a' as const, major: '*' as const, minor: '*' as const, access: 'rwm' },
      { allow: true, type: 'c' as const, major: 1, minor: 3, access: 'rwm' },
    ];
    await backend.create(n('a'), { devices: rules });
    expect(read('', 'cgroup.subtree_control')).toBe('');
    expect(host.io.writes).toContain('lmctfy/a/<bpf>=a *:* rwm, c 1:3 rwm');
    expect((await backend.spec(n('a'))).devices).toEqual(rules);
  });

  it('adds the memory.stat breakdown (v2 names) and the working set', async () => {
    await backend.create(n('a'), { memory: {} });
    fs.writeFileSync(file('a', 'memory.current'), String(10 * MiB));
    fs.writeFileSync(file('a', 'memory.stat'), `anon ${MiB}\nfile ${8 * MiB}\nfile_mapped 5\ninactive_file ${3 * MiB}\npgmajfault 2`);
    const m = (await backend.stats(n('a'))).memory;
    expect(m?.workingSet).toBe(7 * MiB);
    expect(m?.breakdown).toMatchObject({ anon: MiB, file: 8 * MiB, mappedFile: 5, pgmajfault: 2 });
  });

  it('kills through cgroup.kill where the kernel has it', async () => {
    await backend.create(n('a'), {});
    fs.writeFileSync(file('a', 'cgroup.kill'), '');
    await backend.killAll(n('a'));
    expect(host.io.writes).toContain('lmctfy/a/cgroup.kill=1');
  });
});
