import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ErrorCode, isLmctfyError } from '@lmctfy/core';

let counter = 0;

/**
 * A container-name component unique to this process and call: `<prefix>-<pid>-<n>`.
 * Valid as a ContainerName component and as a cgroup directory name.
 */
export function uniqueName(prefix = 'contract'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`;
}

/**
 * Polls `predicate` (sync or async) every `intervalMs` until it returns a truthy value,
 * which is returned. Throws after `timeoutMs` with `what` in the message; an exception
 * thrown by the predicate counts as "not yet", and the last one is shown on timeout.
 */
export async function waitFor<T>(
  predicate: () => T | Promise<T>,
  timeoutMs = 5000,
  what = 'condition',
  intervalMs = 10,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value as NonNullable<T>;
      lastError = undefined;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() >= deadline) {
      const detail = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`waitFor: ${what} not reached within ${timeoutMs} ms${detail}`);
    }
    await sleep(intervalMs);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Kernel tests must FAIL, not skip, when they cannot do their job. */
export function requireRoot(): void {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    throw new Error(`kernel tests need root (running as uid ${process.getuid?.() ?? 'unknown'})`);
  }
}

/** The one-letter state of /proc/<pid>/stat ('R', 'S', 'Z', ...), or undefined when it is gone. */
export function processState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return undefined;
  }
}

/** True when the process no longer runs: gone from /proc, or a zombie waiting to be reaped. */
export function isDead(pid: number): boolean {
  const state = processState(pid);
  return state === undefined || state === 'Z' || state === 'X';
}

/** CPU time used so far (utime + stime, in clock ticks) from /proc/<pid>/stat. */
export function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); utime is field 14, stime field 15.
  return Number(fields[11]) + Number(fields[12]);
}

/** The canonical code a promise (or function) fails with, or undefined when it succeeds. */
export async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<ErrorCode | undefined> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    return (e as { code?: ErrorCode }).code;
  }
  return undefined;
}

export interface ExpectedFailure {
  code: number;
  message: string;
}

/**
 * Awaits `promise` and asserts it rejects with an LmctfyError carrying `code`. Returns the
 * error for further checks; throws a descriptive Error otherwise.
 */
export async function expectLmctfyCode(promise: Promise<unknown>, code: ErrorCode, what: string): Promise<ExpectedFailure> {
  let result: unknown;
  try {
    result = await promise;
  } catch (e) {
    if (!isLmctfyError(e)) {
      throw new Error(`${what}: expected an LmctfyError with code ${code} (${ErrorCode[code]}), got ${show(e)}`);
    }
    if (e.code !== code) {
      throw new Error(
        `${what}: expected code ${code} (${ErrorCode[code]}), got ${e.code} (${ErrorCode[e.code] ?? '?'}): ${e.message}`,
      );
    }
    return { code: e.code, message: e.message };
  }
  throw new Error(`${what}: expected an LmctfyError with code ${code} (${ErrorCode[code]}), but it resolved with ${show(result)}`);
}

function show(v: unknown): string {
  if (v instanceof Error) return `${v.name}: ${v.message}`;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** A process the test started itself; `exited` settles when Node has reaped it. */
export interface OwnedProcess {
  child: ChildProcess;
  pid: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts a process the test owns (and therefore reaps: await `exited`). stdio is ignored
 * so a stray payload cannot hold the test runner's pipes open.
 */
export async function spawnOwned(args: string[]): Promise<OwnedProcess> {
  const child = spawn(args[0], args.slice(1), { stdio: 'ignore' });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', () => resolve({ code: null, signal: null }));
  });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', () => resolve());
    child.once('error', reject);
  });
  if (child.pid === undefined) throw new Error(`spawn ${args[0]}: no pid`);
  return { child, pid: child.pid, exited };
}

/** Resolves with `promise`'s value, or rejects after `ms` (the timer never outlives it). */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
