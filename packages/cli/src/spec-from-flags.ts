/**
 * Pure mapping from command-line flags to a SpecInput. Values stay as typed ("512M",
 * "500m"): @lmctfy/core's normalizeSpec() parses units, so the CLI and spec files share
 * one parser and one set of error messages.
 */
import type { SpecInput } from '@lmctfy/core';
import { CliError, EXIT } from './cli-error';

/** The resource flags accepted by `create` (and by `run --rm`). */
export interface ResourceFlagValues {
  memory?: string;
  'memory-reservation'?: string;
  swap?: string;
  'memory-high'?: string;
  cpu?: string;
  'cpu-weight'?: string;
  'cpu-shares'?: string;
  cpuset?: string;
  'cpuset-mems'?: string;
  pids?: string;
  'oom-kill-disable'?: boolean;
  'oom-group'?: boolean;
  'cpu-latency'?: string;
  'blkio-weight'?: string;
  'blkio-weight-device'?: string[];
  'device-read-bps'?: string[];
  'device-write-bps'?: string[];
  'device-read-iops'?: string[];
  'device-write-iops'?: string[];
  hugetlb?: string[];
  'device-deny'?: string[];
  'device-allow'?: string[];
}

/** Flag name → [spec section, field]. */
export const RESOURCE_FLAG_FIELDS = {
  memory: ['memory', 'limit'],
  'memory-reservation': ['memory', 'reservation'],
  swap: ['memory', 'swap'],
  'memory-high': ['memory', 'high'],
  cpu: ['cpu', 'max'],
  'cpu-weight': ['cpu', 'weight'],
  'cpu-shares': ['cpu', 'shares'],
  cpuset: ['cpu', 'cpus'],
  'cpuset-mems': ['cpu', 'mems'],
  pids: ['pids', 'max'],
  'oom-kill-disable': ['memory', 'oomKillDisable'],
  'oom-group': ['memory', 'oomGroup'],
  'cpu-latency': ['cpu', 'latency'],
  'blkio-weight': ['blkio', 'weight'],
} as const satisfies Partial<Record<keyof ResourceFlagValues, readonly [keyof SpecInput, string]>>;

type DeviceSpecInput = NonNullable<NonNullable<SpecInput['blkio']>['devices']>[number];

/** Repeatable `DEV:VALUE` flags → blkio.devices field. */
const DEVICE_FLAG_FIELDS = {
  'blkio-weight-device': 'weight',
  'device-read-bps': 'readBps',
  'device-write-bps': 'writeBps',
  'device-read-iops': 'readIops',
  'device-write-iops': 'writeIops',
} as const satisfies Partial<Record<keyof ResourceFlagValues, keyof DeviceSpecInput>>;

const LIST_FLAGS = [...Object.keys(DEVICE_FLAG_FIELDS), 'hugetlb', 'device-deny', 'device-allow'] as const;

const invalid = (flag: string, value: string, expected: string): CliError =>
  new CliError(EXIT.invalidArgument, `--${flag} ${JSON.stringify(value)}: expected ${expected}`);

/** "DEV:VALUE" split at the last colon, so DEV may be "8:0" or a /dev path. */
function splitLast(flag: string, value: string, expected: string): [string, string] {
  const at = value.lastIndexOf(':');
  if (at <= 0 || at === value.length - 1) throw invalid(flag, value, expected);
  return [value.slice(0, at), value.slice(at + 1)];
}

/** "c 1:3 rwm", "b 8:* r" or "a" → a device rule (core validates and canonicalises it). */
export function parseDeviceRule(flag: string, text: string, allow: boolean): NonNullable<SpecInput['devices']>[number] {
  const m = /^([abc])(?:\s+(\d+|\*):(\d+|\*))?(?:\s+([rwm]{1,3}))?$/.exec(text.trim());
  if (!m) throw invalid(flag, text, "TYPE MAJ:MIN ACCESS, e.g. 'c 1:3 rwm' or 'a'");
  const id = (s: string | undefined): number | '*' | undefined => (s === undefined ? undefined : s === '*' ? '*' : Number(s));
  const rule = { allow, type: m[1] as 'a' | 'b' | 'c', access: m[4] ?? 'rwm' };
  return { ...rule, ...(m[2] !== undefined && { major: id(m[2]), minor: id(m[3]) }) };
}

/** blkio.devices from the repeatable per-device flags, one entry per device in first-seen order. */
function blkioDevices(flags: ResourceFlagValues): DeviceSpecInput[] {
  const byDevice = new Map<string, DeviceSpecInput>();
  for (const [flag, field] of Object.entries(DEVICE_FLAG_FIELDS)) {
    for (const value of flags[flag as keyof typeof DEVICE_FLAG_FIELDS] ?? []) {
      const [device, amount] = splitLast(flag, value, 'DEV:VALUE with DEV a MAJ:MIN or /dev path');
      const entry = byDevice.get(device) ?? { device };
      byDevice.set(device, { ...entry, [field]: amount });
    }
  }
  return [...byDevice.values()];
}

/** Only the sections and fields whose flags were given: unset flags leave the file's values. */
export function specFromFlags(flags: ResourceFlagValues): SpecInput {
  const spec: Record<string, Record<string, unknown>> = {};
  for (const [flag, [section, field]] of Object.entries(RESOURCE_FLAG_FIELDS)) {
    const value = flags[flag as keyof typeof RESOURCE_FLAG_FIELDS];
    if (value === undefined) continue;
    (spec[section] ??= {})[field] = value;
  }
  const devices = blkioDevices(flags);
  if (devices.length > 0) (spec.blkio ??= {}).devices = devices;
  const out = spec as SpecInput;
  if (flags.hugetlb?.length) {
    out.hugetlb = flags.hugetlb.map((v) => {
      const [pageSize, limit] = splitLast('hugetlb', v, 'SIZE:LIMIT, e.g. 2MB:1G');
      return { pageSize, limit };
    });
  }
  // Flags cannot keep their relative order, so denies go first: "--device-deny a --device-allow ...".
  const rules = [
    ...(flags['device-deny'] ?? []).map((r) => parseDeviceRule('device-deny', r, false)),
    ...(flags['device-allow'] ?? []).map((r) => parseDeviceRule('device-allow', r, true)),
  ];
  if (rules.length > 0) out.devices = rules;
  return out;
}

/** Names of the resource flags that were given (to refuse them where they mean nothing). */
export function givenResourceFlags(flags: ResourceFlagValues): string[] {
  return [...Object.keys(RESOURCE_FLAG_FIELDS), ...LIST_FLAGS].filter((f) => {
    const v = flags[f as keyof ResourceFlagValues];
    return Array.isArray(v) ? v.length > 0 : v !== undefined;
  });
}

/** `--env KEY=VALUE` (repeatable) → an env map; the last value of a key wins. */
export function parseEnv(pairs: readonly string[] = []): Record<string, string> | undefined {
  if (pairs.length === 0) return undefined;
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new CliError(EXIT.invalidArgument, `--env ${JSON.stringify(pair)}: expected KEY=VALUE`);
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return env;
}

export interface ProcessFlagValues {
  /** The command words after NAME (or after `--`), already through commandArgs(). */
  args?: string[];
  env?: Record<string, string>;
  cwd?: string;
}

/**
 * The `process` section for `run --rm`: given flags override the file's process field by
 * field, and --env adds to (not replaces) the file's environment.
 */
export function processSpecInput(
  fromFile: SpecInput['process'] | undefined,
  flags: ProcessFlagValues,
): NonNullable<SpecInput['process']> {
  const out: NonNullable<SpecInput['process']> = { ...fromFile };
  if (flags.args && flags.args.length > 0) out.args = flags.args;
  if (flags.cwd !== undefined) out.cwd = flags.cwd;
  if (flags.env) out.env = { ...fromFile?.env, ...flags.env };
  return out;
}
