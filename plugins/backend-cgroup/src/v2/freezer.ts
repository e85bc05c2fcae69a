import type { CgroupFs } from '../cgroup-fs';
import type { Controller, FreezerOps } from '../controller';
import { V2 } from '../kernel-files';

/** v2 freezing is the core file cgroup.freeze (Linux 5.2+), not a controller to enable. */
export const freezer: Controller & FreezerOps = {
  name: 'freezer',
  section: null,
  builtin: true,
  isSet: () => true,
  apply: () => undefined,
  stats: () => undefined,
  readSpec: () => undefined,

  requestFreeze(io: CgroupFs, dir: string, frozen: boolean): void {
    io.write(dir, V2.freeze, frozen ? 1 : 0);
  },

  // cgroup.freeze is the request; cgroup.events "frozen" says when it is done.
  isFrozen(io: CgroupFs, dir: string): boolean {
    return io.readKeyValues(dir, V2.events).frozen === 1;
  },
};
