import { ContainerName } from '@lmctfy/core';
import type { CgroupMode } from './detect-cgroup-mode';
import { BATCH } from './latency-placement';

/**
 * The container a process is in, from the text of /proc/<pid>/cgroup: the freezer line on
 * v1/hybrid ("6:freezer:/lmctfy/a/b"; co-mounted lists are comma-separated), the "0::" line
 * on v2. Paths outside /<cgroupRoot> are the root container.
 */
export function containerFromProcCgroup(text: string, mode: CgroupMode, cgroupRoot: string): ContainerName {
  let cgroupPath: string | undefined;
  for (const line of text.split('\n')) {
    const first = line.indexOf(':');
    const second = line.indexOf(':', first + 1);
    if (first < 0 || second < 0) continue;
    const controllers = line.slice(first + 1, second);
    const p = line.slice(second + 1);
    const wanted = mode === 'v2' ? line.startsWith('0::') : controllers.split(',').includes('freezer');
    if (wanted) cgroupPath = p;
  }
  const prefix = `/${cgroupRoot}`;
  if (cgroupPath === undefined || !(cgroupPath === prefix || cgroupPath.startsWith(`${prefix}/`))) {
    return ContainerName.root;
  }
  const components = cgroupPath.slice(prefix.length).split('/').filter((c) => c !== '');
  // v2 keeps best-effort containers' whole directory under batch/ (see latency-placement.ts).
  if (mode === 'v2' && components[0] === BATCH) components.shift();
  try {
    return ContainerName.fromComponents(components);
  } catch {
    // A cgroup someone else made under our root, with a name lmctfy would not accept.
    return ContainerName.root;
  }
}
