import type { CgroupFs } from '../cgroup-fs';
import type { Controller, FreezerOps } from '../controller';
import { FROZEN, THAWED, V1 } from '../kernel-files';

/** Every v1 container gets a freezer cgroup: it tracks all tasks and implements pause. */
export const freezer: Controller & FreezerOps = {
  name: 'freezer',
  section: null,
  isSet: () => true,
  apply: () => undefined,
  stats: () => undefined,
  readSpec: () => undefined,

  requestFreeze(io: CgroupFs, dir: string, frozen: boolean): void {
    io.write(dir, V1.freezerState, frozen ? FROZEN : THAWED);
  },

  // freezer.state reads FREEZING until every task in the subtree is frozen.
  isFrozen(io: CgroupFs, dir: string): boolean {
    return io.read(dir, V1.freezerState) === FROZEN;
  },
};
