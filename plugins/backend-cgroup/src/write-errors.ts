import { ErrorCode, formatBytes } from '@lmctfy/core';
import type { CgroupFs } from './cgroup-fs';
import { CGROUP_PROCS, V1, V2 } from './kernel-files';
import { cgroupLabel, holdsProcesses, internalProcessesAbove, isolatingChildren, subtreeControllers } from './no-internal-processes';

/** The reason for an errno, or undefined when the cgroup's state does not show it. */
type Explain = (io: CgroupFs, dir: string, value: string) => string | undefined;

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
    // The cgroup holds processes: no domain controller (memory, io, ...) for its children.
    EBUSY: (io, dir, v) => holdsProcesses(cgroupLabel(io, dir), enabling(v)),
    // It is below a thread root (an ancestor with processes and cpu/pids enabled), or threaded.
    EOPNOTSUPP: (io, dir, v) => notValidDomain(io, dir) ?? `${cgroupLabel(io, dir)} is a threaded cgroup, which cannot enable ${enabling(v).join(', ')}`,
    ENOENT: (_io, _dir, v) => `a controller in "${v}" is not available in the parent cgroup`,
  },
  [CGROUP_PROCS]: {
    ESRCH: (_io, _dir, v) => `no process ${v}`,
    // v1 cpuset refuses tasks while cpuset.cpus or cpuset.mems is empty.
    ENOSPC: () => 'the cpuset of this cgroup is empty (cpuset.cpus and cpuset.mems must be set)',
    // v2: the cgroup enables controllers for its children.
    EBUSY: (io, dir) => {
      const enabled = subtreeControllers(io, dir);
      return enabled.length > 0 ? isolatingChildren(cgroupLabel(io, dir), enabled) : undefined;
    },
    // v2: the cgroup is "domain invalid", below an ancestor with processes and cpu/pids enabled.
    EOPNOTSUPP: (io, dir) =>
      notValidDomain(io, dir) ?? `${cgroupLabel(io, dir)} cannot hold processes (cgroup.type ${io.readOptional(dir, V2.type) ?? '?'})`,
  },
};

/** The controllers a subtree_control write turns on ("+cpu +pids" -> cpu, pids). */
const enabling = (value: string): string[] =>
  value
    .split(/\s+/)
    .filter((t) => t.startsWith('+'))
    .map((t) => t.slice(1));

/** The no-internal-processes explanation of a "domain invalid" cgroup, naming the ancestor at fault. */
function notValidDomain(io: CgroupFs, dir: string): string | undefined {
  const above = internalProcessesAbove(io, dir);
  return above && holdsProcesses(cgroupLabel(io, above.dir), above.controllers);
}

function parentCpuset(io: CgroupFs, dir: string, file: string): string {
  return io.readOptional(dir.replace(/\/[^/]+\/?$/, ''), file) ?? '?';
}

/**
 * Errnos core maps to no canonical code that mean, on cgroupfs, a state of the cgroup tree
 * the caller must change first (v2 EOPNOTSUPP: not a valid domain, or threaded).
 */
const PRECONDITION_ERRNOS: ReadonlySet<string> = new Set(['EOPNOTSUPP']);

/** An explanation for `errno` writing `value` to `file` (and the canonical code when core has none), or undefined when none is known. */
export function explainWriteError(
  io: CgroupFs,
  dir: string,
  file: string,
  value: string,
  errno: string | undefined,
): { message: string; code?: ErrorCode } | undefined {
  const explain = errno === undefined ? undefined : EXPLANATIONS[file]?.[errno];
  if (explain === undefined) return undefined;
  let message: string | undefined;
  try {
    message = explain(io, dir, value);
  } catch {
    return undefined;
  }
  if (message === undefined) return undefined;
  return PRECONDITION_ERRNOS.has(errno as string) ? { message, code: ErrorCode.FailedPrecondition } : { message };
}
