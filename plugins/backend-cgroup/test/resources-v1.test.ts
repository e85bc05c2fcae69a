import * as fs from 'node:fs';
import * as path from 'node:path';
import { ErrorCode } from '@lmctfy/core';
import type { ContainerSpec } from '@lmctfy/core';
import type { CgroupBackend } from '../src/cgroup-backend';
import type { CgroupResources } from '../src/cgroup-resources';
import { makeFakeHost } from './fake-cgroupfs';
import type { FakeHost } from './fake-cgroupfs';
import { MiB, backendOn, codeOf, n } from './test-util';

describe('every resource on a fake cgroup v1 host', () => {
  let host: FakeHost;
  let backend: CgroupBackend;
  let resources: CgroupResources;
  const file = (ctrl: string, rel: string, f: string): string => path.join(host.dir(ctrl, rel), f);
  const read = (ctrl: string, rel: string, f: string): string => fs.readFileSync(file(ctrl, rel, f), 'utf8').trim();
  const writesTo = (ctrl: string): string[] => host.io.writes.filter((w) => w.startsWith(`${ctrl}/`));

  beforeEach(() => {
    host = makeFakeHost('v1');
    ({ backend, resources } = backendOn(host));
  });
  afterEach(() => host.cleanup());

  it('writes oom_kill_disable and reads it back; refuses v2-only memory fields with code 12 naming them', async () => {
    await backend.create(n('a'), { memory: { limit: 64 * MiB, oomKillDisable: true } });
    expect(read('memory', 'lmctfy/a', 'memory.oom_control')).toMatch(/^oom_kill_disable 1/);
    expect((await backend.spec(n('a'))).memory?.oomKillDisable).toBe(true);
    await expect(backend.create(n('b'), { memory: { oomGroup: true } })).rejects.toThrow(/memory\.oomGroup is not available here/);
    expect(await codeOf(backend.create(n('b'), { memory: { high: MiB } }))).toBe(ErrorCode.Unimplemented);
  });

  it('converts the blkio weight to the v1 scale in BFQ files and writes one throttle line per device and file', async () => {
    await backend.create(n('a'), {
      blkio: { weight: 500, devices: [{ device: '7:0', weight: 10000, readBps: MiB, writeIops: 'max' }, { device: '8:16', writeBps: 2 * MiB }] },
    });
    expect(writesTo('blkio')).toEqual([
      'blkio/lmctfy/a/blkio.bfq.weight=59',
      'blkio/lmctfy/a/blkio.bfq.weight_device=7:0 1000',
      'blkio/lmctfy/a/blkio.throttle.read_bps_device=7:0 1048576',
      'blkio/lmctfy/a/blkio.throttle.write_iops_device=7:0 0',
      'blkio/lmctfy/a/blkio.throttle.write_bps_device=8:16 2097152',
    ]);
  });

  it('reads blkio back as MAJ:MIN devices on the spec scale (v1 has 991 weight steps)', async () => {
    await backend.create(n('a'), { blkio: { weight: 910, devices: [{ device: '7:0', readBps: MiB }] } });
    expect((await backend.spec(n('a'))).blkio).toEqual({ weight: 910, devices: [{ device: '7:0', readBps: MiB }] });
  });

  it('refuses a blkio weight with code 14 when neither CFQ nor BFQ weight files exist', async () => {
    await backend.create(n('a'), { blkio: {} });
    fs.rmSync(file('blkio', 'lmctfy/a', 'blkio.bfq.weight'));
    expect(await codeOf(() => resources.apply(n('a'), { blkio: { weight: 100 } }))).toBe(ErrorCode.Unavailable);
    expect(() => resources.apply(n('a'), { blkio: { weight: 100 } })).toThrow(/blkio\.weight: the blkio controller has no weight file/);
  });

  it('refuses a /dev path that is not a block device', async () => {
    await expect(backend.create(n('a'), { blkio: { devices: [{ device: '/dev/null', readBps: 1 }] } })).rejects.toThrow(
      /blkio\.devices\[0\]\.device: \/dev\/null is not a block device/,
    );
  });

  it('reports per-device io from the throttle counters, sorted by device', async () => {
    await backend.create(n('a'), { blkio: {} });
    fs.writeFileSync(file('blkio', 'lmctfy/a', 'blkio.throttle.io_service_bytes_recursive'), '8:0 Read 10\n8:0 Write 20\n7:0 Read 4096\n7:0 Write 0\n7:0 Total 4096\nTotal 4126');
    fs.writeFileSync(file('blkio', 'lmctfy/a', 'blkio.throttle.io_serviced_recursive'), '8:0 Read 1\n8:0 Write 2\n7:0 Read 1\nTotal 4');
    expect((await backend.stats(n('a'))).io).toEqual({
      devices: [
        { major: 7, minor: 0, readBytes: 4096, writeBytes: 0, readOps: 1, writeOps: 0 },
        { major: 8, minor: 0, readBytes: 10, writeBytes: 20, readOps: 1, writeOps: 2 },
      ],
    });
  });

  it('limits hugetlb per page size, reads it back and reports usage; an unknown page size is code 14', async () => {
    await backend.create(n('a'), { hugetlb: [{ pageSize: '2MB', limit: 1 << 30 }] });
    expect(read('hugetlb', 'lmctfy/a', 'hugetlb.2MB.limit_in_bytes')).toBe(String(1 << 30));
    expect((await backend.spec(n('a'))).hugetlb).toEqual([{ pageSize: '2MB', limit: 1 << 30 }]);
    expect((await backend.stats(n('a'))).hugetlb).toEqual([{ pageSize: '2MB', usage: 0, limit: 1 << 30, failCount: 0 }]);
    await expect(backend.create(n('b'), { hugetlb: [{ pageSize: '1GB', limit: 1 }] })).rejects.toThrow(/hugetlb\[0\]\.pageSize: .*no 1GB pages here \(offered: 2MB\)/);
    expect(await codeOf(backend.create(n('b'), { hugetlb: [{ pageSize: '1GB', limit: 1 }] }))).toBe(ErrorCode.Unavailable);
  });

  it('refuses hugetlb with code 12 naming the controller when it is not a v1 hierarchy, and probe leaves it out', async () => {
    host.cleanup();
    host = makeFakeHost('v1', ['cpu', 'cpuacct', 'memory', 'blkio', 'pids', 'devices', 'freezer']);
    ({ backend } = backendOn(host));
    expect((await backend.probe()).capabilities?.resources).toEqual(['cpu', 'memory', 'blkio', 'pids', 'devices']);
    await expect(backend.create(n('a'), { hugetlb: [{ pageSize: '2MB', limit: 1 }] })).rejects.toThrow(/hugetlb controller not mounted/);
    expect(await codeOf(backend.create(n('a'), { hugetlb: [{ pageSize: '2MB', limit: 1 }] }))).toBe(ErrorCode.Unimplemented);
  });

  it('writes device rules in order to devices.deny/allow and reads the policy back from devices.list', async () => {
    const rules: ContainerSpec['devices'] = [
      { allow: false, type: 'a', major: '*', minor: '*', access: 'rwm' },
      { allow: true, type: 'c', major: 1, minor: 3, access: 'rwm' },
      { allow: true, type: 'b', major: 7, minor: '*', access: 'r' },
    ];
    await backend.create(n('a'), { devices: rules });
    expect(writesTo('devices')).toEqual([
      'devices/lmctfy/a/devices.deny=a *:* rwm',
      'devices/lmctfy/a/devices.allow=c 1:3 rwm',
      'devices/lmctfy/a/devices.allow=b 7:* r',
    ]);
    expect((await backend.spec(n('a'))).devices).toEqual(rules);
  });

  it('starts a rule list without its own reset from allow-all', async () => {
    await backend.create(n('a'), { devices: [{ allow: false, type: 'c', major: 1, minor: 5, access: 'w' }] });
    expect(writesTo('devices')).toEqual(['devices/lmctfy/a/devices.allow=a *:* rwm', 'devices/lmctfy/a/devices.deny=c 1:5 w']);
  });

  it('adds the memory.stat breakdown (total_* counters) and the working set to stats', async () => {
    await backend.create(n('a'), { memory: {} });
    fs.writeFileSync(file('memory', 'lmctfy/a', 'memory.usage_in_bytes'), String(10 * MiB));
    fs.writeFileSync(file('memory', 'lmctfy/a', 'memory.stat'), `rss 1\ntotal_rss ${MiB}\ntotal_cache ${8 * MiB}\ntotal_inactive_file ${3 * MiB}\ntotal_pgfault 12`);
    const m = (await backend.stats(n('a'))).memory;
    expect(m?.workingSet).toBe(7 * MiB);
    expect(m?.breakdown).toMatchObject({ anon: MiB, file: 8 * MiB, inactiveFile: 3 * MiB, pgfault: 12, shmem: 0 });
  });
});
