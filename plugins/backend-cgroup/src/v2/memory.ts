import { unavailable } from '@lmctfy/core';
import type { ContainerSpec, ContainerStats, Limit } from '@lmctfy/core';
import type { CgroupFs } from '../cgroup-fs';
import type { Controller } from '../controller';
import { memoryBreakdown, parseKernelLimit, refuseField, v2Limit, workingSetOf } from '../conversions';
import { V2 } from '../kernel-files';

const readLimit = (io: CgroupFs, dir: string, file: string): Limit | undefined => {
  const raw = io.readOptional(dir, file);
  return raw === undefined ? undefined : parseKernelLimit(raw);
};

export const memory: Controller = {
  name: 'memory',
  section: 'memory',
  isSet: (spec) => spec.memory !== undefined,

  apply(io: CgroupFs, dir: string, spec: ContainerSpec): void {
    const m = spec.memory;
    if (!m) return;
    refuseField(m.oomKillDisable, 'memory.oomKillDisable', 'cgroup v2 cannot disable the OOM killer (use memory.high to throttle instead)');
    if (m.limit !== undefined) io.write(dir, V2.memoryMax, v2Limit(m.limit));
    if (m.reservation !== undefined) io.write(dir, V2.memoryLow, v2Limit(m.reservation));
    if (m.high !== undefined) io.write(dir, V2.memoryHigh, v2Limit(m.high));
    if (m.swap !== undefined) {
      // Without swap accounting the file is missing; that only matters when limiting swap.
      if (io.exists(dir, V2.memorySwapMax)) io.write(dir, V2.memorySwapMax, v2Limit(m.swap));
      else if (m.swap !== 'max') {
        throw unavailable('memory.swap: the memory controller has no memory.swap.max here (no swap accounting)');
      }
    }
    if (m.oomGroup !== undefined) {
      // memory.oom.group appeared in Linux 4.19.
      if (!io.exists(dir, V2.memoryOomGroup)) throw unavailable('memory.oomGroup: the memory controller has no memory.oom.group here (Linux < 4.19)');
      io.write(dir, V2.memoryOomGroup, m.oomGroup ? 1 : 0);
    }
  },

  stats(io: CgroupFs, dir: string, into: ContainerStats): void {
    if (!io.exists(dir, V2.memoryCurrent)) return;
    const events = io.readKeyValues(dir, V2.memoryEvents);
    const peak = io.readOptional(dir, V2.memoryPeak);
    const usage = Number(io.read(dir, V2.memoryCurrent));
    const breakdown = memoryBreakdown(io.readKeyValues(dir, V2.memoryStat), 'v2');
    into.memory = {
      usage,
      ...(peak === undefined ? {} : { maxUsage: Number(peak) }),
      limit: parseKernelLimit(io.read(dir, V2.memoryMax)),
      failCount: events.max ?? 0,
      oomKills: events.oom_kill ?? 0,
      workingSet: workingSetOf(usage, breakdown),
      breakdown,
    };
  },

  readSpec(io: CgroupFs, dir: string, into: ContainerSpec): void {
    if (!io.exists(dir, V2.memoryMax)) return;
    const swap = readLimit(io, dir, V2.memorySwapMax);
    const oomGroup = io.readOptional(dir, V2.memoryOomGroup);
    into.memory = {
      limit: parseKernelLimit(io.read(dir, V2.memoryMax)),
      reservation: parseKernelLimit(io.read(dir, V2.memoryLow)),
      high: parseKernelLimit(io.read(dir, V2.memoryHigh)),
      ...(swap === undefined ? {} : { swap }),
      ...(oomGroup === undefined ? {} : { oomGroup: oomGroup === '1' }),
    };
  },
};
