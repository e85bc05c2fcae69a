import type { UpdatePolicy } from '../backend';
import { invalidArgument } from '../errors';
import { RESOURCE_SECTIONS, type BlkioDeviceSpec, type ContainerSpec, type HugetlbLimit, type ResourceSection } from './container-spec';

/**
 * lmctfy's update rules (inventory §2.11), applied before a backend sees the spec:
 * - the isolated resources are fixed at create: they are the sections `current` (the spec
 *   read back from the kernel) has. A DIFF may only touch those; a REPLACE must name every
 *   one of them. Anything else is INVALID_ARGUMENT naming the section.
 * - namespaces and process are not resources and cannot be updated.
 * - DIFF passes the given fields through: unset fields keep their values.
 * - REPLACE fills each unset field with its default, but only for fields `current` has, so
 *   a field the backend cannot read back on this host (memory.high on cgroup v1, swap without
 *   swap accounting) is never invented. Fields without a meaningful default (cpu.cpus,
 *   cpu.mems, device rules) stay unset, i.e. as they are.
 */
export function expandUpdate(current: ContainerSpec, update: ContainerSpec, policy: UpdatePolicy): ContainerSpec {
  for (const fixed of ['namespaces', 'process'] as const) {
    if (update[fixed] !== undefined) throw invalidArgument(`${fixed}: cannot be changed by update (it is fixed at create)`);
  }
  const latency = update.cpu?.latency;
  if (latency !== undefined && latency !== current.cpu?.latency) {
    throw invalidArgument(`cpu.latency: cannot be changed by update (it is fixed at create; it is ${current.cpu?.latency ?? 'unset'})`);
  }
  const isolated = RESOURCE_SECTIONS.filter((s) => current[s] !== undefined);
  const list = isolated.length > 0 ? isolated.join(', ') : 'none';
  for (const section of RESOURCE_SECTIONS) {
    if (update[section] !== undefined && !isolated.includes(section)) {
      throw invalidArgument(
        `${section}: the container does not isolate this resource, and isolation is fixed at create (isolated: ${list})`,
      );
    }
  }
  const out = structuredClone(update);
  if (policy === 'diff') return out;
  const missing = isolated.filter((s) => update[s] === undefined);
  if (missing.length > 0) {
    throw invalidArgument(`${missing.join(', ')}: a replace must give every isolated resource (isolated: ${list})`, {
      hint: 'give the section, even empty (e.g. {"memory":{}}) to reset it to defaults, or use --diff',
    });
  }
  for (const section of isolated) fillDefaults(section, current, out);
  return out;
}

/** Defaults of the scalar fields, as the kernel has them on a fresh cgroup (lmctfy: limit -1, reservation 0). */
const SCALAR_DEFAULTS = {
  memory: { limit: 'max', reservation: 0, swap: 'max', high: 'max', oomKillDisable: false, oomGroup: false },
  cpu: { max: 'max', period: 100000 },
  pids: { max: 'max' },
  blkio: { weight: 100 },
} as const;

/** Per-device throttles of blkio; each resets to unlimited. */
const BLKIO_THROTTLES = ['readBps', 'writeBps', 'readIops', 'writeIops'] as const;

function fillDefaults(section: ResourceSection, current: ContainerSpec, out: ContainerSpec): void {
  if (section === 'memory' || section === 'cpu' || section === 'pids' || section === 'blkio') {
    const have = current[section] as Record<string, unknown>;
    const into = out[section] as Record<string, unknown>;
    for (const [field, value] of Object.entries(SCALAR_DEFAULTS[section])) {
      if (have[field] !== undefined && into[field] === undefined) into[field] = value;
    }
  }
  if (section === 'cpu' && out.cpu && out.cpu.weight === undefined && out.cpu.shares === undefined) {
    // Keep the unit the backend reads back: v1 cpu.shares 1024 is v2 cpu.weight 100.
    if (current.cpu?.shares !== undefined) out.cpu.shares = 1024;
    else if (current.cpu?.weight !== undefined) out.cpu.weight = 100;
  }
  if (section === 'blkio' && out.blkio) {
    // Devices throttled now but not named any more are reset first, then the named ones applied.
    const named = new Set((out.blkio.devices ?? []).map((d) => d.device));
    const resets = (current.blkio?.devices ?? [])
      .filter((d) => !named.has(d.device))
      .map((d) => {
        const reset: BlkioDeviceSpec = { device: d.device };
        for (const k of BLKIO_THROTTLES) if (d[k] !== undefined) reset[k] = 'max';
        return reset;
      });
    if (resets.length > 0 || out.blkio.devices) out.blkio.devices = [...resets, ...(out.blkio.devices ?? [])];
  }
  if (section === 'hugetlb' && out.hugetlb) {
    const named = new Set(out.hugetlb.map((h) => h.pageSize));
    const resets: HugetlbLimit[] = (current.hugetlb ?? [])
      .filter((h) => !named.has(h.pageSize))
      .map((h) => ({ pageSize: h.pageSize, limit: 'max' }));
    out.hugetlb = [...resets, ...out.hugetlb];
  }
}
