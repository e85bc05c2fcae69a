import { unimplemented } from '@lmctfy/core';
import type { ContainerSpec, Limit, ProcessSpec } from '@lmctfy/core';

/**
 * The whole lmctfy-spec → vzctl 4.x mapping, as pure functions (peers.md §C.3). Every value
 * carries an explicit unit, because 4.x and Virtuozzo 7 disagree on the defaults (e.g.
 * `--iolimit 10` is 10 MB/s on 4.x and 10 B/s on VZ7). A field vzctl cannot express is
 * refused with UNIMPLEMENTED naming it; nothing is dropped silently.
 */

/** CTIDs <= 100 are reserved; VEID_MAX (include/types.h). */
export const MIN_CTID = 101;
export const MAX_CTID = 2147483644;
/** vzctl's page size on x86 (PHYSPAGES/SWAPPAGES are in pages). */
export const PAGE_SIZE = 4096;
/** `--iolimit` is truncated to 2 GB/s by 4.x: refuse more rather than be truncated. */
export const MAX_IOLIMIT = 2 * 1024 ** 3;
/** `--cpuunits` range. */
export const CPUUNITS_MIN = 8;
export const CPUUNITS_MAX = 500000;

const MiB = 1024 * 1024;

/** Bytes with the largest exact binary suffix: 536870912 → "512M", 1000 → "1000B". */
export function sizeArg(bytes: number): string {
  if (bytes % MiB === 0) return `${bytes / MiB}M`;
  if (bytes % 1024 === 0) return `${bytes / 1024}K`;
  return `${bytes}B`;
}

/**
 * cpu.weight (1..10000) → shares, linearly around the defaults (weight 100 ≙ shares 1024), as
 * systemd converts. vzctl's cpuunits are themselves linear, so this keeps weight ratios; it is
 * not the cgroup backend's conversion (the inverse of runc's quadratic shares → weight).
 */
export const weightToSharesLinear = (weight: number): number => (weight * 1024) / 100;

/** shares → `--cpuunits`: shares 1024 ≙ cpuunits 1000 (vzctl's default), clamped to 8..500000. */
export function sharesToCpuunits(shares: number): number {
  return Math.min(CPUUNITS_MAX, Math.max(CPUUNITS_MIN, Math.round((shares * 1000) / 1024)));
}

/** `--cpulimit` in % of ONE CPU (no '%' suffix: "N%" means % of the whole host). 'max' → 0 (none). */
export function cpulimitArg(max: Limit): string {
  return max === 'max' ? '0' : String(Math.ceil(Math.round(max * 1e6) / 1e4));
}

/**
 * blkio.weight 1..10000 → `--ioprio` 0..7 on a log scale, 2 steps per decade, so that the
 * defaults meet (weight 100 ≙ ioprio 4): 1→0, 10→2, 100→4, 1000→6, ≥3163→7. A linear
 * scale would put the default weight 100 at ioprio 0, the lowest priority.
 */
export const weightToIoprio = (weight: number): number => Math.min(7, Math.max(0, Math.round(2 * Math.log10(weight))));
/** The weight an ioprio reads back as (exact for the decade points, so 100 → 4 → 100). */
export const ioprioToWeight = (ioprio: number): number => Math.round(10 ** (ioprio / 2));

/** The vzctl `--name` of an lmctfy top-level name; children have no OpenVZ equivalent. */
export function vzName(components: readonly string[]): string {
  if (components.length !== 1) {
    throw unimplemented(`name /${components.join('/')}: OpenVZ containers are flat, so vzctl cannot nest child containers`);
  }
  return components[0] as string;
}

/** Fields of each section vzctl can express; any other field present is refused (also ones added to the spec later). */
const MAPPED: Record<string, readonly string[]> = {
  memory: ['limit', 'swap'],
  cpu: ['weight', 'shares', 'max', 'cpus', 'mems'],
  blkio: ['weight', 'devices'],
  pids: ['max'],
  namespaces: ['pid', 'mount', 'uts', 'ipc', 'net', 'user', 'hostname'],
};

/** Why a field cannot be mapped, where there is more to say than "vzctl cannot express it". */
const REFUSED: Record<string, string> = {
  hugetlb: 'vzctl has no hugetlb limits',
  devices: 'vzctl --devices cannot express lmctfy device rules',
  'memory.reservation': 'vzctl 4.x (VSwap) has no soft memory limit',
  'memory.high': 'vzctl has no memory throttling threshold',
  'memory.oomKillDisable': 'OpenVZ always OOM-kills at the RAM+swap limit',
  'memory.oomGroup': 'OpenVZ OOM-kills single processes',
  'cpu.period': 'vzctl --cpulimit is a percentage with no period',
  'cpu.latency': 'vzctl has no latency classes',
  'namespaces.rootfs': "an OpenVZ container's root is its private area, made from the OS template",
  'namespaces.mounts': 'vzctl 4.x has no per-container bind-mount option',
  'namespaces.uidMappings': 'vzctl 4.x has no user-namespace id mappings',
  'namespaces.gidMappings': 'vzctl 4.x has no user-namespace id mappings',
  'namespaces.network': 'lmctfy veth networks are not mapped to vzctl --netif_add/--ipadd',
};

/** Refuses (UNIMPLEMENTED, naming it) every present section or field vzctl cannot express. */
function refuseUnmapped(spec: ContainerSpec): void {
  for (const [section, value] of Object.entries(spec)) {
    if (value === undefined || section === 'process') continue;
    const mapped = MAPPED[section];
    if (!mapped) throw unimplemented(`${section}: ${REFUSED[section] ?? 'vzctl cannot express this section'}`);
    for (const [field, v] of Object.entries(value as Record<string, unknown>)) {
      const at = `${section}.${field}`;
      if (v !== undefined && !mapped.includes(field)) throw unimplemented(`${at}: ${REFUSED[at] ?? 'vzctl cannot express this field'}`);
    }
  }
}

/** UB value for a page-counted limit: barrier 0, limit in pages (or unlimited). */
function pagesLimit(field: string, value: Limit): string[] {
  if (value === 'max') return [`--${field}pages`, '0:unlimited'];
  return [field === 'phys' ? '--ram' : '--swap', sizeArg(value)];
}

/** The single `blkio.devices` entry's limit pair as one vzctl value (vzctl has one for both directions). */
function ioPair(at: string, read: Limit | undefined, write: Limit | undefined, what: string): Limit | undefined {
  if (read === undefined && write === undefined) return undefined;
  if (read === undefined || write === undefined || read !== write) {
    throw unimplemented(`${at}: vzctl has one ${what} limit for reads and writes together; give read and write the same value`);
  }
  return read;
}

/**
 * Options for `vzctl set CTID … --save` carrying the spec's resources and hostname. Throws
 * UNIMPLEMENTED for any field vzctl cannot express. Sections absent in the spec add nothing.
 */
export function setArgs(spec: ContainerSpec): string[] {
  const args: string[] = [];
  const { memory, cpu, blkio, pids, namespaces } = spec;
  refuseUnmapped(spec);
  if (memory) {
    if (memory.limit !== undefined) args.push(...pagesLimit('phys', memory.limit));
    if (memory.swap !== undefined) args.push(...pagesLimit('swap', memory.swap));
  }
  if (cpu) {
    const shares = cpu.shares ?? (cpu.weight !== undefined ? weightToSharesLinear(cpu.weight) : undefined);
    if (shares !== undefined) args.push('--cpuunits', String(sharesToCpuunits(shares)));
    if (cpu.max !== undefined) args.push('--cpulimit', cpulimitArg(cpu.max));
    if (cpu.cpus !== undefined) args.push('--cpumask', cpu.cpus);
    if (cpu.mems !== undefined) {
      if (cpu.cpus === undefined) throw unimplemented('cpu.mems: vzctl --nodemask requires --cpumask; give cpu.cpus too');
      args.push('--nodemask', cpu.mems);
    }
  }
  if (blkio) args.push(...blkioArgs(blkio));
  if (pids?.max !== undefined) args.push('--numproc', pids.max === 'max' ? 'unlimited' : `${pids.max}:${pids.max}`);
  if (namespaces) {
    for (const kind of ['pid', 'mount', 'uts', 'ipc', 'net', 'user'] as const) {
      if (namespaces[kind] === false) throw unimplemented(`namespaces.${kind}: an OpenVZ container always isolates ${kind}`);
    }
    if (namespaces.hostname !== undefined) args.push('--hostname', namespaces.hostname);
  }
  return args;
}

function blkioArgs(blkio: NonNullable<ContainerSpec['blkio']>): string[] {
  const args: string[] = [];
  if (blkio.weight !== undefined) args.push('--ioprio', String(weightToIoprio(blkio.weight)));
  const devices = blkio.devices ?? [];
  if (devices.length > 1) throw unimplemented('blkio.devices: vzctl limits all of a container\'s IO at once, not per device');
  const d = devices[0];
  if (!d) return args;
  const at = 'blkio.devices[0]';
  if (d.weight !== undefined) throw unimplemented(`${at}.weight: vzctl has no per-device IO weight`);
  const bps = ioPair(`${at}.readBps/writeBps`, d.readBps, d.writeBps, 'bandwidth');
  if (bps !== undefined) {
    if (bps !== 'max' && bps > MAX_IOLIMIT) throw unimplemented(`${at}.readBps: vzctl caps --iolimit at 2 GB/s`);
    args.push('--iolimit', bps === 'max' ? '0' : `${bps}B`);
  }
  const iops = ioPair(`${at}.readIops/writeIops`, d.readIops, d.writeIops, 'IOPS');
  if (iops !== undefined) args.push('--iopslimit', iops === 'max' ? '0' : String(iops));
  return args;
}

/** `vzctl create CTID --ostemplate T [--config C] --name N`. */
export function createArgs(ctid: number, name: string, ostemplate: string, config?: string): string[] {
  return ['create', String(ctid), '--ostemplate', ostemplate, ...(config ? ['--config', config] : []), '--name', name];
}

/** POSIX single quoting: exec/exec2 join their arguments with spaces and run them with `bash -c`. */
export const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * The `vzctl exec2 CTID <command>` arguments for a process. exec2 runs `bash -c "<args joined
 * by spaces>"` (vzctl-actions.c exec()), so each word is quoted, and `exec` makes bash
 * become the payload (its pid is the payload's). env and cwd are applied the same way,
 * since vzctl starts commands with its own fixed environment in the CT's root.
 */
export function execCommand(proc: ProcessSpec): string[] {
  if (proc.user !== undefined) throw unimplemented('process.user: vzctl exec2 always runs as root inside the container');
  if (proc.args.length === 0) throw unimplemented('process.args: vzctl exec2 needs a command');
  const env = Object.entries(proc.env ?? {}).map(([k, v]) => shellQuote(`${k}=${v}`));
  const words = [...(env.length ? ['env', ...env] : []), ...proc.args.map(shellQuote)];
  const cd = proc.cwd !== undefined ? `cd ${shellQuote(proc.cwd)} && ` : '';
  return [`${cd}exec ${words.join(' ')}`];
}
