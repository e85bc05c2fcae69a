import { failedPrecondition } from '@lmctfy/core';
import type { ContainerEvent, ContainerName, EventSpec, EventType, WatchOptions } from '@lmctfy/core';
import type { CgroupDriver } from './cgroup-driver';
import type { CgroupResources } from './cgroup-resources';
import { V2 } from './kernel-files';
import { pollEvents, type EventProbe, type ProbeTarget } from './notifications/poll-events';
import { sharedTicker } from './notifications/shared-ticker';
import { v1EmptyProbe, v1OomProbe, v1ThresholdProbe } from './notifications/v1-probes';
import { v2EmptyProbe, v2OomProbe, v2ThresholdProbe } from './notifications/v2-probes';

/** Reading an eventfd or inotify fd costs one syscall: check often, so events arrive fast. */
export const FD_TICK_MS = 50;
/** Reading cgroup files (v1 cgroup.procs walk, v2 memory.current) costs more: check less often. */
export const FILE_TICK_MS = 100;

/** Events this host can deliver: OOM and thresholds need the memory controller. */
export function cgroupEvents(driver: CgroupDriver): EventType[] {
  return driver.available.has('memory') ? ['oom', 'memory-threshold', 'empty'] : ['empty'];
}

/**
 * Backend.watch() for cgroups (v1/hybrid: eventfd or polling; v2: inotify or polling; see
 * notifications/). Any number of watches share one timer per period and never block the
 * event loop. Exported so backends composing CgroupResources can offer the same events.
 */
export async function* watchCgroup(
  resources: CgroupResources,
  name: ContainerName,
  event: EventSpec,
  options: WatchOptions = {},
): AsyncGenerator<ContainerEvent> {
  resources.require(name);
  const { driver, io } = resources;
  const v2 = driver.mode === 'v2';
  const container = name.toString();
  let open: () => EventProbe;
  let polled: boolean;
  if (event.type === 'empty') {
    const t: ProbeTarget = { io, dir: driver.trackingDir(name), container };
    const populated = (dir: string): boolean => driver.populated(dir);
    open = () => (v2 ? v2EmptyProbe(t, populated) : v1EmptyProbe(t, populated));
    polled = !v2;
  } else {
    const t: ProbeTarget = { io, dir: memoryDir(resources, name, event.type), container };
    if (event.type === 'oom') open = () => (v2 ? v2OomProbe(t) : v1OomProbe(t));
    else open = () => (v2 ? v2ThresholdProbe(t, event.bytes) : v1ThresholdProbe(t, event.bytes));
    polled = v2 && event.type === 'memory-threshold';
  }
  yield* pollEvents(open, sharedTicker(polled ? FILE_TICK_MS : FD_TICK_MS), options.signal);
}

/** The container's memory cgroup; FAILED_PRECONDITION when it has none to watch. */
function memoryDir(resources: CgroupResources, name: ContainerName, what: EventType): string {
  const { driver, io } = resources;
  const memory = driver.controllers.find((c) => c.name === 'memory');
  const dir = memory && driver.dirFor(name, memory);
  if (dir === undefined || !(driver.mode === 'v2' ? io.exists(dir, V2.memoryEvents) : io.exists(dir))) {
    throw failedPrecondition(`${what}: container ${name} has no memory cgroup to watch`, {
      hint: 'create it with a memory section (e.g. --memory max)',
    });
  }
  return dir;
}
