/**
 * Bad namespaces sections get INVALID_ARGUMENT naming the field, and leave nothing behind:
 * no cgroup, no init, no record, no mount.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ContainerName, ErrorCode } from '@lmctfy/core';
import type { NamespacesSpec } from '@lmctfy/core';
import { expectLmctfyCode } from '@lmctfy/testkit';
import { buildRootfs, hostMountsUnder, nsKernelBackend, type NsKernelBackend } from './kernel-setup';

let k: NsKernelBackend;
let fsys: ReturnType<typeof buildRootfs>;

beforeAll(async () => {
  fsys = buildRootfs();
  fs.writeFileSync(path.join(fsys.dir, 'a-file'), 'x');
  fs.symlinkSync('/etc', path.join(fsys.rootfs, 'escape'));
  k = await nsKernelBackend('bad');
});

afterAll(async () => {
  try {
    await k?.cleanup();
  } finally {
    fsys?.remove();
  }
});

const cases: Array<[string, () => NamespacesSpec, RegExp]> = [
  ['a missing rootfs', () => ({ rootfs: path.join(fsys.dir, 'nope') }), /namespaces\.rootfs: .*nope does not exist/],
  ['a rootfs that is a file', () => ({ rootfs: path.join(fsys.dir, 'a-file') }), /namespaces\.rootfs: .*a-file is not a directory/],
  ['a relative rootfs', () => ({ rootfs: 'rootfs' }), /namespaces\.rootfs: "rootfs" must be an absolute path/],
  ['a mount target escaping via ..', () => ({ rootfs: fsys.rootfs, mounts: [{ source: fsys.out, target: '/../../etc' }] }), /namespaces\.mounts\[0\]\.target: .*leaves/],
  [
    'a mount target through a symlink',
    () => ({ rootfs: fsys.rootfs, mounts: [{ source: fsys.out, target: '/escape/cron.d' }] }),
    /namespaces\.mounts\[0\]\.target: .*symlink escape/,
  ],
  ['a missing mount source', () => ({ rootfs: fsys.rootfs, mounts: [{ source: '/nonexistent-src', target: '/x' }] }), /namespaces\.mounts\[0\]\.source/],
  [
    'overlapping uid maps',
    () => ({
      rootfs: fsys.rootfs,
      uidMappings: [
        { containerId: 0, hostId: 100000, size: 1000 },
        { containerId: 500, hostId: 300000, size: 10 },
      ],
    }),
    /namespaces\.uidMappings\[1\]: .*overlaps namespaces\.uidMappings\[0\]/,
  ],
];

it.each(cases)('refuses %s with INVALID_ARGUMENT and creates nothing', async (_what, ns, message) => {
  const name = ContainerName.parse(`bad-${process.pid}`);
  const before = fs.readdirSync(fsys.rootfs).sort();
  const err = await expectLmctfyCode(k.backend.create(name, { memory: { limit: 64 << 20 }, namespaces: ns() }), ErrorCode.InvalidArgument, 'create');
  expect(err.message).toMatch(message);
  expect(await k.backend.exists(name)).toBe(false);
  expect(k.dirsOf(name.relativePath)).toEqual([]);
  expect(k.inits.read(name)).toBeUndefined();
  expect(hostMountsUnder(fsys.dir)).toEqual([]);
  expect(fs.readdirSync(fsys.rootfs).sort()).toEqual(before);
});

it('refuses a veth on a bridge that does not exist, leaving nothing behind', async () => {
  const name = ContainerName.parse(`badnet-${process.pid}`);
  const p = k.backend.create(name, { namespaces: { rootfs: fsys.rootfs, network: { veth: { bridge: 'nosuchbr0', address: '10.231.7.2/24' } } } });
  await expect(p).rejects.toThrow(/veth/);
  expect(await k.backend.exists(name)).toBe(false);
  expect(k.dirsOf(name.relativePath)).toEqual([]);
  expect(k.inits.read(name)).toBeUndefined();
});
