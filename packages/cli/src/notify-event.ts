/** What the `notify` commands share: wait for one event, Ctrl-C aware, and print it. */
import type { ContainerApi, ContainerEvent, Limit } from '@lmctfy/core';
import { readableBytes, type FormatBytes } from './format';

/** The exit code of a wait the user interrupted (128 + SIGINT), as a shell reports it. */
export const INTERRUPTED_EXIT = 130;

/**
 * The first `event` of the container, or undefined when SIGINT/SIGTERM interrupted the
 * wait. Leaving the loop ends the watch, which closes its fds; a destroyed container
 * rejects with NOT_FOUND (exit 5).
 */
export async function firstEvent(api: ContainerApi, name: string, event: unknown): Promise<ContainerEvent | undefined> {
  const abort = new AbortController();
  const stop = (): void => abort.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    for await (const e of api.watch(name, event, { signal: abort.signal })) return e;
    return undefined;
  } finally {
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
  }
}

/** One human line per event, e.g. "/job: memory usage 412M reached the threshold 400M". */
export function formatEvent(e: ContainerEvent, formatBytes: FormatBytes): string {
  const b = (v: Limit): string => readableBytes(v, formatBytes);
  switch (e.type) {
    case 'oom':
      return `${e.container}: out of memory (oom kills so far: ${e.oomKills ?? 0})`;
    case 'memory-threshold':
      return `${e.container}: memory usage ${b(e.usage ?? 0)} reached the threshold ${b(e.threshold ?? 0)}`;
    case 'empty':
      return `${e.container}: empty (no process left)`;
  }
}
