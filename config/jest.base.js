// Settings shared by every jest project (see /jest.config.js).
'use strict';
const path = require('node:path');
const { esmBundleMapper } = require('./jest-esm-bundles');

const rootDir = path.resolve(__dirname, '..');

module.exports = {
  rootDir,
  testEnvironment: 'node',
  // ts-jest in transpile-only mode (isolatedModules in tsconfig.jest.json);
  // type errors are caught by `tsc -b`, not by jest.
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: path.join(__dirname, 'tsconfig.jest.json') }],
  },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'cjs', 'json', 'node'],
  moduleNameMapper: {
    // Workspace packages resolve to their TypeScript sources: no build needed to test.
    '^@lmctfy/(backend-[a-z0-9-]+)$': '<rootDir>/plugins/$1/src',
    '^@lmctfy/([a-z0-9-]+)$': '<rootDir>/packages/$1/src',
    ...esmBundleMapper(),
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  modulePathIgnorePatterns: ['<rootDir>/packages/[^/]+/dist/', '<rootDir>/plugins/[^/]+/dist/'],
  clearMocks: true,
};
