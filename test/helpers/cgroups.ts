/**
 * Test-side cleanup of a cgroup root (e.g. `lmctfy-e2e-1234`) in every hierarchy under
 * /sys/fs/cgroup: thaws, kills the tasks, then removes the directories deepest first.
 * Only ever touches `<mount>/<root>`, i.e. cgroups the test itself configured.
 */
import { existsSync, readdirSync, readFileSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const CGROUP_MOUNT = '/sys/fs/cgroup';

/** Every hierarchy directory: /sys/fs/cgroup/<controller> (v1/hybrid), or the v2 mount itself. */
export function hierarchies(mount = CGROUP_MOUNT): string[] {
  if (existsSync(join(mount, 'cgroup.controllers'))) return [mount]; // pure v2
  return readdirSync(mount)
    .map((d) => join(mount, d))
    .filter((d) => {
      try {
        return statSync(d).isDirectory() && existsSync(join(d, 'cgroup.procs'));
      } catch {
        return false; // symlinks like cpu,cpuacct resolve to the same dir: harmless
      }
    });
}

/** `<hierarchy>/<root>` for each hierarchy where it exists. */
export function cgroupDirsOf(root: string, mount = CGROUP_MOUNT): string[] {
  return hierarchies(mount)
    .map((h) => join(h, root))
    .filter((d) => existsSync(d));
}

function subdirsDeepestFirst(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) if (e.isDirectory()) walk(join(d, e.name));
    out.push(d);
  };
  walk(dir);
  return out;
}

function pidsIn(dir: string): number[] {
  try {
    return readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Removes `<hierarchy>/<root>` everywhere; returns what it could not remove. */
export async function removeCgroupRoot(root: string, mount = CGROUP_MOUNT): Promise<string[]> {
  if (!root || root.includes('..') || root.startsWith('/')) throw new Error(`refusing to remove cgroup root ${JSON.stringify(root)}`);
  const dirs = cgroupDirsOf(root, mount).flatMap(subdirsDeepestFirst);
  for (const d of dirs) {
    for (const f of ['freezer.state', 'cgroup.freeze']) {
      try {
        writeFileSync(join(d, f), f === 'freezer.state' ? 'THAWED' : '0');
      } catch {
        /* not this hierarchy */
      }
    }
    for (const pid of pidsIn(d)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  }
  const left: string[] = [];
  for (const d of dirs) {
    let removed = false;
    for (let i = 0; i < 100 && !removed; i++) {
      try {
        rmdirSync(d);
        removed = true;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') removed = true;
        else await new Promise((r) => setTimeout(r, 20)); // EBUSY while killed tasks exit
      }
    }
    if (!removed) left.push(d);
  }
  return left;
}

/** Names of the cgroup directories left under `<hierarchy>/<root>` (relative), for assertions. */
export function leftoverCgroups(root: string, mount = CGROUP_MOUNT): string[] {
  return cgroupDirsOf(root, mount).flatMap((d) => subdirsDeepestFirst(d).filter((s) => s !== d));
}
