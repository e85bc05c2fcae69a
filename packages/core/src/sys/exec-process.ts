import { accessSync, constants as fsConstants } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode, LmctfyError, invalidArgument, notFound } from '../errors';
import type { ProcessSpec, ProcessUser } from '../spec/container-spec';
import { getLibc, lastErrnoCode } from './libc';

const F_SETFD = 2;
const F_GETFL = 3;
const F_SETFL = 4;
const O_NONBLOCK = 0o4000;
const SIGPIPE = 13;
const SIGXFSZ = 25;
const SIG_SETMASK = 2;
const SIGSET_BYTES = 128;

export interface ExecOptions {
  /**
   * Runs once the command has been found, just before the irreversible steps: a backend
   * joins the container here, so a mistyped command fails with this process still outside.
   */
  beforeExec?: () => void;
}

/**
 * Replaces the calling Node process with `spec` (execve), so the payload inherits the
 * pid, the exit code and every signal. Only returns by throwing.
 */
export function execProcess(spec: ProcessSpec, options: ExecOptions = {}): never {
  const env = { ...process.env, ...spec.env };
  const file = resolveExecutable(spec.args[0], env.PATH);
  options.beforeExec?.();
  if (spec.cwd) process.chdir(spec.cwd);
  if (spec.user) switchUser(spec.user);
  undoNodeProcessState();
  const envp = Object.entries(env)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v}`);
  getLibc().execve(file, [...spec.args, null], [...envp, null]);
  throw new LmctfyError(ErrorCode.FailedPrecondition, `exec ${file}: ${lastErrnoCode()}`);
}

/** Drops to the payload's user: groups first, then gid, then uid (uid last, or it can't). */
function switchUser(user: ProcessUser): void {
  const { setgroups, setgid, setuid } = process;
  if (!setgroups || !setgid || !setuid) throw invalidArgument('process.user: not supported on this platform');
  setgroups(user.additionalGids ?? []);
  setgid(user.gid);
  setuid(user.uid);
}

/**
 * Node marks fds 0-2 close-on-exec, may leave O_NONBLOCK on pipes, ignores SIGPIPE and
 * SIGXFSZ, and ignored or blocked signals survive execve: a payload would inherit all
 * of it. Undo each one.
 */
function undoNodeProcessState(): void {
  const libc = getLibc();
  for (const fd of [0, 1, 2]) {
    libc.fcntl(fd, F_SETFD, 'int', 0);
    const flags = libc.fcntl(fd, F_GETFL);
    if (flags >= 0) libc.fcntl(fd, F_SETFL, 'int', flags & ~O_NONBLOCK);
  }
  libc.signal(SIGPIPE, null);
  libc.signal(SIGXFSZ, null);
  libc.sigprocmask(SIG_SETMASK, Buffer.alloc(SIGSET_BYTES), null);
}

/** execvp's lookup: a name with '/' is used as is, else the first executable in PATH. */
export function resolveExecutable(name: string | undefined, path = '/usr/local/bin:/usr/bin:/bin'): string {
  if (!name) throw invalidArgument('process.args: no command given');
  if (name.includes('/')) return name;
  for (const dir of path.split(':')) {
    const candidate = join(dir || '.', name);
    try {
      accessSync(candidate, fsConstants.X_OK);
      return candidate;
    } catch {
      // Not here; keep looking, as execvp does.
    }
  }
  throw notFound(`command ${JSON.stringify(name)} not found in PATH`);
}
