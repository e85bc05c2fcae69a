import { formatBytes } from '@lmctfy/core';
import type { CgroupFs } from './cgroup-fs';
import { CGROUP_PROCS, V1, V2 } from './kernel-files';

type Explain = (io: CgroupFs, dir: string, value: string) => string;

const bytes = (raw: string): string => (/^\d+$/.test(raw) ? formatBytes(Number(raw)) : raw);

const usage = (io: CgroupFs, dir: string): string => {
  const u = io.readOptional(dir, V1.memoryUsage) ?? io.readOptional(dir, V2.memoryCurrent);
  return u === undefined ? '' : ` (current usage ${bytes(u)})`;
};

/**
 * Known kernel errnos per file, turned into what the user did wrong (cgroups
 * `fs/memory.go: setMemory` does the same for EBUSY on the memory limit).
 */
const EXPLANATIONS: Record<string, Partial<Record<string, Explain>>> = {
  [V1.memoryLimit]: {
    // v1 reclaims first and answers EBUSY when usage cannot be pushed below the new limit.
    EBUSY: (io, dir, v) => `${bytes(v)} is below current usage${usage(io, dir)}`,
    EINVAL: (io, dir, v) =>
      `${bytes(v)} is above memory.memsw.limit_in_bytes (${bytes(io.readOptional(dir, V1.memswLimit) ?? '?')}); memsw must stay >= the memory limit`,
  },
  [V1.memswLimit]: {
    EBUSY: (io, dir, v) => `${bytes(v)} is below current memory+swap usage${usage(io, dir)}`,
    EINVAL: (io, dir, v) =>
      `memory+swap ${bytes(v)} is below memory.limit_in_bytes (${bytes(io.readOptional(dir, V1.memoryLimit) ?? '?')})`,
  },
  [V2.memoryMax]: {
    EBUSY: (io, dir, v) => `${bytes(v)} is below current usage${usage(io, dir)}`,
  },
  [V1.cfsQuota]: {
    EINVAL: (_io, _dir, v) =>
      `quota ${v} µs is invalid (minimum 1000 µs, and a child cannot exceed its parent's quota)`,
  },
  [V2.cpuMax]: {
    EINVAL: (_io, _dir, v) => `"${v}" is invalid (quota >= 1000 µs, period 1000..1000000 µs)`,
  },
  [V1.cpusetCpus]: {
    EINVAL: (io, dir, v) => `cpus "${v}" are not all in the parent's cpuset (${parentCpuset(io, dir, V1.cpusetCpus)})`,
  },
  [V1.cpusetMems]: {
    EINVAL: (io, dir, v) => `memory nodes "${v}" are not all in the parent's cpuset (${parentCpuset(io, dir, V1.cpusetMems)})`,
  },
  [V2.subtreeControl]: {
    EBUSY: () => 'the cgroup has processes of its own; cgroup v2 only enables controllers for children of a cgroup without processes',
    ENOENT: (_io, _dir, v) => `a controller in "${v}" is not available in the parent cgroup`,
  },
  [CGROUP_PROCS]: {
    ESRCH: (_io, _dir, v) => `no process ${v}`,
    // v1 cpuset refuses tasks while cpuset.cpus or cpuset.mems is empty.
    ENOSPC: () => 'the cpuset of this cgroup is empty (cpuset.cpus and cpuset.mems must be set)',
    EBUSY: () => 'the container has child containers with controllers enabled; cgroup v2 keeps processes out of such cgroups',
  },
};

function parentCpuset(io: CgroupFs, dir: string, file: string): string {
  return io.readOptional(dir.replace(/\/[^/]+\/?$/, ''), file) ?? '?';
}

/** An explanation for `errno` writing `value` to `file`, or undefined when none is known. */
export function explainWriteError(
  io: CgroupFs,
  dir: string,
  file: string,
  value: string,
  errno: string | undefined,
): string | undefined {
  const explain = errno === undefined ? undefined : EXPLANATIONS[file]?.[errno];
  if (explain === undefined) return undefined;
  try {
    return explain(io, dir, value);
  } catch {
    return undefined;
  }
}
