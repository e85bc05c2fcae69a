import * as path from 'node:path';
import { alreadyExists } from '@lmctfy/core';
import type { CgroupFs } from './cgroup-fs';
import { CGROUP_PROCS } from './kernel-files';

/** `dir` and every cgroup below it, parents first (reverse it to remove deepest first). */
export function subtree(io: CgroupFs, dir: string): string[] {
  const out = [dir];
  for (let i = 0; i < out.length; i++) {
    for (const child of io.listChildren(out[i])) out.push(path.join(out[i], child));
  }
  return out;
}

/** Process ids in `dir` (and below when recursive), sorted, without duplicates. */
export function procsIn(io: CgroupFs, dirs: readonly string[], recursive: boolean): number[] {
  const pids = new Set<number>();
  for (const top of dirs) {
    if (!io.exists(top)) continue;
    for (const dir of recursive ? subtree(io, top) : [top]) {
      for (const line of io.readLines(dir, CGROUP_PROCS)) pids.add(Number(line));
    }
  }
  return [...pids].sort((a, b) => a - b);
}

/**
 * mkdir -p from `base` down through `components`, recording each directory it makes in
 * `made` (ancestors first) and calling `init` on it. Existing ancestors are fine (a
 * concurrent create may have made them); an existing leaf is an error unless this create
 * made it already (co-mounted v1 hierarchies share directories).
 */
export function makeChain(
  io: CgroupFs,
  base: string,
  components: readonly string[],
  made: string[],
  init: (dir: string) => void,
): void {
  let dir = base;
  components.forEach((component, i) => {
    dir = path.join(dir, component);
    if (io.mkdir(dir)) {
      made.push(dir);
      init(dir);
    } else if (i === components.length - 1 && !made.includes(dir)) {
      throw alreadyExists(`cgroup ${dir} already exists`);
    }
  });
}
