import { invalidArgument } from '../errors';

/** The shape of an ajv standalone validator and the errors it reports. */
interface SchemaError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}
type StandaloneValidator = ((data: unknown) => boolean) & { errors?: SchemaError[] | null };

// Precompiled by scripts/compile-schemas.mjs from config/schemas/ (see there for why).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const validateContainerSpec: StandaloneValidator = require('../generated/validate-container-spec');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const validateLmctfyConfig: StandaloneValidator = require('../generated/validate-lmctfy-config');

/** Throws INVALID_ARGUMENT naming the field path and value unless `spec` fits the schema. */
export function validateSpecSchema(spec: unknown): void {
  check(validateContainerSpec, spec, 'spec');
}

/** Throws INVALID_ARGUMENT naming the key and value unless `config` fits the schema. */
export function validateConfigSchema(config: unknown, source: string): void {
  check(validateLmctfyConfig, config, source);
}

function check(validate: StandaloneValidator, data: unknown, what: string): void {
  if (validate(data)) return;
  const errors = validate.errors ?? [];
  throw invalidArgument(errors.map((e) => describe(e, data, what)).filter(unique).join('; '));
}

function describe(e: SchemaError, data: unknown, what: string): string {
  const segments = e.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const field = segments.reduce((p, s) => (/^\d+$/.test(s) ? `${p}[${s}]` : p ? `${p}.${s}` : s), '');
  const at = field || what;
  if (e.keyword === 'additionalProperties') {
    return `${field ? field + ': ' : `${what}: `}unknown field ${JSON.stringify(e.params.additionalProperty)}`;
  }
  const value = segments.reduce<unknown>((v, s) => (v as Record<string, unknown> | undefined)?.[s], data);
  return `${at}: ${e.message ?? e.keyword} (got ${JSON.stringify(value)})`;
}

function unique(s: string, i: number, all: string[]): boolean {
  return all.indexOf(s) === i;
}
