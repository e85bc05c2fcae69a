// Jest's CommonJS module runtime cannot load ESM-only packages such as inversify 8
// (and its @inversifyjs/* graph, ~370 files). Instead of transforming every file
// per test worker, we pre-bundle each such package ONCE into a single CJS file with
// esbuild (~30 ms) and point jest's moduleNameMapper at it. Rebuilt automatically
// whenever the package version changes. Add further ESM-only packages to ESM_ONLY.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ESM_ONLY = ['inversify'];
const root = path.resolve(__dirname, '..');
const outDir = path.join(root, 'node_modules', '.cache', 'lmctfy-jest-esm');

/** Nearest package.json named `name` above a resolved entry file. */
function packageJsonOf(file, name) {
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const p = path.join(dir, 'package.json');
    if (fs.existsSync(p)) {
      const json = JSON.parse(fs.readFileSync(p, 'utf8'));
      if (json.name === name) return json;
    }
  }
  throw new Error(`package.json of ${name} not found above ${file}`);
}

/** @returns {Record<string,string>} moduleNameMapper entries */
function esmBundleMapper() {
  const esbuild = require('esbuild');
  const mapper = {};
  for (const name of ESM_ONLY) {
    let entry;
    try {
      entry = require.resolve(name, { paths: [root] }); // `pkg/package.json` is often not exported
    } catch {
      continue; // not installed (yet): nothing to map
    }
    const { version } = packageJsonOf(entry, name);
    const out = path.join(outDir, `${name.replace(/[@/]/g, '_')}@${version}.cjs`);
    if (!fs.existsSync(out)) {
      esbuild.buildSync({
        stdin: { contents: `module.exports = require(${JSON.stringify(name)});`, resolveDir: root },
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        keepNames: true,
        logLevel: 'error',
        outfile: out + '.tmp', // atomic rename: parallel jest invocations may race
      });
      fs.renameSync(out + '.tmp', out);
    }
    mapper[`^${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`] = out;
  }
  return mapper;
}

module.exports = { esmBundleMapper, ESM_ONLY };
