import type { EventSpec } from '../backend';
import { invalidArgument } from '../errors';
import { parseBytes } from './units';

/**
 * Validates an event to watch as a library caller or the CLI gives it; a memory threshold
 * may carry units ("400M"). Returns the canonical EventSpec backends receive.
 */
export function normalizeEventSpec(input: unknown): EventSpec {
  const e = input as { type?: unknown; bytes?: unknown } | null;
  switch (e?.type) {
    case 'oom':
      return { type: 'oom' };
    case 'empty':
      return { type: 'empty' };
    case 'memory-threshold': {
      const bytes = parseBytes(e.bytes, 'memory-threshold');
      if (bytes === 'max' || bytes <= 0) throw invalidArgument(`memory-threshold: expected a positive size, got ${JSON.stringify(e.bytes)}`);
      return { type: 'memory-threshold', bytes };
    }
    default:
      throw invalidArgument(`event: expected type oom, memory-threshold or empty, got ${JSON.stringify(e?.type)}`);
  }
}
