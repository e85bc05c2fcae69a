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
} as const satisfies Record<keyof ResourceFlagValues, readonly [keyof SpecInput, string]>;

/** Only the sections and fields whose flags were given: unset flags leave the file's values. */
export function specFromFlags(flags: ResourceFlagValues): SpecInput {
  const spec: Record<string, Record<string, string>> = {};
  for (const [flag, [section, field]] of Object.entries(RESOURCE_FLAG_FIELDS)) {
    const value = flags[flag as keyof ResourceFlagValues];
    if (value === undefined) continue;
    (spec[section] ??= {})[field] = value;
  }
  return spec as SpecInput;
}

/** Names of the resource flags that were given (to refuse them where they mean nothing). */
export function givenResourceFlags(flags: ResourceFlagValues): string[] {
  return Object.keys(RESOURCE_FLAG_FIELDS).filter((f) => flags[f as keyof ResourceFlagValues] !== undefined);
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
