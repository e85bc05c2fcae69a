import { spawn } from 'node:child_process';
import type { SpawnOptions } from 'node:child_process';
import type { Readable } from 'node:stream';
import { ErrorCode, LmctfyError, execProcess, injectable, invalidArgument } from '@lmctfy/core';
import type { ProcessSpec, RunOptions, RunResult } from '@lmctfy/core';

/** Exit status of the shim when it cannot join a cgroup (126/127 stay the shell's "cannot run"). */
export const JOIN_FAILED_EXIT = 125;

/**
 * The fd on which the shim reports "joined" (the byte `j`) before it execs the payload, or
 * why it could not join (text, never starting with `j`: the shell prefixes its errors with
 * $0, "lmctfy-join").
 */
const READY_FD = 3;
const JOINED = 'j';

/**
 * Runs as `sh -c JOIN_SCRIPT lmctfy-join <cgroup.procs>... -- <argv>...`: the shell writes its
 * own pid into every cgroup.procs, says so on fd 3, and execs the payload with fd 3 closed.
 * So the payload is inside the cgroups before its first instruction, Node never forks
 * itself, and run() knows when the process is in the container (for onStart and detached).
 * A failed write's error (the shell's own message, e.g. "cannot create ...: No such file")
 * goes to fd 3 too, so run() can report it in any mode (a detached run has no stderr).
 */
export const JOIN_SCRIPT = [
  'while [ "$#" -gt 0 ]; do',
  `  if [ "$1" = -- ]; then shift; printf ${JOINED} >&${READY_FD}; exec "$@" ${READY_FD}>&-; fi`,
  `  echo $$ 2>&${READY_FD} >"$1" || { echo "lmctfy-join: cannot write pid $$ to $1" >&${READY_FD}; exit ${JOIN_FAILED_EXIT}; }`,
  '  shift',
  'done',
  `echo "lmctfy-join: no command" >&${READY_FD}; exit ${JOIN_FAILED_EXIT}`,
].join('\n');

/** The process could not be moved into the container's cgroups: nothing of the payload ran. */
export class JoinError extends LmctfyError {
  constructor(message: string) {
    super(ErrorCode.FailedPrecondition, message);
  }
}

/** Where setpriv lives on Debian/Ubuntu/Fedora (util-linux). */
const SETPRIV = '/usr/bin/setpriv';

/**
 * Starts processes inside cgroups. The uid/gid switch happens after joining (via setpriv):
 * cgroup.procs is root's to write, so a shell that already dropped to the user could not join.
 */
@injectable()
export class ProcessLauncher {
  run(procsFiles: readonly string[], proc: ProcessSpec, options: RunOptions & { mode: 'foreground' | 'detached' }): Promise<RunResult> {
    if (proc.args.length === 0) throw invalidArgument('process.args: empty command');
    const argv = proc.user ? [...setprivArgs(proc.user), ...proc.args] : proc.args;
    const stdio = options.mode === 'foreground' ? 'inherit' : 'ignore';
    const spawnOptions: SpawnOptions = {
      env: { ...process.env, ...proc.env },
      cwd: proc.cwd,
      stdio: [stdio, stdio, stdio, 'pipe'],
      detached: options.mode === 'detached',
    };
    const child = spawn('/bin/sh', ['-c', JOIN_SCRIPT, 'lmctfy-join', ...procsFiles, '--', ...argv], spawnOptions);
    const ready = child.stdio[READY_FD] as Readable;
    return new Promise<RunResult>((resolve, reject) => {
      let joined = false;
      let report = '';
      let readyClosed = false;
      let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
      // 'exit' may arrive before fd 3 is drained: decide only once both are in.
      const settle = (): void => {
        if (!readyClosed || !exit) return;
        const pid = child.pid as number;
        if (!joined) {
          const why = report.trim().split('\n').filter(Boolean).join('; ');
          reject(new JoinError(`could not move the process into the container's cgroups (join shim exited ${exit.code ?? exit.signal})${why ? `: ${why}` : ''}`));
        } else if (options.mode === 'foreground') {
          resolve(exit.signal ? { pid, signal: exit.signal } : { pid, exitCode: exit.code ?? 0 });
        }
      };
      child.once('error', reject);
      ready.on('data', (chunk: Buffer) => {
        if (joined) return;
        if (report === '' && chunk.toString('latin1', 0, 1) === JOINED) {
          joined = true;
          ready.destroy();
          options.onStart?.(child.pid as number);
          if (options.mode === 'detached') {
            child.unref();
            resolve({ pid: child.pid as number });
          }
        } else {
          report += chunk.toString();
        }
      });
      ready.once('close', () => {
        readyClosed = true;
        settle();
      });
      child.once('exit', (code, signal) => {
        exit = { code, signal };
        settle();
      });
    });
  }

  /** Moves this process into the cgroups and replaces it with the payload; never returns. */
  exec(join: () => void, proc: ProcessSpec): never {
    return execProcess(proc, { beforeExec: join });
  }
}

function setprivArgs(user: NonNullable<ProcessSpec['user']>): string[] {
  const groups = user.additionalGids?.length ? ['--groups', user.additionalGids.join(',')] : ['--clear-groups'];
  return [SETPRIV, '--reuid', String(user.uid), '--regid', String(user.gid), ...groups, '--'];
}
