import { ErrorCode } from '@lmctfy/core';
import type { ContainerSpec } from '@lmctfy/core';
import {
  cpulimitArg,
  createArgs,
  execCommand,
  ioprioToWeight,
  setArgs,
  sharesToCpuunits,
  shellQuote,
  sizeArg,
  vzName,
  weightToIoprio,
} from '../src/vzctl-args';

const MiB = 1024 * 1024;
const codeOf = (fn: () => unknown): { code?: number; message?: string } => {
  try {
    fn();
  } catch (e) {
    return e as { code?: number; message?: string };
  }
  return {};
};

describe('spec → vzctl set arguments (peers.md §C.3)', () => {
  it.each<[string, ContainerSpec, string[]]>([
    ['memory.limit 512M → --ram 512M', { memory: { limit: 512 * MiB } }, ['--ram', '512M']],
    ['memory.limit not a MiB multiple → K', { memory: { limit: 1536 * 1024 } }, ['--ram', '1536K']],
    ['memory.limit odd bytes → B', { memory: { limit: 1000 } }, ['--ram', '1000B']],
    ['memory.limit max → physpages 0:unlimited', { memory: { limit: 'max' } }, ['--physpages', '0:unlimited']],
    ['memory.swap 1G → --swap 1024M', { memory: { swap: 1024 * MiB } }, ['--swap', '1024M']],
    ['memory.swap max → swappages 0:unlimited', { memory: { swap: 'max' } }, ['--swappages', '0:unlimited']],
    ['cpu.max 1.5 cores → --cpulimit 150 (no %)', { cpu: { max: 1.5 } }, ['--cpulimit', '150']],
    ['cpu.max 0.333 → ceil 34', { cpu: { max: 0.333 } }, ['--cpulimit', '34']],
    ['cpu.max max → --cpulimit 0 (none)', { cpu: { max: 'max' } }, ['--cpulimit', '0']],
    ['cpu.shares 1024 → --cpuunits 1000', { cpu: { shares: 1024 } }, ['--cpuunits', '1000']],
    ['cpu.shares 2 → clamped to 8', { cpu: { shares: 2 } }, ['--cpuunits', '8']],
    ['cpu.weight 100 → shares 1024 → 1000', { cpu: { weight: 100 } }, ['--cpuunits', '1000']],
    ['cpu.weight 10000 → 100000', { cpu: { weight: 10000 } }, ['--cpuunits', '100000']],
    ['cpu.cpus → --cpumask', { cpu: { cpus: '0-2,7' } }, ['--cpumask', '0-2,7']],
    ['cpu.mems with cpus → --nodemask', { cpu: { cpus: '0-1', mems: '0' } }, ['--cpumask', '0-1', '--nodemask', '0']],
    ['pids.max → --numproc N:N', { pids: { max: 64 } }, ['--numproc', '64:64']],
    ['pids.max max → unlimited', { pids: { max: 'max' } }, ['--numproc', 'unlimited']],
    ['blkio.weight 100 → --ioprio 4', { blkio: { weight: 100 } }, ['--ioprio', '4']],
    [
      'one device, equal read/write → --iolimit <n>B, --iopslimit',
      { blkio: { devices: [{ device: '8:0', readBps: 10 * MiB, writeBps: 10 * MiB, readIops: 500, writeIops: 500 }] } },
      ['--iolimit', '10485760B', '--iopslimit', '500'],
    ],
    ['hostname → --hostname', { namespaces: { uts: true, hostname: 'web1' } }, ['--hostname', 'web1']],
  ])('%s', (_, spec, argv) => {
    expect(setArgs(spec)).toEqual(argv);
  });

  it('an empty spec sets nothing', () => {
    expect(setArgs({})).toEqual([]);
  });

  it.each<[string, ContainerSpec]>([
    ['hugetlb', { hugetlb: [{ pageSize: '2MB', limit: 'max' }] }],
    ['devices', { devices: [{ allow: false, type: 'a', access: 'rwm' }] }],
    ['memory.reservation', { memory: { reservation: MiB } }],
    ['memory.high', { memory: { high: MiB } }],
    ['cpu.period', { cpu: { max: 1, period: 50000 } }],
    ['cpu.mems', { cpu: { mems: '0' } }],
    ['blkio.devices', { blkio: { devices: [{ device: '8:0', readBps: 1 }, { device: '8:16', readBps: 1 }] } }],
    ['blkio.devices[0].weight', { blkio: { devices: [{ device: '8:0', weight: 10 }] } }],
    ['blkio.devices[0].readBps/writeBps', { blkio: { devices: [{ device: '8:0', readBps: 1, writeBps: 2 }] } }],
    ['blkio.devices[0].readIops/writeIops', { blkio: { devices: [{ device: '8:0', readIops: 5 }] } }],
    ['blkio.devices[0].readBps', { blkio: { devices: [{ device: '8:0', readBps: 3 * 1024 ** 3, writeBps: 3 * 1024 ** 3 }] } }],
    ['namespaces.rootfs', { namespaces: { mount: true, rootfs: '/srv/root' } }],
    ['namespaces.uidMappings', { namespaces: { user: true, uidMappings: [{ containerId: 0, hostId: 1000, size: 1 }] } }],
    ['namespaces.pid', { namespaces: { pid: false } }],
    ['memory.someFutureField', { memory: { someFutureField: 1 } } as unknown as ContainerSpec],
  ])('refuses %s with UNIMPLEMENTED naming it', (field, spec) => {
    const e = codeOf(() => setArgs(spec));
    expect(e.code).toBe(ErrorCode.Unimplemented);
    expect(e.message).toContain(field);
  });
});

describe('unit conversions', () => {
  it('sizeArg picks the largest exact suffix', () => {
    expect([sizeArg(512 * MiB), sizeArg(4096), sizeArg(4097)]).toEqual(['512M', '4K', '4097B']);
  });
  it('cpulimit is ceil(cores × 100)', () => {
    expect([cpulimitArg(0.5), cpulimitArg(2), cpulimitArg(0.001)]).toEqual(['50', '200', '1']);
  });
  it('cpuunits clamps to 8..500000', () => {
    expect([sharesToCpuunits(1024), sharesToCpuunits(262144), sharesToCpuunits(2)]).toEqual([1000, 256000, 8]);
  });
  it('ioprio is a log scale where the defaults meet (weight 100 ≙ 4) and reads back exactly at decades', () => {
    expect([1, 10, 100, 1000, 10000].map(weightToIoprio)).toEqual([0, 2, 4, 6, 7]);
    expect([0, 2, 4, 6].map(ioprioToWeight)).toEqual([1, 10, 100, 1000]);
  });
});

describe('names, create and exec2 arguments', () => {
  it('top-level names map directly; children are UNIMPLEMENTED', () => {
    expect(vzName(['batch1'])).toBe('batch1');
    expect(codeOf(() => vzName(['batch1', 'step2'])).code).toBe(ErrorCode.Unimplemented);
  });
  it('create carries template, optional sample config and name', () => {
    expect(createArgs(101, 'batch1', 'centos-7')).toEqual(['create', '101', '--ostemplate', 'centos-7', '--name', 'batch1']);
    expect(createArgs(102, 'b', 't', 'vswap-512m')).toEqual(['create', '102', '--ostemplate', 't', '--config', 'vswap-512m', '--name', 'b']);
  });
  it('exec2 gets one shell-quoted command (vzctl joins its arguments and runs bash -c)', () => {
    expect(execCommand({ args: ['sh', '-c', "echo 'hi' $X"] })).toEqual([`exec 'sh' '-c' 'echo '\\''hi'\\'' $X'`]);
    expect(execCommand({ args: ['make'], env: { A: 'b c' }, cwd: '/src' })).toEqual([`cd '/src' && exec env 'A=b c' 'make'`]);
    expect(codeOf(() => execCommand({ args: ['id'], user: { uid: 1, gid: 1 } })).code).toBe(ErrorCode.Unimplemented);
    expect(shellQuote('')).toBe("''");
  });
});
