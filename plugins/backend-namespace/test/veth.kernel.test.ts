/**
 * The optional veth pair: the container's eth0 gets the spec's address on a host bridge the
 * test makes (and removes), and the pair disappears with the container.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ContainerName } from '@lmctfy/core';
import { buildRootfs, nsKernelBackend, type NsKernelBackend } from './kernel-setup';

const BRIDGE = `lmbr${process.pid % 100000}`;
let k: NsKernelBackend;
let fsys: ReturnType<typeof buildRootfs>;
const name = ContainerName.parse(`net-${process.pid}`);

const ip = (...args: string[]): string => execFileSync('ip', args, { encoding: 'utf8' });
const linkExists = (ifname: string): boolean => fs.existsSync(`/sys/class/net/${ifname}`);

beforeAll(async () => {
  fsys = buildRootfs();
  k = await nsKernelBackend('veth');
  ip('link', 'add', BRIDGE, 'type', 'bridge');
  ip('addr', 'add', '10.231.9.1/24', 'dev', BRIDGE);
  ip('link', 'set', BRIDGE, 'up');
});

afterAll(async () => {
  try {
    if (await k?.backend.exists(name)) await k.backend.destroy(name, { force: true });
    await k?.cleanup();
  } finally {
    if (linkExists(BRIDGE)) ip('link', 'del', BRIDGE);
    fsys?.remove();
  }
});

it('puts eth0 with the address on the bridge, reaches the gateway, and removes the pair on destroy', async () => {
  const hostInterface = `lmvt${process.pid % 100000}`;
  await k.backend.create(name, {
    namespaces: {
      rootfs: fsys.rootfs,
      mounts: [{ source: fsys.out, target: '/out' }],
      network: { veth: { bridge: BRIDGE, address: '10.231.9.2/24', gateway: '10.231.9.1', hostInterface } },
    },
  });
  expect(linkExists(hostInterface)).toBe(true);
  expect(fs.realpathSync(`/sys/class/net/${hostInterface}/master`)).toMatch(new RegExp(`/${BRIDGE}$`));
  const r = await k.backend.run(
    name,
    { args: ['/bin/sh', '-c', 'ip -o -4 addr show dev eth0 >/out/net; ip route >>/out/net; ping -c 1 -W 2 10.231.9.1 >/dev/null; echo ping=$? >>/out/net'] },
    { mode: 'foreground' },
  );
  expect(r.exitCode).toBe(0);
  const out = fs.readFileSync(path.join(fsys.out, 'net'), 'utf8');
  expect(out).toContain('inet 10.231.9.2/24');
  expect(out).toMatch(/default via 10\.231\.9\.1/);
  expect(out).toContain('ping=0');
  await k.backend.destroy(name, { force: true });
  for (let i = 0; i < 200 && linkExists(hostInterface); i++) await new Promise((res) => setTimeout(res, 10));
  expect(linkExists(hostInterface)).toBe(false);
});
