import { closeSync, fstatSync, mkdirSync, openSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fromSystemError, unavailable } from '../errors';
import { getLibc, lastErrnoCode } from '../sys/libc';

const LOCK_EX = 2;
const LOCK_NB = 4;

export interface LockOptions {
  /** How long to wait for another lmctfy holding the lock (ms). */
  timeoutMs?: number;
}

/** A held lock; release() closes it, and a holder that dies releases it too (flock). */
export interface HeldLock {
  readonly path: string;
  release(): void;
}

/**
 * Takes an exclusive flock on `<dir>/<key>.lock`, waiting (without blocking the event
 * loop) while another process holds it. flock rather than a pid file: the kernel drops
 * it when its holder dies, so there are no stale locks to guess about.
 */
export async function acquireLock(dir: string, key: string, options: LockOptions = {}): Promise<HeldLock> {
  const path = join(dir, `${key}.lock`);
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw fromSystemError(e, `state directory ${dir}`);
  }
  for (let delay = 1; ; delay = Math.min(delay * 2, 50)) {
    const fd = openLockFile(path);
    if (getLibc().flock(fd, LOCK_EX | LOCK_NB) === 0) {
      // The file may have been unlinked by the previous holder (destroy removes it):
      // a lock on an orphaned inode protects nothing, so take the new file instead.
      if (sameFile(fd, path)) return { path, release: () => closeSync(fd) };
    } else if (lastErrnoCode() !== 'EWOULDBLOCK' && lastErrnoCode() !== 'EAGAIN') {
      closeSync(fd);
      throw unavailable(`lock ${path}: flock failed: ${lastErrnoCode()}`);
    }
    closeSync(fd);
    if (Date.now() >= deadline) {
      throw unavailable(`${key}: busy, another lmctfy holds ${path}`, { hint: 'retry when it finishes' });
    }
    await new Promise((r) => setTimeout(r, delay));
  }
}

function openLockFile(path: string): number {
  try {
    return openSync(path, 'a', 0o600);
  } catch (e) {
    throw fromSystemError(e, `lock ${path}`);
  }
}

function sameFile(fd: number, path: string): boolean {
  try {
    return fstatSync(fd).ino === statSync(path).ino;
  } catch {
    return false;
  }
}
