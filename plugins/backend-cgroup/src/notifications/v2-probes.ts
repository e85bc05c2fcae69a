/**
 * cgroup v2 notifications. The kernel reports changes of memory.events (oom_kill) and
 * cgroup.events (populated) as file modifications, which inotify delivers; the fd is
 * non-blocking and drained on each tick. Removing the cgroup sends no inotify event on
 * cgroupfs, so every check also makes sure the directory still exists (one stat).
 * v2 has no usage-threshold event (memory.events "high" only counts throttling above
 * memory.high, which would change the container's behaviour), so memory.current is polled.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { drainFd, openInotify } from '@lmctfy/core';
import { V2 } from '../kernel-files';
import { Edge, eventOf, requireDir, type EventProbe, type ProbeTarget } from './poll-events';

/** Fires each time memory.events oom_kill grows (the kill count, not "oom": peers.md §E.5). */
export function v2OomProbe(t: ProbeTarget): EventProbe {
  const ifd = openInotify(path.join(t.dir, V2.memoryEvents));
  // Read after the watch is in place, so no kill between the two is missed.
  const kills = (): number => t.io.readKeyValues(t.dir, V2.memoryEvents).oom_kill ?? 0;
  let last = kills();
  return {
    check() {
      const changed = drainFd(ifd);
      requireDir(t);
      if (!changed) return undefined;
      const now = kills();
      if (now <= last) return undefined;
      last = now;
      return eventOf('oom', t.container, { oomKills: now });
    },
    close: () => fs.closeSync(ifd),
  };
}

/** Fires when cgroup.events says populated 0 (no task in the cgroup or below it). */
export function v2EmptyProbe(t: ProbeTarget, populated: (dir: string) => boolean): EventProbe {
  const ifd = openInotify(path.join(t.dir, V2.events));
  const edge = new Edge();
  let first = true;
  return {
    check() {
      const changed = drainFd(ifd);
      requireDir(t);
      if (!changed && !first) return undefined;
      first = false;
      return edge.observe(!populated(t.dir)) ? eventOf('empty', t.container) : undefined;
    },
    close: () => fs.closeSync(ifd),
  };
}

/** Fires when memory.current is at or above `bytes` (polled; see the file comment). */
export function v2ThresholdProbe(t: ProbeTarget, bytes: number): EventProbe {
  const edge = new Edge();
  return {
    check() {
      requireDir(t);
      const usage = Number(t.io.read(t.dir, V2.memoryCurrent));
      if (!edge.observe(usage >= bytes)) return undefined;
      return eventOf('memory-threshold', t.container, { usage, threshold: bytes });
    },
    close: () => undefined,
  };
}
