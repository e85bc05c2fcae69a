import { invalidArgument } from '@lmctfy/core';
import type { IdMapping } from '@lmctfy/core';

/** The kernel accepts at most 340 lines in uid_map/gid_map (since Linux 4.15). */
const MAX_LINES = 340;
const MAX_ID = 2 ** 32 - 1;

/**
 * Checks a uid or gid mapping as the kernel would, but with messages naming the field:
 * whole non-negative ids, sizes of at least 1, no range overlapping another on either
 * side, and container id 0 mapped (the launcher becomes the container's root).
 */
export function checkIdMappings(maps: readonly IdMapping[], field: string): IdMapping[] {
  if (maps.length > MAX_LINES) throw invalidArgument(`${field}: at most ${MAX_LINES} entries (got ${maps.length})`);
  const show = (m: IdMapping): string => JSON.stringify(m);
  maps.forEach((m, i) => {
    for (const key of ['containerId', 'hostId', 'size'] as const) {
      const v = m[key];
      if (!Number.isSafeInteger(v) || v < (key === 'size' ? 1 : 0) || v > MAX_ID) {
        throw invalidArgument(`${field}[${i}].${key}: ${v} is not a valid ${key === 'size' ? 'size (1 or more)' : 'id'}`);
      }
    }
    if (m.containerId + m.size - 1 > MAX_ID || m.hostId + m.size - 1 > MAX_ID) {
      throw invalidArgument(`${field}[${i}]: ${show(m)} runs past id ${MAX_ID}`);
    }
    for (let j = 0; j < i; j++) {
      const o = maps[j];
      for (const side of ['containerId', 'hostId'] as const) {
        if (m[side] < o[side] + o.size && o[side] < m[side] + m.size) {
          const which = side === 'containerId' ? 'container' : 'host';
          throw invalidArgument(`${field}[${i}]: ${show(m)} overlaps ${field}[${j}] ${show(o)} in ${which} ids`);
        }
      }
    }
  });
  if (!maps.some((m) => m.containerId === 0)) {
    throw invalidArgument(`${field}: map container id 0 (the container's root), e.g. {"containerId":0,"hostId":100000,"size":65536}`);
  }
  return maps.map((m) => ({ ...m }));
}

/** The lines of /proc/<pid>/uid_map, one launcher argument each: "C H N". */
export function mapLines(maps: readonly IdMapping[]): string[] {
  return maps.map((m) => `${m.containerId} ${m.hostId} ${m.size}`);
}
