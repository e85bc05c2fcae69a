#!/usr/bin/env node
// `npm run clean`: removes build outputs (dist/ incl. tsbuildinfo) of every workspace
// package and jest's/esbuild's caches. Leaves node_modules alone.
import { readdirSync, rmSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
for (const group of ['packages', 'plugins']) {
  const dir = path.join(root, group);
  if (!existsSync(dir)) continue;
  for (const pkg of readdirSync(dir)) {
    rmSync(path.join(dir, pkg, 'dist'), { recursive: true, force: true });
    rmSync(path.join(dir, pkg, 'tsconfig.tsbuildinfo'), { force: true });
  }
}
for (const cache of ['.cache', 'node_modules/.cache/lmctfy-jest-esm', 'coverage']) {
  rmSync(path.join(root, cache), { recursive: true, force: true });
}
console.log('cleaned');
