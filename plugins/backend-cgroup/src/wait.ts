import { setTimeout as sleep } from 'node:timers/promises';

export { sleep };

/**
 * Polls `done` until it holds or `timeoutMs` passes; true when it held. The first checks
 * come quickly (the kernel usually finishes within a millisecond) and then back off.
 */
export async function waitUntil(done: () => boolean, timeoutMs: number, maxIntervalMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let interval = 1;
  for (;;) {
    if (done()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(interval);
    interval = Math.min(interval * 2, maxIntervalMs);
  }
}

/** The errno of a Node error, or of the Node error an LmctfyError wraps. */
export function errnoOf(e: unknown): string | undefined {
  const err = e as { code?: unknown; cause?: { code?: unknown } } | undefined;
  if (typeof err?.code === 'string') return err.code;
  return typeof err?.cause?.code === 'string' ? err.cause.code : undefined;
}
