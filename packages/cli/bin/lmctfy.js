#!/usr/bin/env node
'use strict';
// Skip oclif's Node engine check (it loads semver on every start); npm checks engines at install.
// Removed again right away so that it never reaches a payload's environment.
const skipEngineCheck = !('OCLIF_DISABLE_ENGINE_WARNING' in process.env);
if (skipEngineCheck) process.env.OCLIF_DISABLE_ENGINE_WARNING = '1';
const cli = require('../dist/index.js');
if (skipEngineCheck) delete process.env.OCLIF_DISABLE_ENGINE_WARNING;

// The exit code is the canonical status code of the failure (0 on success); see src/cli-error.ts.
cli.main().then((code) => process.exit(code));
