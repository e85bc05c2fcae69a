/**
 * One timer shared by every watcher with the same period. A scheduler may hold hundreds
 * of watches open: they all wake on the same tick, each does a few non-blocking syscalls,
 * and the event loop stays free in between. The timer exists only while someone waits,
 * so an idle process can exit and a finished watch leaves no handle behind.
 */
export class SharedTicker {
  private readonly waiters = new Set<() => void>();
  private timer?: NodeJS.Timeout;

  constructor(readonly periodMs: number) {}

  /** Resolves true on the next tick, or false as soon as `signal` aborts. */
  next(signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = (): void => {
        this.waiters.delete(wake);
        if (this.waiters.size === 0) this.stop();
        resolve(false);
      };
      const wake = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve(true);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(wake);
      this.timer ??= setInterval(() => this.tick(), this.periodMs);
    });
  }

  /** How many watchers wait for the next tick (for tests). */
  get waiting(): number {
    return this.waiters.size;
  }

  private tick(): void {
    // Woken watchers re-register from their continuations, after this returns; so the
    // timer is stopped only on a tick that finds nobody waiting.
    if (this.waiters.size === 0) {
      this.stop();
      return;
    }
    const woken = [...this.waiters];
    this.waiters.clear();
    for (const wake of woken) wake();
  }

  private stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}

const tickers = new Map<number, SharedTicker>();

/** The process-wide ticker for `periodMs`. */
export function sharedTicker(periodMs: number): SharedTicker {
  let t = tickers.get(periodMs);
  if (!t) {
    t = new SharedTicker(periodMs);
    tickers.set(periodMs, t);
  }
  return t;
}
