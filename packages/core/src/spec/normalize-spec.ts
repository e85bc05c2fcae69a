import { invalidArgument } from '../errors';
import type {
  BlkioSpec,
  ContainerSpec,
  CpuSpec,
  DeviceRule,
  MemorySpec,
  ProcessSpec,
} from './container-spec';
import { validateSpecSchema } from './schema-validators';
import type { SpecInput } from './spec-input';
import { parseBytes, parseCores, parseCount, parseInteger } from './units';

/**
 * Validates a SpecInput against the JSON Schema, then converts units and checks the
 * cross-field rules the schema cannot express. Errors name the field path and value.
 */
export function normalizeSpec(input: unknown): ContainerSpec {
  validateSpecSchema(input);
  const s = input as SpecInput;
  const spec: ContainerSpec = {};
  if (s.memory) spec.memory = normalizeMemory(s.memory);
  if (s.cpu) spec.cpu = normalizeCpu(s.cpu);
  if (s.blkio) spec.blkio = normalizeBlkio(s.blkio);
  if (s.pids) spec.pids = s.pids.max === undefined ? {} : { max: parseCount(s.pids.max, 'pids.max') };
  if (s.hugetlb) {
    spec.hugetlb = s.hugetlb.map((h, i) => ({
      pageSize: h.pageSize,
      limit: parseBytes(h.limit, `hugetlb[${i}].limit`),
    }));
  }
  if (s.devices) spec.devices = s.devices.map(normalizeDeviceRule);
  if (s.namespaces) spec.namespaces = structuredClone(s.namespaces);
  if (s.process) spec.process = normalizeProcess(s.process);
  return spec;
}

function normalizeMemory(m: NonNullable<SpecInput['memory']>): MemorySpec {
  const out: MemorySpec = {};
  for (const key of ['limit', 'reservation', 'swap', 'high'] as const) {
    if (m[key] !== undefined) out[key] = parseBytes(m[key], `memory.${key}`);
  }
  if (m.oomKillDisable !== undefined) out.oomKillDisable = m.oomKillDisable;
  if (m.oomGroup !== undefined) out.oomGroup = m.oomGroup;
  return out;
}

function normalizeCpu(c: NonNullable<SpecInput['cpu']>): CpuSpec {
  if (c.weight !== undefined && c.shares !== undefined) {
    throw invalidArgument('cpu: give either cpu.weight or cpu.shares, not both');
  }
  const out: CpuSpec = {};
  if (c.weight !== undefined) out.weight = parseInteger(c.weight, 'cpu.weight', 1, 10000);
  if (c.shares !== undefined) out.shares = parseInteger(c.shares, 'cpu.shares', 2, 262144);
  if (c.max !== undefined) out.max = parseCores(c.max, 'cpu.max');
  if (c.period !== undefined) out.period = parseInteger(c.period, 'cpu.period', 1000, 1000000);
  if (c.cpus !== undefined) out.cpus = c.cpus;
  if (c.mems !== undefined) out.mems = c.mems;
  if (c.latency !== undefined) out.latency = c.latency;
  return out;
}

function normalizeBlkio(b: NonNullable<SpecInput['blkio']>): BlkioSpec {
  const out: BlkioSpec = {};
  if (b.weight !== undefined) out.weight = parseInteger(b.weight, 'blkio.weight', 1, 10000);
  if (b.devices) {
    out.devices = b.devices.map((d, i) => {
      const at = `blkio.devices[${i}]`;
      return {
        device: d.device,
        ...(d.weight !== undefined && { weight: parseInteger(d.weight, `${at}.weight`, 1, 10000) }),
        ...(d.readBps !== undefined && { readBps: parseBytes(d.readBps, `${at}.readBps`) }),
        ...(d.writeBps !== undefined && { writeBps: parseBytes(d.writeBps, `${at}.writeBps`) }),
        ...(d.readIops !== undefined && { readIops: parseCount(d.readIops, `${at}.readIops`) }),
        ...(d.writeIops !== undefined && { writeIops: parseCount(d.writeIops, `${at}.writeIops`) }),
      };
    });
  }
  return out;
}

/**
 * Canonical rule: major/minor default to '*', access is written in "rwm" order. A type 'a'
 * rule means every device and every access (the kernel ignores the rest of an `a` line), so
 * anything narrower is refused rather than silently widened.
 */
function normalizeDeviceRule(d: NonNullable<SpecInput['devices']>[number], i: number): DeviceRule {
  const major = d.major ?? '*';
  const minor = d.minor ?? '*';
  const access = ['r', 'w', 'm'].filter((a) => d.access.includes(a)).join('');
  if (d.type === 'a' && (major !== '*' || minor !== '*' || access !== 'rwm')) {
    throw invalidArgument(`devices[${i}]: a type "a" rule covers every device and access; write it as "a *:* rwm"`);
  }
  return { allow: d.allow, type: d.type, major, minor, access };
}

function normalizeProcess(p: NonNullable<SpecInput['process']>): ProcessSpec {
  if (!p.args || p.args.length === 0) {
    throw invalidArgument('process.args: give the command to run (at least one argument)');
  }
  return structuredClone({ ...p, args: p.args });
}
