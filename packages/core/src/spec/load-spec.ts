import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { fromSystemError, invalidArgument } from '../errors';
import type { SpecInput } from './spec-input';

/**
 * Reads a spec file: `.json` as JSON, anything else as YAML (a superset of JSON).
 * Syntax errors name the file and line.
 */
export function loadSpecFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw fromSystemError(e, `spec file ${file}`);
  }
  return extname(file) === '.json' ? parseJson(text, file) : parseYaml(text, file);
}

/** Parses an inline spec given on the command line (JSON). */
export function parseInlineSpec(text: string): unknown {
  return parseJson(text, 'inline spec');
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const pos = /position (\d+)/.exec((e as Error).message);
    const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : undefined;
    throw invalidArgument(`${source}${line ? `:${line}` : ''}: invalid JSON: ${(e as Error).message}`);
  }
}

function parseYaml(text: string, source: string): unknown {
  // Loaded lazily: most runs never read YAML.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const yaml = require('yaml') as typeof import('yaml');
  const doc = yaml.parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    const line = err.linePos?.[0].line;
    throw invalidArgument(`${source}${line ? `:${line}` : ''}: invalid YAML: ${err.message.split('\n')[0]}`);
  }
  return doc.toJS();
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Merges spec inputs section by section; later inputs win field by field (flags over a
 * file). Arrays are replaced, not concatenated.
 */
export function mergeSpecInputs(...inputs: Array<unknown>): SpecInput {
  const out: Record<string, unknown> = {};
  for (const input of inputs) {
    if (input === undefined) continue;
    if (!isPlainObject(input)) throw invalidArgument(`spec: expected an object, got ${JSON.stringify(input)}`);
    for (const [section, value] of Object.entries(input)) {
      const prev = out[section];
      out[section] = isPlainObject(prev) && isPlainObject(value) ? { ...prev, ...value } : value;
    }
  }
  return out as SpecInput;
}
