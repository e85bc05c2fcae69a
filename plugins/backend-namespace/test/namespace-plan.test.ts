import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ContainerName, ErrorCode } from '@lmctfy/core';
import type { NamespacesSpec } from '@lmctfy/core';
import { checkIdMappings } from '../src/id-mappings';
import { planNamespaces, prepareRootfs } from '../src/namespace-plan';

let dir: string;
let rootfs: string;
const name = ContainerName.parse('web_1');

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lmctfy-ns-plan-'));
  rootfs = path.join(dir, 'rootfs');
  fs.mkdirSync(path.join(rootfs, 'etc'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'file'), '');
  fs.symlinkSync('/etc', path.join(rootfs, 'link'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const invalid = (ns: NamespacesSpec, message: RegExp): void => {
  let caught: unknown;
  try {
    planNamespaces(name, ns);
  } catch (e) {
    caught = e;
  }
  expect(caught).toMatchObject({ code: ErrorCode.InvalidArgument });
  expect((caught as Error).message).toMatch(message);
};

describe('planNamespaces', () => {
  it('isolates every namespace but user by default, named after the container', () => {
    const plan = planNamespaces(name, {});
    expect(plan.kinds).toEqual(['pid', 'mount', 'uts', 'ipc', 'net', 'cgroup']);
    expect(plan.hostname).toBe('web-1');
    expect(plan.rootfs).toBeUndefined();
  });

  it('adds the user namespace with its maps; gid maps default to the uid maps', () => {
    const maps = [{ containerId: 0, hostId: 100000, size: 65536 }];
    const plan = planNamespaces(name, { uidMappings: maps, net: false });
    expect(plan.kinds).toEqual(['pid', 'mount', 'uts', 'ipc', 'cgroup', 'user']);
    expect(plan.gidMappings).toEqual(maps);
  });

  it('resolves the rootfs and normalises bind targets', () => {
    const plan = planNamespaces(name, { rootfs, mounts: [{ source: dir, target: '/mnt//x/', readOnly: true }] });
    expect(plan.rootfs).toBe(fs.realpathSync(rootfs));
    expect(plan.binds).toEqual([{ source: dir, target: '/mnt/x/', readOnly: true }]);
  });

  it.each<[string, () => NamespacesSpec, RegExp]>([
    ['missing rootfs', () => ({ rootfs: path.join(dir, 'none') }), /^namespaces\.rootfs: .*none does not exist/],
    ['rootfs is a file', () => ({ rootfs: path.join(dir, 'file') }), /^namespaces\.rootfs: .*file is not a directory/],
    ['rootfs is /', () => ({ rootfs: '/' }), /^namespaces\.rootfs: \/ is the host's root/],
    ['target with ..', () => ({ rootfs, mounts: [{ source: dir, target: '/etc/../../x' }] }), /^namespaces\.mounts\[0\]\.target: .*leaves/],
    ['target through a symlink', () => ({ rootfs, mounts: [{ source: dir, target: '/link/x' }] }), /^namespaces\.mounts\[0\]\.target: .*symlink link/],
    ['relative source', () => ({ rootfs, mounts: [{ source: 'data', target: '/x' }] }), /^namespaces\.mounts\[0\]\.source: "data"/],
    ['host target missing without rootfs', () => ({ mounts: [{ source: dir, target: '/no/such/target' }] }), /^namespaces\.mounts\[0\]\.target: .*host paths/],
    ['pid: false', () => ({ pid: false }), /^namespaces\.pid: false/],
    ['hostname without uts', () => ({ uts: false, hostname: 'a' }), /^namespaces\.hostname: "a"/],
    ['user without maps', () => ({ user: true }), /^namespaces\.user: .*uidMappings/],
    ['veth without net', () => ({ net: false, network: { veth: { bridge: 'br0', address: '10.0.0.2/24' } } }), /^namespaces\.network\.veth/],
    ['bad veth address', () => ({ network: { veth: { bridge: 'br0', address: '10.0.0.300/24' } } }), /^namespaces\.network\.veth\.address: 10\.0\.0\.300\/24/],
  ])('refuses %s, naming the field and value', (_what, ns, message) => invalid(ns(), message));

  it('prepareRootfs makes the mount points inside the rootfs only', () => {
    const plan = planNamespaces(name, { rootfs, mounts: [{ source: path.join(dir, 'file'), target: '/etc/conf/f' }] });
    prepareRootfs(plan);
    for (const d of ['proc', 'sys', 'dev', 'tmp']) expect(fs.statSync(path.join(rootfs, d)).isDirectory()).toBe(true);
    expect(fs.statSync(path.join(rootfs, 'etc/conf/f')).isFile()).toBe(true);
  });
});

describe('checkIdMappings', () => {
  const at = 'namespaces.uidMappings';
  it.each<[string, Parameters<typeof checkIdMappings>[0], RegExp]>([
    ['container ranges overlapping', [{ containerId: 0, hostId: 1000, size: 10 }, { containerId: 5, hostId: 5000, size: 10 }], /\[1\]: .* overlaps namespaces\.uidMappings\[0\] .* in container ids/],
    ['host ranges overlapping', [{ containerId: 0, hostId: 1000, size: 10 }, { containerId: 100, hostId: 1009, size: 1 }], /\[1\]: .* in host ids/],
    ['size 0', [{ containerId: 0, hostId: 1000, size: 0 }], /\[0\]\.size: 0/],
    ['negative id', [{ containerId: 0, hostId: -1, size: 1 }], /\[0\]\.hostId: -1/],
    ['no container root', [{ containerId: 1, hostId: 1000, size: 10 }], /map container id 0/],
  ])('refuses %s', (_what, maps, message) => {
    expect(() => checkIdMappings(maps, at)).toThrow(message);
  });

  it('accepts adjacent ranges', () => {
    const maps = [{ containerId: 0, hostId: 1000, size: 10 }, { containerId: 10, hostId: 1010, size: 10 }];
    expect(checkIdMappings(maps, at)).toEqual(maps);
  });
});
