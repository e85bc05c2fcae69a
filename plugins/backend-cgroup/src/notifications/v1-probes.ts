/**
 * cgroup v1 notifications. OOM and memory thresholds use the memory controller's eventfd
 * interface: an eventfd is registered by writing "<eventfd> <fd of the file> [args]" to
 * cgroup.event_control, and the kernel signals it on the event. Removing the cgroup also
 * signals it (and unregisters it), so every wake-up first checks the cgroup still exists.
 * v1 has no "empty" event (lmctfy left container_empty UNIMPL; release_agent is one global
 * program per hierarchy, unusable by a library), so emptiness is polled from cgroup.procs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ErrorCode, openEventFd, readEventFd } from '@lmctfy/core';
import { V1 } from '../kernel-files';
import { Edge, eventOf, requireDir, type EventProbe, type ProbeTarget } from './poll-events';

/** Registers a new eventfd for `file` of the memory cgroup `t.dir`; the caller closes it. */
function registerEventFd(t: ProbeTarget, file: string, args?: string): number {
  const efd = openEventFd();
  try {
    // The kernel keeps its own reference to the file: our fd is only needed to register.
    const cfd = fs.openSync(path.join(t.dir, file), 'r');
    try {
      t.io.write(t.dir, V1.eventControl, args === undefined ? `${efd} ${cfd}` : `${efd} ${cfd} ${args}`);
    } finally {
      fs.closeSync(cfd);
    }
    return efd;
  } catch (e) {
    fs.closeSync(efd);
    throw e;
  }
}

/** Fires on each OOM of the memory cgroup (memory.oom_control). */
export function v1OomProbe(t: ProbeTarget): EventProbe {
  const efd = registerEventFd(t, V1.memoryOomControl);
  return {
    check() {
      if (readEventFd(efd) === 0) return undefined;
      requireDir(t);
      // oom_kill appeared in memory.oom_control with Linux 4.13.
      return eventOf('oom', t.container, { oomKills: t.io.readKeyValues(t.dir, V1.memoryOomControl).oom_kill ?? 0 });
    },
    close: () => fs.closeSync(efd),
  };
}

/**
 * Fires when memory.usage_in_bytes is at or above `bytes`. The kernel signals crossings in
 * both directions; a crossing while armed (usage was below) is an upward one, reported even
 * when usage fell back before this check saw it.
 */
export function v1ThresholdProbe(t: ProbeTarget, bytes: number): EventProbe {
  const efd = registerEventFd(t, V1.memoryUsage, String(bytes));
  const edge = new Edge();
  let first = true;
  return {
    check() {
      const crossings = readEventFd(efd);
      if (crossings === 0 && !first) return undefined;
      first = false;
      requireDir(t);
      const usage = Number(t.io.read(t.dir, V1.memoryUsage));
      if (!edge.observe(usage >= bytes, crossings > 0)) return undefined;
      return eventOf('memory-threshold', t.container, { usage, threshold: bytes });
    },
    close: () => fs.closeSync(efd),
  };
}

/** Fires when no task is left in the container or below it (polled; see the file comment). */
export function v1EmptyProbe(t: ProbeTarget, populated: (dir: string) => boolean): EventProbe {
  const edge = new Edge();
  return {
    check() {
      requireDir(t);
      let busy: boolean;
      try {
        busy = populated(t.dir);
      } catch (e) {
        // A child cgroup removed during the walk is not our container going away.
        requireDir(t);
        if ((e as { code?: unknown }).code === ErrorCode.NotFound) return undefined;
        throw e;
      }
      return edge.observe(!busy) ? eventOf('empty', t.container) : undefined;
    },
    close: () => undefined,
  };
}
