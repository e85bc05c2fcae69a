// Three test tiers, selected by file name:
//   unit   : **/*.test.ts  (except *.kernel.test.ts / *.e2e.test.ts) — parallel
//   kernel : **/*.kernel.test.ts  (real cgroups/namespaces, root)     — serial
//   e2e    : test/e2e/**/*.e2e.test.ts (drives the built `lmctfy` CLI) — serial
// Run one tier with `npx jest --selectProjects unit`. test/run-tests.mjs runs the
// serial tiers with --runInBand (jest's maxWorkers is global, not per project).
'use strict';
const base = require('./config/jest.base');

/** @type {import('jest').Config} */
module.exports = {
  rootDir: base.rootDir,
  projects: [
    {
      ...base,
      displayName: 'unit',
      testMatch: ['<rootDir>/{packages,plugins,test}/**/*.test.ts'],
      testPathIgnorePatterns: [...base.testPathIgnorePatterns, '\\.kernel\\.test\\.ts$', '\\.e2e\\.test\\.ts$'],
    },
    {
      ...base,
      displayName: 'kernel',
      testMatch: ['<rootDir>/{packages,plugins,test}/**/*.kernel.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/config/jest.slow-setup.js'], // 30 s timeout
    },
    {
      ...base,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/config/jest.slow-setup.js'], // 30 s timeout
    },
  ],
};
