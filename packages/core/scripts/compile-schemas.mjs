// Precompiles the JSON Schemas in config/schemas/ into standalone CommonJS validators
// (src/generated/, not committed). Compiling a schema with ajv at run time costs ~90 ms,
// which every `lmctfy create` would pay; the generated code costs nothing to load.
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const schemaDir = join(here, '../../../config/schemas');
const outDir = join(here, '../src/generated');
const schemas = {
  'validate-container-spec': 'container-spec.schema.json',
  'validate-lmctfy-config': 'lmctfy-config.schema.json',
};

mkdirSync(outDir, { recursive: true });
for (const [out, file] of Object.entries(schemas)) {
  const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, code: { source: true, esm: false } });
  const validate = ajv.compile(JSON.parse(readFileSync(join(schemaDir, file), 'utf8')));
  writeFileSync(join(outDir, `${out}.js`), `// Generated from config/schemas/${file}; do not edit.\n${standaloneCode(ajv, validate)}`);
}
