/**
 * Encodes jobs for the native launcher (native/lmctfy-nsexec.c) as argv. Pure, so the
 * encoding is unit-tested without a kernel; launcher.ts spawns or execs the result.
 */
import { invalidArgument } from '@lmctfy/core';
import type { ProcessSpec } from '@lmctfy/core';
import { MASKED_PATHS, READONLY_PATHS, capabilityMask } from './hardening';
import { mapLines } from './id-mappings';
import type { InitRecord } from './init-store';
import type { NamespacePlan } from './namespace-plan';

/** The fd on which the launcher reports a pid ("1234\n") once it is running. */
export const READY_FD = 3;
/** Exit status of the launcher when it failed itself (126/127 stay "cannot execute"/"not found"). */
export const LAUNCHER_FAILED_EXIT = 125;
/** The launcher's fixed-size lists (MAX_LIST in the C source). */
export const MAX_LIST = 64;

export interface HardeningOptions {
  /** Capability mask to keep, hex (default: hardening.ts's set). */
  caps?: string;
  noNewPrivileges?: boolean;
}

const hardeningArgs = (h: HardeningOptions): string[] => [
  '--caps',
  h.caps ?? capabilityMask(),
  ...(h.noNewPrivileges === false ? [] : ['--nnp']),
];

/** The namespaces, mounts and masks of `plan`, as `init` and `run` take them. */
function setupArgs(plan: NamespacePlan): string[] {
  if (plan.binds.length > MAX_LIST) throw invalidArgument(`namespaces.mounts: at most ${MAX_LIST} mounts (got ${plan.binds.length})`);
  const args = ['--ns', plan.kinds.join(',')];
  for (const line of mapLines(plan.uidMappings ?? [])) args.push('--uid-map', line);
  for (const line of mapLines(plan.gidMappings ?? [])) args.push('--gid-map', line);
  if (plan.hostname !== undefined) args.push('--hostname', plan.hostname);
  if (plan.rootfs !== undefined) args.push('--rootfs', plan.rootfs);
  for (const b of plan.binds) args.push('--bind', b.source, b.target, b.readOnly ? 'ro' : 'rw');
  for (const p of MASKED_PATHS) args.push('--mask', p);
  for (const p of READONLY_PATHS) args.push('--ro', p);
  return args;
}

/** The payload's cwd (a path inside the container) and user, as `join` and `run` take them. */
function processArgs(proc: ProcessSpec): string[] {
  if (proc.args.length === 0) throw invalidArgument('process.args: empty command');
  const args: string[] = [];
  if (proc.cwd !== undefined) args.push('--cwd', proc.cwd);
  if (proc.user) {
    const groups = proc.user.additionalGids?.length ? `:${proc.user.additionalGids.join(',')}` : '';
    args.push('--user', `${proc.user.uid}:${proc.user.gid}${groups}`);
  }
  return args;
}

/** `lmctfy-nsexec init ...`: the container's PID 1 in its new namespaces. */
export function initArgs(plan: NamespacePlan, hardening: HardeningOptions = {}): string[] {
  return ['init', ...setupArgs(plan), ...hardeningArgs(hardening), '--ready-fd', String(READY_FD)];
}

/**
 * `lmctfy-nsexec run ... -- argv`: a one-shot job, `proc` itself the PID 1 of new
 * namespaces set up as for init, joined to the cgroups of `procsFiles` before it starts.
 */
export function runArgs(plan: NamespacePlan, procsFiles: readonly string[], proc: ProcessSpec, hardening: HardeningOptions = {}): string[] {
  const payload = processArgs(proc);
  const args = ['run', ...setupArgs(plan)];
  for (const file of procsFiles) args.push('--procs', file);
  return [...args, ...hardeningArgs(hardening), ...payload, '--ready-fd', String(READY_FD), '--', ...proc.args];
}

export interface JoinOptions extends HardeningOptions {
  detach?: boolean;
  /** Report the payload's pid on READY_FD (not in exec mode, where nobody listens). */
  report?: boolean;
}

/** `lmctfy-nsexec join ... -- argv`: run `proc` in the container whose init `record` names. */
export function joinArgs(record: Pick<InitRecord, 'pid' | 'start'>, procsFiles: readonly string[], proc: ProcessSpec, options: JoinOptions = {}): string[] {
  const payload = processArgs(proc);
  const args = ['join', '--pid', String(record.pid), '--start', record.start];
  for (const file of procsFiles) args.push('--procs', file);
  // cwd is a path inside the container: the launcher changes to it after entering.
  args.push(...hardeningArgs(options), ...payload);
  if (options.detach) args.push('--detach');
  if (options.report !== false) args.push('--ready-fd', String(READY_FD));
  return [...args, '--', ...proc.args];
}
