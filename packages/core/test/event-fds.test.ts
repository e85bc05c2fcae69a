import { closeSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { drainFd, openEventFd, openInotify, readEventFd } from '../src';
import { useTempDir } from './temp-dir';

describe('non-blocking event fds', () => {
  const dir = useTempDir();

  it('reads an eventfd counter without blocking: 0 when idle, the count once signalled', () => {
    const fd = openEventFd();
    try {
      expect(readEventFd(fd)).toBe(0);
      const one = Buffer.alloc(8);
      one.writeBigUInt64LE(2n);
      writeSync(fd, one);
      writeSync(fd, one);
      expect(readEventFd(fd)).toBe(4);
      expect(readEventFd(fd)).toBe(0);
    } finally {
      closeSync(fd);
    }
  });

  it('drains an inotify fd: false when idle, true after the watched file changes', () => {
    const file = join(dir(), 'events');
    writeFileSync(file, 'populated 1\n');
    const fd = openInotify(file);
    try {
      expect(drainFd(fd)).toBe(false);
      writeFileSync(file, 'populated 0\n');
      expect(drainFd(fd)).toBe(true);
      expect(drainFd(fd)).toBe(false);
    } finally {
      closeSync(fd);
    }
  });

  it('names the file when a watch cannot be added', () => {
    expect(() => openInotify(join(dir(), 'missing'))).toThrow(/inotify_add_watch .*missing/);
  });
});
