import { unavailable } from '@lmctfy/core';
import type { ContainerSpec, ContainerStats, Limit } from '@lmctfy/core';
import type { CgroupFs } from '../cgroup-fs';
import type { Controller } from '../controller';
import { memoryBreakdown, memswFromSwap, parseKernelLimit, refuseField, rejectHighOnV1, swapFromMemsw, v1Limit, workingSetOf } from '../conversions';
import { V1 } from '../kernel-files';

const asNumber = (l: Limit): number => (l === 'max' ? Infinity : l);

export const memory: Controller = {
  name: 'memory',
  section: 'memory',
  isSet: (spec) => spec.memory !== undefined,

  apply(io: CgroupFs, dir: string, spec: ContainerSpec): void {
    const m = spec.memory;
    if (!m) return;
    rejectHighOnV1(m.high);
    refuseField(m.oomGroup, 'memory.oomGroup', 'it is cgroup v2 memory.oom.group; cgroup v1 always kills one task');
    const memsw = m.swap === undefined ? undefined : memswFromSwap(m.limit, m.swap);
    if (memsw !== undefined && !io.exists(dir, V1.memswLimit) && memsw !== 'max') {
      throw unavailable('memory.swap: the memory controller has no swap accounting here (memory.memsw.* missing; boot with swapaccount=1)');
    }
    const writeLimit = (): void => {
      if (m.limit !== undefined) io.write(dir, V1.memoryLimit, v1Limit(m.limit));
    };
    const writeMemsw = (): void => {
      if (memsw !== undefined && io.exists(dir, V1.memswLimit)) io.write(dir, V1.memswLimit, v1Limit(memsw));
    };
    // The kernel keeps memsw >= limit at every step: raise memsw first, lower the limit first.
    const current = parseKernelLimit(io.read(dir, V1.memoryLimit));
    const raising = m.limit !== undefined && asNumber(m.limit) > asNumber(current);
    if (raising) {
      writeMemsw();
      writeLimit();
    } else {
      writeLimit();
      writeMemsw();
    }
    if (m.reservation !== undefined) io.write(dir, V1.memorySoftLimit, v1Limit(m.reservation));
    // Writing memory.oom_control sets oom_kill_disable; the other lines are read-only.
    if (m.oomKillDisable !== undefined) io.write(dir, V1.memoryOomControl, m.oomKillDisable ? 1 : 0);
  },

  stats(io: CgroupFs, dir: string, into: ContainerStats): void {
    const oom = io.exists(dir, V1.memoryOomControl) ? io.readKeyValues(dir, V1.memoryOomControl) : {};
    const usage = Number(io.read(dir, V1.memoryUsage));
    const breakdown = memoryBreakdown(io.readKeyValues(dir, V1.memoryStat), 'v1');
    into.memory = {
      usage,
      maxUsage: Number(io.read(dir, V1.memoryMaxUsage)),
      limit: parseKernelLimit(io.read(dir, V1.memoryLimit)),
      failCount: Number(io.read(dir, V1.memoryFailcnt)),
      // oom_kill appeared in memory.oom_control with Linux 4.13.
      oomKills: oom.oom_kill ?? 0,
      workingSet: workingSetOf(usage, breakdown),
      breakdown,
    };
  },

  readSpec(io: CgroupFs, dir: string, into: ContainerSpec): void {
    const limit = parseKernelLimit(io.read(dir, V1.memoryLimit));
    into.memory = { limit, reservation: parseKernelLimit(io.read(dir, V1.memorySoftLimit)) };
    const memsw = io.readOptional(dir, V1.memswLimit);
    if (memsw !== undefined) into.memory.swap = swapFromMemsw(limit, parseKernelLimit(memsw));
    into.memory.oomKillDisable = io.readKeyValues(dir, V1.memoryOomControl).oom_kill_disable === 1;
  },
};
