import * as path from 'node:path';
import { failedPrecondition, notFound } from '@lmctfy/core';
import type { ContainerName } from '@lmctfy/core';
import type { CgroupDriver } from './cgroup-driver';
import type { CgroupFs } from './cgroup-fs';
import { procsIn, subtree } from './cgroup-tree';
import { errnoOf, sleep, waitUntil } from './wait';

const FREEZE_TIMEOUT_MS = 2000;
const EMPTY_TIMEOUT_MS = 5000;
const RMDIR_TIMEOUT_MS = 2000;
/** lmctfy's KillAll: up to 3 rounds of SIGKILL, 250 ms apart. */
const KILL_ROUNDS = 3;
const KILL_ROUND_MS = 250;

/** SIGKILLs each pid; a pid that already exited is fine. */
export function killPids(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch (e) {
      if (errnoOf(e) !== 'ESRCH') throw e;
    }
  }
}

/** Requests freeze/thaw of `dir` and waits for the subtree to get there; false on timeout. */
export async function setFrozen(io: CgroupFs, driver: CgroupDriver, dir: string, frozen: boolean, timeoutMs = FREEZE_TIMEOUT_MS): Promise<boolean> {
  driver.freezer.requestFreeze(io, dir, frozen);
  return waitUntil(() => driver.freezer.isFrozen(io, dir) === frozen, timeoutMs);
}

/**
 * Kills everything in the container (lmctfy `KillAll`): cgroup.kill where the kernel has it
 * (v2, Linux 5.14+: no pid races), else rounds of SIGKILL; fails if anything survives.
 */
export async function killRounds(io: CgroupFs, driver: CgroupDriver, name: ContainerName): Promise<void> {
  const dirs = driver.dirs(name);
  if (driver.killByKernel(driver.trackingDir(name)) && (await waitUntil(() => procsIn(io, dirs, true).length === 0, KILL_ROUNDS * KILL_ROUND_MS))) return;
  for (let round = 0; round < KILL_ROUNDS; round++) {
    const pids = procsIn(io, dirs, true);
    if (pids.length === 0) return;
    killPids(pids);
    if (await waitUntil(() => procsIn(io, dirs, true).length === 0, KILL_ROUND_MS)) return;
  }
  const left = procsIn(io, dirs, true);
  if (left.length > 0) {
    throw failedPrecondition(`container ${name}: processes survived ${KILL_ROUNDS} rounds of SIGKILL: ${left.join(' ')}`, {
      hint: 'a paused container must be resumed before its processes can die',
    });
  }
}

/**
 * Freeze, kill, thaw: frozen tasks cannot fork, so one pass reaches every process,
 * including ones that ignore SIGTERM or were started by the container's own children.
 */
async function killEverything(io: CgroupFs, driver: CgroupDriver, name: ContainerName, dirs: string[]): Promise<void> {
  const tracking = driver.trackingDir(name);
  try {
    // Tasks stuck in D state never freeze; killing them anyway is still the best we can do.
    await setFrozen(io, driver, tracking, true);
    if (!driver.killByKernel(tracking)) killPids(procsIn(io, dirs, true));
  } finally {
    // Thaw every level: a child paused on its own stays frozen when only its parent thaws.
    for (const dir of subtree(io, tracking)) driver.freezer.requestFreeze(io, dir, false);
  }
  const empty = (): boolean => dirs.every((d) => !driver.populated(d));
  for (let waited = 0; !empty() && waited < EMPTY_TIMEOUT_MS; waited += KILL_ROUND_MS) {
    // Processes that forked before the freeze took hold get another signal here.
    if (await waitUntil(empty, KILL_ROUND_MS)) break;
    killPids(procsIn(io, dirs, true));
  }
  if (!empty()) {
    throw failedPrecondition(`container ${name}: processes did not exit after SIGKILL: ${procsIn(io, dirs, true).join(' ')}`);
  }
}

/** rmdir, retrying EBUSY: the kernel may still be releasing the last task's css. */
async function removeDir(io: CgroupFs, dir: string): Promise<void> {
  const deadline = Date.now() + RMDIR_TIMEOUT_MS;
  for (let delay = 1; ; delay = Math.min(delay * 2, 100)) {
    try {
      io.rmdir(dir);
      return;
    } catch (e) {
      if (errnoOf(e) !== 'EBUSY' || Date.now() >= deadline) throw e;
      await sleep(delay);
    }
  }
}

/**
 * Removes the container's cgroups in every hierarchy, deepest first. Without `force` it
 * refuses a container with processes or child containers.
 */
export async function destroyCgroups(io: CgroupFs, driver: CgroupDriver, name: ContainerName, force: boolean): Promise<void> {
  const dirs = driver.dirs(name);
  if (dirs.length === 0) throw notFound(`container ${name} does not exist`);
  if (!force) {
    const children = [...new Set(dirs.flatMap((d) => io.listChildren(d)))].sort();
    if (children.length > 0) {
      const shown = children.map((c) => path.posix.join(name.toString(), c)).join(', ');
      throw failedPrecondition(`container ${name} has child containers (${shown}); use --force to destroy them too`);
    }
    const pids = procsIn(io, dirs, false);
    if (pids.length > 0) {
      throw failedPrecondition(`container ${name} has ${pids.length} running process(es) (${pids.slice(0, 5).join(' ')}); use --force to kill them`);
    }
  } else {
    await killEverything(io, driver, name, dirs);
  }
  for (const top of dirs) {
    for (const dir of subtree(io, top).reverse()) await removeDir(io, dir);
  }
}
