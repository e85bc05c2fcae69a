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
