import { unimplemented } from '@lmctfy/core';
import type { ContainerSpec, ContainerStats, Limit } from '@lmctfy/core';
import type { CgroupFs } from '../cgroup-fs';
import type { Controller } from '../controller';
import { parseKernelLimit, v2Limit } from '../conversions';
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
    if (m.limit !== undefined) io.write(dir, V2.memoryMax, v2Limit(m.limit));
    if (m.reservation !== undefined) io.write(dir, V2.memoryLow, v2Limit(m.reservation));
    if (m.high !== undefined) io.write(dir, V2.memoryHigh, v2Limit(m.high));
    if (m.swap !== undefined) {
      // Without swap accounting the file is missing; that only matters when limiting swap.
      if (io.exists(dir, V2.memorySwapMax)) io.write(dir, V2.memorySwapMax, v2Limit(m.swap));
      else if (m.swap !== 'max') {
        throw unimplemented('memory.swap: this kernel has no memory.swap.max (no swap accounting)');
      }
    }
  },

  stats(io: CgroupFs, dir: string, into: ContainerStats): void {
    if (!io.exists(dir, V2.memoryCurrent)) return;
    const events = io.readKeyValues(dir, V2.memoryEvents);
    const peak = io.readOptional(dir, V2.memoryPeak);
    into.memory = {
      usage: Number(io.read(dir, V2.memoryCurrent)),
      ...(peak === undefined ? {} : { maxUsage: Number(peak) }),
      limit: parseKernelLimit(io.read(dir, V2.memoryMax)),
      failCount: events.max ?? 0,
      oomKills: events.oom_kill ?? 0,
    };
  },

  readSpec(io: CgroupFs, dir: string, into: ContainerSpec): void {
    if (!io.exists(dir, V2.memoryMax)) return;
    const swap = readLimit(io, dir, V2.memorySwapMax);
    into.memory = {
      limit: parseKernelLimit(io.read(dir, V2.memoryMax)),
      reservation: parseKernelLimit(io.read(dir, V2.memoryLow)),
      high: parseKernelLimit(io.read(dir, V2.memoryHigh)),
      ...(swap === undefined ? {} : { swap }),
    };
  },
};
