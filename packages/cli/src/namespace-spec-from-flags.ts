/**
 * Pure mapping from the namespace flags to the spec's `namespaces` section. Paths are made
 * absolute against the caller's directory (`--rootfs ./rootfs`); the backend checks that
 * they exist. Only the fields whose flags were given are set, so a spec file's others stay.
 */
import { resolve } from 'node:path';
import type { IdMapping, NamespacesSpec } from '@lmctfy/core';
import { CliError, EXIT } from './cli-error';

export interface NamespaceFlagValues {
  rootfs?: string;
  hostname?: string;
  mount?: string[];
  'uid-map'?: string[];
  'gid-map'?: string[];
  net?: string;
  bridge?: string;
  address?: string;
  gateway?: string;
}

export const NAMESPACE_FLAGS = ['rootfs', 'hostname', 'mount', 'uid-map', 'gid-map', 'net', 'bridge', 'address', 'gateway'] as const;

const bad = (message: string): CliError => new CliError(EXIT.invalidArgument, message);

/** `--mount SRC:DST[:ro|rw]`. */
function parseMount(value: string, cwd: string): NonNullable<NamespacesSpec['mounts']>[number] {
  const parts = value.split(':');
  const mode = parts.length === 3 ? parts[2] : undefined;
  if (parts.length < 2 || parts.length > 3 || !parts[0] || !parts[1] || (mode !== undefined && mode !== 'ro' && mode !== 'rw')) {
    throw bad(`--mount ${JSON.stringify(value)}: expected SRC:DST or SRC:DST:ro`);
  }
  if (!parts[1].startsWith('/')) throw bad(`--mount ${JSON.stringify(value)}: DST must be an absolute path inside the container`);
  return { source: resolve(cwd, parts[0]), target: parts[1], ...(mode === 'ro' && { readOnly: true }) };
}

/** `--uid-map C:H:N`. */
function parseMap(flag: string, value: string): IdMapping {
  const m = /^(\d+):(\d+):(\d+)$/.exec(value);
  if (!m) throw bad(`--${flag} ${JSON.stringify(value)}: expected CONTAINER:HOST:COUNT, e.g. 0:100000:65536`);
  return { containerId: Number(m[1]), hostId: Number(m[2]), size: Number(m[3]) };
}

/** The `namespaces` section the flags ask for, or undefined when none was given. */
export function namespacesFromFlags(flags: NamespaceFlagValues, cwd = process.cwd()): NamespacesSpec | undefined {
  if (givenNamespaceFlags(flags).length === 0) return undefined;
  const ns: NamespacesSpec = {};
  if (flags.rootfs !== undefined) ns.rootfs = resolve(cwd, flags.rootfs);
  if (flags.hostname !== undefined) ns.hostname = flags.hostname;
  if (flags.mount?.length) ns.mounts = flags.mount.map((v) => parseMount(v, cwd));
  if (flags['uid-map']?.length) ns.uidMappings = flags['uid-map'].map((v) => parseMap('uid-map', v));
  if (flags['gid-map']?.length) ns.gidMappings = flags['gid-map'].map((v) => parseMap('gid-map', v));
  const vethFlags = (['bridge', 'address', 'gateway'] as const).filter((f) => flags[f] !== undefined);
  if (flags.net === 'veth') {
    if (flags.bridge === undefined || flags.address === undefined) throw bad('--net veth: give --bridge NAME and --address CIDR');
    ns.net = true;
    ns.network = { veth: { bridge: flags.bridge, address: flags.address, ...(flags.gateway !== undefined && { gateway: flags.gateway }) } };
  } else {
    if (vethFlags.length > 0) throw bad(`${vethFlags.map((f) => `--${f}`).join(', ')}: only valid with --net veth`);
    if (flags.net === 'none') ns.net = true;
  }
  return ns;
}

/** Names of the namespace flags that were given (to refuse them where they mean nothing). */
export function givenNamespaceFlags(flags: NamespaceFlagValues): string[] {
  return NAMESPACE_FLAGS.filter((f) => {
    const v = flags[f];
    return Array.isArray(v) ? v.length > 0 : v !== undefined;
  });
}
