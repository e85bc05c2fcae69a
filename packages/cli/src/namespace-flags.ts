import { Flags } from '@oclif/core';

/**
 * Namespace flags shared by `create` and `run --rm` (for `--backend namespace`); mapped into
 * the spec's `namespaces` section by namespace-spec-from-flags.ts.
 */
export const namespaceFlags = {
  rootfs: Flags.string({
    description: 'Root filesystem of the container (pivot_root); without it the container keeps the host files.',
    helpValue: 'DIR',
    helpGroup: 'NAMESPACE',
  }),
  hostname: Flags.string({ description: 'Hostname inside the container (default: its name).', helpValue: 'NAME', helpGroup: 'NAMESPACE' }),
  mount: Flags.string({
    description: 'Bind SRC (host) at DST (container), read-only with :ro (repeatable).',
    helpValue: 'SRC:DST[:ro]',
    multiple: true,
    helpGroup: 'NAMESPACE',
  }),
  'uid-map': Flags.string({
    description: 'User namespace uid mapping CONTAINER:HOST:COUNT (repeatable).',
    helpValue: 'C:H:N',
    multiple: true,
    helpGroup: 'NAMESPACE',
  }),
  'gid-map': Flags.string({
    description: 'User namespace gid mapping (default: the uid maps; repeatable).',
    helpValue: 'C:H:N',
    multiple: true,
    helpGroup: 'NAMESPACE',
  }),
  net: Flags.string({
    description: 'Network: none (loopback only, the default) or veth (a pair to --bridge with --address).',
    options: ['none', 'veth'],
    helpGroup: 'NAMESPACE',
  }),
  bridge: Flags.string({ description: 'Host bridge of the veth pair (with --net veth).', helpValue: 'NAME', helpGroup: 'NAMESPACE' }),
  address: Flags.string({ description: 'Container address, CIDR (with --net veth).', helpValue: 'CIDR', helpGroup: 'NAMESPACE' }),
  gateway: Flags.string({ description: 'Default route inside the container (with --net veth).', helpValue: 'IP', helpGroup: 'NAMESPACE' }),
};
