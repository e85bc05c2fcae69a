import { notFound } from '@lmctfy/core';
import type { ContainerEvent } from '@lmctfy/core';
import type { CgroupFs } from '../cgroup-fs';
import type { SharedTicker } from './shared-ticker';

/**
 * One watched condition of one cgroup. check() never blocks: it reads non-blocking fds
 * or small cgroupfs files and says whether the event happened since the last check.
 */
export interface EventProbe {
  /** The event, or undefined; throws NOT_FOUND once the cgroup is gone. */
  check(): ContainerEvent | undefined;
  /** Releases fds; called exactly once, however the watch ends. */
  close(): void;
}

/**
 * The async iterator behind every cgroup watch: checks at once (a condition that already
 * holds is reported without waiting), then on each tick of the shared ticker. The probe
 * is opened on the first next(), so registration errors reach the caller there, and it is
 * closed when the loop breaks, the consumer calls return(), `signal` aborts, or it throws.
 */
export async function* pollEvents(
  open: () => EventProbe,
  ticker: SharedTicker,
  signal?: AbortSignal,
): AsyncGenerator<ContainerEvent> {
  if (signal?.aborted) return;
  const probe = open();
  try {
    for (;;) {
      const event = probe.check();
      if (event) yield event;
      else if (!(await ticker.next(signal))) return;
    }
  } finally {
    probe.close();
  }
}

/**
 * Level-triggered with re-arming, for "usage is above N" and "it is empty": fires when the
 * condition holds while armed, then waits for it to stop holding before it can fire again.
 * Starts armed, so a condition that already holds fires on the first check.
 */
export class Edge {
  private armed = true;

  /** True when this observation fires. `crossed` reports a crossing seen by the kernel in between (v1 eventfd). */
  observe(holds: boolean, crossed = false): boolean {
    const fire = this.armed && (holds || crossed);
    this.armed = fire ? !holds : !holds || this.armed;
    return fire;
  }
}

/** The common fields of an event. */
export function eventOf(type: ContainerEvent['type'], container: string, extra: Partial<ContainerEvent> = {}): ContainerEvent {
  return { type, container, time: new Date().toISOString(), ...extra };
}

/** The cgroup directory a probe watches, and how to name its container in events. */
export interface ProbeTarget {
  io: CgroupFs;
  dir: string;
  container: string;
}

/** Throws NOT_FOUND when the watched cgroup is gone (the container was destroyed). */
export function requireDir(t: ProbeTarget): void {
  if (!t.io.exists(t.dir)) throw notFound(`container ${t.container} was destroyed`);
}
