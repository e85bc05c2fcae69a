/**
 * The only way commands reach @lmctfy/core: loaded on first use, so `lmctfy --help` and
 * argument errors never load core (inversify, cosmiconfig, koffi). Command files may
 * `import type` from core, never values.
 */
export type Core = typeof import('@lmctfy/core');

/**
 * A plain require, not import(): a dynamic import() of a CommonJS bundle goes through
 * Node's ESM loader, which lexes the whole 600 KB file for its exports (~50 ms).
 */
export async function core(): Promise<Core> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@lmctfy/core') as Core;
}
