import type { SpecInput } from '@lmctfy/core';
import { CliError, EXIT } from './cli-error';
import { core } from './core';
import { specFromFlags, type ResourceFlagValues } from './spec-from-flags';
import { namespacesFromFlags, type NamespaceFlagValues } from './namespace-spec-from-flags';

export interface SpecSources {
  /** -c/--spec FILE. */
  file?: string;
  /** Inline JSON (create's SPEC_JSON argument). */
  inline?: string;
  flags: ResourceFlagValues & NamespaceFlagValues;
}

/** Spec file or inline JSON (exactly one at most), then the flags on top, field by field. */
export async function buildSpec({ file, inline, flags }: SpecSources): Promise<SpecInput> {
  if (file !== undefined && inline !== undefined) {
    throw new CliError(EXIT.invalidArgument, 'give either -c/--spec FILE or an inline SPEC_JSON, not both');
  }
  const { loadSpecFile, parseInlineSpec, mergeSpecInputs } = await core();
  const base = file !== undefined ? loadSpecFile(file) : inline !== undefined ? parseInlineSpec(inline) : undefined;
  const namespaces = namespacesFromFlags(flags);
  return mergeSpecInputs(base, specFromFlags(flags), namespaces && { namespaces });
}
