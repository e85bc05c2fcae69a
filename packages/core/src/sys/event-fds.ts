/**
 * Non-blocking kernel event fds for notifications (eventfd for cgroup v1's
 * cgroup.event_control, inotify for cgroup v2's *.events files), through koffi.
 *
 * Every fd is O_NONBLOCK: callers poll them with readEventFd()/drainFd() from a timer.
 * A blocking read would park a libuv pool thread per watcher and starve every other
 * async fs call (machine-facts.md), so nothing here ever blocks.
 */
import * as fs from 'node:fs';
import { fromSystemError } from '../errors';
import { getLibc, lastErrnoCode } from './libc';

const O_NONBLOCK = 0o4000;
const O_CLOEXEC = 0o2000000;
/** inotify: the file was written (kernfs_notify() reports cgroup *.events changes so). */
export const IN_MODIFY = 0x2;

interface EventLibc {
  eventfd(initval: number, flags: number): number;
  read(fd: number, buf: Buffer, count: number): number;
  inotify_init1(flags: number): number;
  inotify_add_watch(fd: number, path: string, mask: number): number;
}

let lib: EventLibc | undefined;

function eventLibc(): EventLibc {
  if (lib) return lib;
  const { koffi } = getLibc();
  const c = koffi.load('libc.so.6');
  lib = {
    eventfd: c.func('int eventfd(unsigned int initval, int flags)'),
    read: c.func('long read(int fd, _Out_ uint8_t *buf, size_t count)'),
    inotify_init1: c.func('int inotify_init1(int flags)'),
    inotify_add_watch: c.func('int inotify_add_watch(int fd, const char *path, uint32_t mask)'),
  };
  return lib;
}

function check(result: number, what: string): number {
  if (result >= 0) return result;
  const code = lastErrnoCode();
  const err = Object.assign(new Error(code), { code });
  throw fromSystemError(err, what);
}

/** A new non-blocking, close-on-exec eventfd with a zero counter. */
export function openEventFd(): number {
  return check(eventLibc().eventfd(0, O_CLOEXEC | O_NONBLOCK), 'eventfd');
}

/** A new non-blocking inotify instance watching `file` for `mask` (default IN_MODIFY). */
export function openInotify(file: string, mask: number = IN_MODIFY): number {
  const fd = check(eventLibc().inotify_init1(O_CLOEXEC | O_NONBLOCK), 'inotify_init1');
  try {
    check(eventLibc().inotify_add_watch(fd, file, mask), `inotify_add_watch ${file}`);
    return fd;
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
}

/**
 * read(2) on a non-blocking fd: bytes read, 0 at end of file, or -1 when nothing is
 * pending. Through koffi rather than fs.readSync, which throws on EAGAIN: every idle
 * watcher would cost an exception per poll.
 */
function readNonBlocking(fd: number, buf: Buffer, what: string): number {
  const n = eventLibc().read(fd, buf, buf.length);
  if (n >= 0) return n;
  const code = lastErrnoCode();
  if (code === 'EAGAIN' || code === 'EWOULDBLOCK') return -1;
  throw fromSystemError(Object.assign(new Error(code), { code }), what);
}

const counterBuffer = Buffer.alloc(8);

/** The eventfd counter (how many times it was signalled since the last read), 0 if none. */
export function readEventFd(fd: number): number {
  return readNonBlocking(fd, counterBuffer, 'read eventfd') === 8 ? Number(counterBuffer.readBigUInt64LE(0)) : 0;
}

const drainBuffer = Buffer.alloc(4096);

/** Reads everything pending on a non-blocking fd (inotify); true if there was anything. */
export function drainFd(fd: number): boolean {
  let any = false;
  while (readNonBlocking(fd, drainBuffer, 'read inotify fd') > 0) any = true;
  return any;
}
