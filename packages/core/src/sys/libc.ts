/**
 * The few libc calls Node does not offer, through koffi. koffi is loaded on first use
 * only (it costs ~5 ms), so commands that never need a syscall never pay for it.
 */
import { constants } from 'node:os';

type Koffi = typeof import('koffi');

interface Libc {
  koffi: Koffi;
  execve(path: string, argv: Array<string | null>, envp: Array<string | null>): number;
  fcntl(fd: number, cmd: number, ...rest: unknown[]): number;
  signal(sig: number, handler: null): unknown;
  sigprocmask(how: number, set: Buffer, old: null): number;
  flock(fd: number, operation: number): number;
}

let libc: Libc | undefined;

export function getLibc(): Libc {
  if (libc) return libc;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const koffi = require('koffi') as Koffi;
  const lib = koffi.load('libc.so.6');
  libc = {
    koffi,
    execve: lib.func('int execve(const char *path, const char **argv, const char **envp)'),
    fcntl: lib.func('int fcntl(int fd, int cmd, ...)'),
    signal: lib.func('void *signal(int sig, void *handler)'),
    sigprocmask: lib.func('int sigprocmask(int how, const uint8_t *set, uint8_t *old)'),
    flock: lib.func('int flock(int fd, int operation)'),
  };
  return libc;
}

/** The errno of the last failed call, as a Node-style code ("EACCES"). */
export function lastErrnoCode(): string {
  const errno = getLibc().koffi.errno();
  const name = Object.entries(constants.errno).find(([, n]) => n === errno)?.[0];
  return name ?? `errno ${errno}`;
}
