#!/usr/bin/env node
// Bundles every workspace package's runtime entry points into CommonJS under
// <package>/dist/ with esbuild. tsc (`tsc -b`) only emits the .d.ts files.
//
// `node config/bundle.mjs --check` only verifies the tsconfig project references.
//
// Per-package config (optional) in the package's package.json:
//   "bundle": {
//     "entries":  { "index": "src/index.ts", "backend-cgroup-module": "src/backend-cgroup-module.ts" },
//     "external": ["some-native-or-optional-dep"]
//   }
// `entries` maps output name (dist/<name>.js) -> source file; default { index: "src/index.ts" }.
// Always external: every @lmctfy/* package (one copy of core at runtime), koffi (native),
// typescript, ts-node. Everything else (inversify, @oclif/core, yaml, ...) is inlined:
// a bundle loads in ~12 ms vs ~140 ms for inversify 8's ESM graph via require(esm).
import { build } from 'esbuild';
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ALWAYS_EXTERNAL = ['@lmctfy/*', 'koffi', 'typescript', 'ts-node'];

/** Expand the root package.json "workspaces" globs (only the `dir/*` form is used). */
function workspaceDirs() {
  const { workspaces = [] } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  return workspaces.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [path.join(root, pattern)];
    const parent = path.join(root, pattern.slice(0, -2));
    if (!existsSync(parent)) return [];
    return readdirSync(parent).map((d) => path.join(parent, d)).filter((d) => statSync(d).isDirectory());
  }).filter((d) => existsSync(path.join(d, 'package.json')));
}

function jobFor(dir) {
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const entries = pkg.bundle?.entries ?? { index: 'src/index.ts' };
  const entryPoints = Object.entries(entries)
    .map(([out, src]) => ({ out, in: path.join(dir, src) }))
    .filter((e) => existsSync(e.in)); // package without sources yet: skip silently
  if (entryPoints.length === 0) return null;
  return {
    name: pkg.name,
    dir,
    options: {
      absWorkingDir: dir,
      entryPoints,
      outdir: path.join(dir, 'dist'),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      sourcemap: 'linked',
      keepNames: true, // DI tokens/error messages rely on class names
      external: [...ALWAYS_EXTERNAL, ...(pkg.bundle?.external ?? [])],
      tsconfig: path.join(dir, 'tsconfig.json'),
      metafile: true,
      logLevel: 'silent', // errors are printed below, per package
    },
  };
}

/** JSON with whole-line // comments (our tsconfig files). */
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8').replace(/^\s*\/\/.*$/gm, ''));

// tsc project references cannot be globbed: make sure a new workspace package was
// added to the root tsconfig.json, otherwise its .d.ts files would silently be missing.
function checkSolutionReferences(dirs) {
  const refs = new Set(readJson(path.join(root, 'tsconfig.json')).references.map((r) => path.resolve(root, r.path)));
  const missing = dirs.filter((d) => existsSync(path.join(d, 'tsconfig.json')) && !refs.has(d));
  for (const d of missing) console.error(`✗ ${path.relative(root, d)} is not in the root tsconfig.json "references"`);
  // Likewise every @lmctfy/* runtime dependency must be a reference of the package's
  // tsconfig.json, or `tsc -b` may build the dependant first (missing .d.ts).
  const byName = new Map(dirs.map((d) => [readJson(path.join(d, 'package.json')).name, d]));
  for (const d of dirs) {
    if (!existsSync(path.join(d, 'tsconfig.json'))) continue;
    const own = new Set((readJson(path.join(d, 'tsconfig.json')).references ?? []).map((r) => path.resolve(d, r.path)));
    for (const dep of Object.keys(readJson(path.join(d, 'package.json')).dependencies ?? {})) {
      const depDir = byName.get(dep);
      if (depDir && !own.has(depDir)) {
        missing.push(d);
        console.error(`✗ ${path.relative(root, d)}/tsconfig.json lacks the reference { "path": "${path.relative(d, depDir)}" } (${dep})`);
      }
    }
  }
  return missing.length;
}

const started = Date.now();
const dirs = workspaceDirs();
const unreferenced = checkSolutionReferences(dirs);
// `--check`: only the reference checks (run before `tsc -b` by `npm run build`).
if (process.argv.includes('--check')) process.exit(unreferenced ? 1 : 0);
const jobs = dirs.map(jobFor).filter(Boolean);
const results = await Promise.allSettled(jobs.map((j) => build(j.options)));

let failed = 0;
results.forEach((r, i) => {
  const job = jobs[i];
  if (r.status === 'rejected') {
    failed++;
    const errors = r.reason?.errors ?? [];
    console.error(`✗ ${job.name}`);
    for (const e of errors) {
      const loc = e.location ? `${path.relative(root, path.join(job.dir, e.location.file))}:${e.location.line}:${e.location.column}: ` : '';
      console.error(`    ${loc}${e.text}`);
    }
    if (errors.length === 0) console.error(`    ${r.reason?.message ?? r.reason}`);
    return;
  }
  for (const [file, { bytes }] of Object.entries(r.value.metafile.outputs)) {
    if (file.endsWith('.map')) continue;
    console.log(`  ${path.relative(root, path.join(job.dir, file)).padEnd(52)} ${(bytes / 1024).toFixed(1).padStart(8)} KiB`);
  }
});
console.log(`bundled ${jobs.length - failed}/${jobs.length} package(s) in ${Date.now() - started} ms`);
process.exit(failed || unreferenced ? 1 : 0);
