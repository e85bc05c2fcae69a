import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { invalidArgument, isLmctfyError } from '../errors';
import { validateConfigSchema } from '../spec/schema-validators';
import { DEFAULT_CONFIG, type LmctfyConfig } from './lmctfy-config';

export interface LoadConfigOptions {
  /** An explicit config file (the CLI's --config); wins over LMCTFY_CONFIG and discovery. */
  file?: string;
  /** Where discovery starts (default: the current directory). */
  cwd?: string;
  /** Values that win over any file (library callers, tests). */
  overrides?: Partial<LmctfyConfig>;
  /** Environment to read LMCTFY_CONFIG from (default: process.env). */
  env?: NodeJS.ProcessEnv;
}

const SEARCH_PLACES = [
  '.lmctfyrc',
  '.lmctfyrc.json',
  '.lmctfyrc.yaml',
  '.lmctfyrc.yml',
  'lmctfy.config.js',
  'lmctfy.config.json',
  'lmctfy.config.yaml',
  'package.json',
];
const SYSTEM_FILES = ['/etc/lmctfy/config.json', '/etc/lmctfy/config.yaml'];

/**
 * Loads the configuration: an explicit file (--config, then LMCTFY_CONFIG), else the
 * first of .lmctfyrc*, lmctfy.config.*, package.json#lmctfy from `cwd` up to the project
 * root, else /etc/lmctfy/config.{json,yaml}; then defaults fill what is unset.
 */
export function loadConfig(options: LoadConfigOptions = {}): LmctfyConfig {
  const env = options.env ?? process.env;
  const explicit = options.file ?? env.LMCTFY_CONFIG;
  const found = explicit ? { ...readConfigFile(explicit), filepath: resolve(explicit) } : discover(options.cwd);
  if (found?.config !== undefined && found.config !== null) {
    validateConfigSchema(found.config, `config file ${found.filepath}`);
  }
  const fromFile = (found?.config ?? {}) as Partial<LmctfyConfig>;
  const merged: LmctfyConfig = {
    ...DEFAULT_CONFIG,
    ...fromFile,
    ...options.overrides,
    backends: { ...DEFAULT_CONFIG.backends, ...fromFile.backends, ...options.overrides?.backends },
  };
  if (found) {
    merged.filepath = found.filepath;
    // Plugin paths in a file are relative to that file, as in other tools' configs.
    const base = dirname(found.filepath);
    merged.plugins = merged.plugins.map((p) => (p.startsWith('.') && !isAbsolute(p) ? resolve(base, p) : p));
  }
  return merged;
}

interface Found {
  config: unknown;
  filepath: string;
}

function explorer(): ReturnType<typeof import('cosmiconfig').cosmiconfigSync> {
  // Loaded lazily: commands like --help never read configuration.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { cosmiconfigSync } = require('cosmiconfig') as typeof import('cosmiconfig');
  return cosmiconfigSync('lmctfy', { searchPlaces: SEARCH_PLACES, searchStrategy: 'project', cache: false });
}

function discover(cwd = process.cwd()): Found | undefined {
  const hit = wrap(() => explorer().search(cwd), cwd);
  if (hit && !hit.isEmpty) return { config: hit.config, filepath: hit.filepath };
  const system = SYSTEM_FILES.find((f) => existsSync(f));
  return system ? { ...readConfigFile(system), filepath: system } : undefined;
}

function readConfigFile(file: string): Found {
  const hit = wrap(() => explorer().load(resolve(file)), file);
  return { config: hit?.config ?? {}, filepath: resolve(file) };
}

/** Re-throws a loader failure as INVALID_ARGUMENT naming the file (and line, when known). */
function wrap<T>(fn: () => T, where: string): T {
  try {
    return fn();
  } catch (e) {
    if (isLmctfyError(e)) throw e;
    const err = e as NodeJS.ErrnoException & { filepath?: string; mark?: { line: number } };
    if (err.code === 'ENOENT') throw invalidArgument(`config file ${where}: no such file`);
    const file = err.filepath ?? where;
    const line = err.mark ? `:${err.mark.line + 1}` : '';
    throw invalidArgument(`config file ${file}${line}: ${err.message.split('\n')[0]}`, { cause: e });
  }
}
