import { summaryStats } from '../src';
import type { ContainerStats } from '../src';

describe('summaryStats', () => {
  it('drops the --full parts (memory breakdown, per-device io) and keeps the rest', () => {
    const breakdown = {
      anon: 1, file: 2, mappedFile: 0, shmem: 0, dirty: 0, writeback: 0,
      activeAnon: 0, inactiveAnon: 0, activeFile: 0, inactiveFile: 0, unevictable: 0, pgfault: 0, pgmajfault: 0,
    };
    const full: ContainerStats = {
      memory: { usage: 3, limit: 'max', failCount: 0, oomKills: 0, workingSet: 3, breakdown },
      pids: { current: 1, limit: 'max' },
      io: { devices: [{ major: 7, minor: 0, readBytes: 1, writeBytes: 0, readOps: 1, writeOps: 0 }] },
      hugetlb: [{ pageSize: '2MB', usage: 0, limit: 'max', failCount: 0 }],
    };
    expect(summaryStats(full)).toEqual({
      memory: { usage: 3, limit: 'max', failCount: 0, oomKills: 0, workingSet: 3 },
      pids: { current: 1, limit: 'max' },
      hugetlb: [{ pageSize: '2MB', usage: 0, limit: 'max', failCount: 0 }],
    });
    expect(full.memory?.breakdown).toBe(breakdown);
  });
});
