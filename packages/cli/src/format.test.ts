import { formatBytes } from '../../core/src/spec/units';
import { formatStats, formatTable, readableBytes } from './format';

describe('readableBytes', () => {
  it('uses exact units when they fit, else one decimal', () => {
    expect(readableBytes(64 * 2 ** 20, formatBytes)).toBe('64M');
    expect(readableBytes(180224, formatBytes)).toBe('176K');
    expect(readableBytes(1.5 * 2 ** 20 + 1, formatBytes)).toBe('1.5M');
    expect(readableBytes(1000, formatBytes)).toBe('1000B');
    expect(readableBytes('max', formatBytes)).toBe('max');
  });
});

describe('formatStats', () => {
  it('prints one line per isolated resource', () => {
    const lines = formatStats(
      {
        memory: { usage: 2 ** 20, limit: 'max', failCount: 0, oomKills: 1 },
        cpu: { usage: { total: 1.5e9, user: 1e9, system: 5e8 }, throttling: { periods: 10, throttledPeriods: 2, throttledTime: 3e7 } },
        pids: { current: 3, limit: 10 },
      },
      formatBytes,
    );
    expect(lines).toEqual([
      'memory  usage 1M  limit max  failcnt 0  oom-kills 1',
      'cpu     total 1.500s  user 1.000s  system 0.500s  throttled 2/10 periods (0.030s)',
      'pids    current 3  limit 10',
    ]);
  });

  it('adds the working set, the memory.stat breakdown, hugetlb and per-device io for --full stats', () => {
    const breakdown = {
      anon: 2 ** 20, file: 2 ** 21, mappedFile: 0, shmem: 0, dirty: 0, writeback: 0,
      activeAnon: 2 ** 20, inactiveAnon: 0, activeFile: 2 ** 20, inactiveFile: 2 ** 20, unevictable: 0, pgfault: 42, pgmajfault: 1,
    };
    const lines = formatStats(
      {
        memory: { usage: 3 * 2 ** 20, limit: 'max', failCount: 0, oomKills: 0, workingSet: 2 * 2 ** 20, breakdown },
        hugetlb: [{ pageSize: '2MB', usage: 0, limit: 2 ** 30, failCount: 0 }],
        io: { devices: [{ major: 7, minor: 0, readBytes: 3 * 2 ** 20, writeBytes: 0, readOps: 3, writeOps: 0 }] },
      },
      formatBytes,
    );
    expect(lines).toEqual([
      'memory  usage 3M  limit max  working-set 2M  failcnt 0  oom-kills 0',
      '        anon 1M  file 2M  mapped-file 0B  shmem 0B  dirty 0B  writeback 0B  active-anon 1M  inactive-anon 0B  active-file 1M  inactive-file 1M  unevictable 0B',
      '        pgfault 42  pgmajfault 1',
      'hugetlb 2MB  usage 0B  limit 1G  failcnt 0',
      'io      7:0  read 3M in 3 ops  write 0B in 0 ops',
    ]);
  });

  it('says so when nothing is isolated', () => {
    expect(formatStats({}, formatBytes)).toEqual(['(no resources isolated)']);
  });
});

describe('formatTable', () => {
  it('pads every column but the last', () => {
    expect(formatTable([['NAME', 'STATUS', 'REASON'], ['cgroup', 'available', ''], ['vz', 'failed', 'no vzctl']])).toEqual([
      'NAME    STATUS     REASON',
      'cgroup  available',
      'vz      failed     no vzctl',
    ]);
  });
});
