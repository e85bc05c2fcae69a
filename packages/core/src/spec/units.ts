import { invalidArgument } from '../errors';
import type { Limit } from './container-spec';

/** Binary multipliers, as lmctfy and vzctl read sizes: K = 1024. */
const SIZE_SUFFIXES: Record<string, number> = {
  '': 1,
  k: 2 ** 10,
  m: 2 ** 20,
  g: 2 ** 30,
  t: 2 ** 40,
  p: 2 ** 50,
};

const SIZE = /^(\d+(?:\.\d+)?)\s*(?:([kmgtp])(?:i?b)?|b)?$/i;

/**
 * Parses a size: bytes as a number, or a string with an optional K/M/G/T/P suffix
 * (KiB, MiB... and KB, MB... all mean powers of 1024), or 'max'. `field` names the
 * spec path for the error message.
 */
export function parseBytes(value: unknown, field: string): Limit {
  if (value === 'max') return 'max';
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && value >= 0) return value;
    throw invalidArgument(`${field}: invalid size ${value} (expected a whole number of bytes)`);
  }
  const m = typeof value === 'string' ? SIZE.exec(value.trim()) : null;
  if (!m) {
    throw invalidArgument(
      `${field}: invalid size ${JSON.stringify(value)} (use bytes with a K, M, G or T suffix, e.g. 512M, or "max")`,
    );
  }
  const bytes = Math.floor(Number(m[1]) * SIZE_SUFFIXES[(m[2] ?? '').toLowerCase()]);
  if (!Number.isSafeInteger(bytes)) throw invalidArgument(`${field}: size ${JSON.stringify(value)} is too large`);
  return bytes;
}

/** Parses CPU cores: 0.5, "2", "1.5", "500m" (milli-CPUs), or 'max'. */
export function parseCores(value: unknown, field: string): Limit {
  if (value === 'max') return 'max';
  let cores: number | undefined;
  if (typeof value === 'number') cores = value;
  else if (typeof value === 'string') {
    const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(value.trim());
    if (m) cores = m[2] ? Number(m[1]) / 1000 : Number(m[1]);
  }
  if (cores === undefined || !Number.isFinite(cores) || cores <= 0) {
    throw invalidArgument(
      `${field}: invalid CPU amount ${JSON.stringify(value)} (use cores like 0.5 or 2, milli-CPUs like 500m, or "max")`,
    );
  }
  return cores;
}

/** Parses a count such as pids.max: a whole number or 'max'. */
export function parseCount(value: unknown, field: string): Limit {
  if (value === 'max') return 'max';
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n === 'number' && Number.isSafeInteger(n) && n >= 0) return n;
  throw invalidArgument(`${field}: invalid count ${JSON.stringify(value)} (expected a whole number or "max")`);
}

/** Parses a whole number within [min, max]. */
export function parseInteger(value: unknown, field: string, min: number, max: number): number {
  const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n === 'number' && Number.isSafeInteger(n) && n >= min && n <= max) return n;
  throw invalidArgument(`${field}: invalid value ${JSON.stringify(value)} (expected a whole number from ${min} to ${max})`);
}

/** Formats bytes for people: 536870912 → "512M"; exact binary units only. */
export function formatBytes(value: Limit): string {
  if (value === 'max') return 'max';
  for (const [suffix, mul] of [['T', 2 ** 40], ['G', 2 ** 30], ['M', 2 ** 20], ['K', 2 ** 10]] as const) {
    if (value >= mul && value % mul === 0) return `${value / mul}${suffix}`;
  }
  return String(value);
}
