import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { DiscoveredPlugin, PluginDescriptor } from './plugin-descriptor';

/** Installed packages are looked for under these names only, so discovery stays cheap. */
const SCOPE = '@lmctfy';
const PREFIX = 'lmctfy-';

export interface DiscoveryResult {
  plugins: DiscoveredPlugin[];
  /** Packages that look like plugins but are broken, with what is wrong. */
  problems: Array<{ source: string; message: string }>;
}

/**
 * Finds plugins: first those the config lists (package names or paths), then installed
 * packages named @lmctfy/* or lmctfy-* whose package.json has an `lmctfy` descriptor,
 * in the node_modules folders on `searchPaths`. Reads package.json files only; no plugin
 * code runs here.
 */
export function discoverPlugins(configured: string[], searchPaths: string[]): DiscoveryResult {
  const result: DiscoveryResult = { plugins: [], problems: [] };
  const seen = new Set<string>();
  const add = (dir: string, source: string, required: boolean): void => {
    const real = safeRealpath(dir);
    if (!real || seen.has(real)) return;
    seen.add(real);
    const found = readDescriptor(real);
    if ('plugin' in found) result.plugins.push(found.plugin);
    else if (required || found.message !== NOT_A_PLUGIN) result.problems.push({ source, message: found.message });
  };
  for (const spec of configured) {
    const dir = resolvePackageDir(spec, searchPaths);
    if (dir) add(dir, spec, true);
    else result.problems.push({ source: spec, message: 'cannot find this plugin package or path' });
  }
  for (const modulesDir of searchPaths) {
    for (const dir of candidateDirs(modulesDir)) add(dir, dir, false);
  }
  return result;
}

const NOT_A_PLUGIN = 'package.json has no "lmctfy" descriptor';

function readDescriptor(dir: string): { plugin: DiscoveredPlugin } | { message: string } {
  let pkg: { name?: string; lmctfy?: Partial<PluginDescriptor> };
  try {
    pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  } catch (e) {
    return { message: `cannot read package.json: ${(e as Error).message}` };
  }
  const d = pkg.lmctfy;
  if (d === undefined) return { message: NOT_A_PLUGIN };
  const valid =
    Array.isArray(d.backends) &&
    d.backends.length > 0 &&
    d.backends.every((b) => typeof b === 'string' && /^[a-z][a-z0-9-]*$/.test(b)) &&
    typeof d.module === 'string';
  if (!valid) {
    return { message: 'invalid "lmctfy" descriptor: expected { "backends": ["name"], "module": "path.js" }' };
  }
  return {
    plugin: {
      packageName: pkg.name ?? dir,
      packageDir: dir,
      descriptor: { backends: d.backends as string[], module: d.module as string },
    },
  };
}

function resolvePackageDir(spec: string, searchPaths: string[]): string | undefined {
  if (isAbsolute(spec)) return existsSync(join(spec, 'package.json')) ? spec : undefined;
  return searchPaths.map((p) => join(p, spec)).find((d) => existsSync(join(d, 'package.json')));
}

function candidateDirs(modulesDir: string): string[] {
  const scoped = join(modulesDir, SCOPE);
  return [
    ...listDir(scoped).map((n) => join(scoped, n)),
    ...listDir(modulesDir)
      .filter((n) => n.startsWith(PREFIX))
      .map((n) => join(modulesDir, n)),
  ];
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function safeRealpath(dir: string): string | undefined {
  try {
    return realpathSync(dir);
  } catch {
    return undefined;
  }
}
