import { constants } from 'node:os';

/** What a shell user can send to a foreground job; lmctfy passes each on to the payload. */
export const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];

/**
 * Forwards signals received by the CLI to the payload while `run --rm` waits for it.
 * A signal that arrives before the payload started is delivered once it has.
 */
export class SignalForwarder {
  private pid?: number;
  private readonly pending: NodeJS.Signals[] = [];
  private readonly handlers = new Map<NodeJS.Signals, () => void>();

  install(): this {
    for (const sig of FORWARDED_SIGNALS) {
      const handler = (): void => this.forward(sig);
      this.handlers.set(sig, handler);
      process.on(sig, handler);
    }
    return this;
  }

  started(pid: number): void {
    this.pid = pid;
    for (const sig of this.pending.splice(0)) this.forward(sig);
  }

  uninstall(): void {
    for (const [sig, handler] of this.handlers) process.removeListener(sig, handler);
    this.handlers.clear();
  }

  private forward(sig: NodeJS.Signals): void {
    if (this.pid === undefined) {
      this.pending.push(sig);
      return;
    }
    try {
      process.kill(this.pid, sig);
    } catch {
      // already gone: its exit is being reported
    }
  }
}

/**
 * Ends the CLI the way the payload ended: re-raises its signal on ourselves (a shell then
 * shows 128+n, e.g. 137 for SIGKILL). Where Node ignores the signal (SIGPIPE) the exit
 * code 128+n set first is used instead.
 */
export async function dieLike(signal: NodeJS.Signals): Promise<void> {
  process.exitCode = 128 + (constants.signals[signal] ?? 0);
  process.kill(process.pid, signal);
  // Delivery may land on another thread: give it a moment before exiting normally.
  await new Promise((resolve) => setTimeout(resolve, 200));
}
