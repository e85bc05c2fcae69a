/**
 * What a namespace container sees, on the real kernel, with a busybox rootfs: its own pids,
 * hostname, network, root, read-only binds, user ids and capabilities, and the escapes that
 * must fail. Commands write what they see into /out, a host directory bound in.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ContainerName } from '@lmctfy/core';
import type { NamespacesSpec } from '@lmctfy/core';
import { buildRootfs, hostMountsUnder, nsKernelBackend, type NsKernelBackend } from './kernel-setup';
import { startTime } from '../src/init-store';

let k: NsKernelBackend;
let fsys: ReturnType<typeof buildRootfs>;
let data: string;
let n = 0;
const made: ContainerName[] = [];

beforeAll(async () => {
  fsys = buildRootfs();
  data = path.join(fsys.dir, 'data');
  fs.mkdirSync(data);
  fs.writeFileSync(path.join(data, 'hello'), 'from the host\n');
  k = await nsKernelBackend('iso');
});

afterEach(async () => {
  for (const name of made.splice(0)) {
    if (await k.backend.exists(name)) await k.backend.destroy(name, { force: true });
  }
});

afterAll(async () => {
  try {
    await k?.cleanup();
  } finally {
    fsys?.remove();
  }
});

async function container(ns: NamespacesSpec = {}): Promise<ContainerName> {
  const name = ContainerName.parse(`web${++n}`);
  made.push(name);
  const mounts = [{ source: fsys.out, target: '/out' }, { source: data, target: '/data', readOnly: true }, ...(ns.mounts ?? [])];
  await k.backend.create(name, { memory: { limit: 256 * 1024 * 1024 }, namespaces: { rootfs: fsys.rootfs, ...ns, mounts } });
  return name;
}

/** Runs `script` in the container; resolves with its exit code and what it printed. */
async function sh(name: ContainerName, script: string): Promise<{ code?: number; out: string }> {
  const file = path.join(fsys.out, 'o');
  fs.rmSync(file, { force: true });
  const r = await k.backend.run(name, { args: ['/bin/sh', '-c', `(${script}) >/out/o 2>&1`] }, { mode: 'foreground' });
  return { code: r.exitCode, out: fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '' };
}

it('gives the container its own pids: a PID 1 of its own, host pids invisible', async () => {
  const name = await container();
  const r = await sh(name, 'ls /proc | grep -E "^[0-9]+$"; echo self=$$; tr "\\0" " " </proc/1/cmdline');
  const pids = r.out.split('\n').filter((l) => /^\d+$/.test(l)).map(Number);
  expect(pids).toContain(1);
  expect(pids).not.toContain(process.pid);
  expect(Math.max(...pids)).toBeLessThan(100);
  expect(r.out).toMatch(/self=\d+/);
  expect(r.out).toContain('lmctfy-init');
  expect(r.out).not.toContain(fsys.rootfs); // the init's argv is scrubbed of host paths
});

it('sets the hostname and has only a loopback interface, up', async () => {
  const name = await container({ hostname: 'web1' });
  const r = await sh(name, 'hostname; ls /sys/class/net; ip -o link');
  const [host, ...rest] = r.out.trim().split('\n');
  expect(host).toBe('web1');
  expect(rest[0]).toBe('lo');
  const links = rest.slice(1);
  expect(links).toHaveLength(1);
  expect(links[0]).toMatch(/^1: lo: <LOOPBACK,UP/);
});

it('pivots into the rootfs: host paths are invisible, even via .. and /proc/1/root', async () => {
  const marker = path.join(fsys.dir, 'host-only-marker');
  fs.writeFileSync(marker, 'x');
  const name = await container();
  const r = await sh(name, `ls /; cd /../../..; ls; test -e ${marker} && echo LEAK; test -e /proc/1/root${marker} && echo LEAK1; test -e /usr/bin && echo LEAK2; cat /data/hello`);
  expect(r.out).not.toMatch(/LEAK/);
  expect(r.out.split('\n')).toEqual(expect.arrayContaining(['bin', 'data', 'dev', 'out', 'proc', 'sys', 'tmp']));
  expect(r.out).toContain('from the host');
  expect(hostMountsUnder(fsys.rootfs)).toEqual([]);
});

it('keeps read-only binds read-only, also against a remount', async () => {
  const name = await container();
  const r = await sh(name, 'echo x >/data/new; echo write=$?; mount -o remount,rw /data; echo remount=$?; echo y >/data/hello; echo overwrite=$?');
  expect(r.out).toMatch(/write=1/);
  expect(r.out).not.toMatch(/remount=0/);
  expect(r.out).toMatch(/overwrite=1/);
  expect(fs.existsSync(path.join(data, 'new'))).toBe(false);
  expect(fs.readFileSync(path.join(data, 'hello'), 'utf8')).toBe('from the host\n');
});

it('drops CAP_SYS_ADMIN (and keeps the default set), with no_new_privs', async () => {
  const name = await container();
  const r = await sh(name, 'grep -E "^(CapEff|CapBnd|NoNewPrivs)" /proc/self/status');
  const eff = BigInt('0x' + /CapEff:\s*([0-9a-f]+)/.exec(r.out)?.[1]);
  const bnd = BigInt('0x' + /CapBnd:\s*([0-9a-f]+)/.exec(r.out)?.[1]);
  const SYS_ADMIN = 1n << 21n;
  expect(eff & SYS_ADMIN).toBe(0n);
  expect(bnd & SYS_ADMIN).toBe(0n);
  expect(eff & (1n << 0n)).toBe(1n << 0n); // CAP_CHOWN stays
  expect(r.out).toMatch(/NoNewPrivs:\s*1/);
});

it('runs the payload as process.user, with no capabilities left', async () => {
  const name = await container();
  const file = path.join(fsys.out, 'user');
  fs.rmSync(file, { force: true });
  fs.chmodSync(fsys.out, 0o777); // the payload writes its answer as uid 1000
  const script = '(id -u; id -g; grep CapEff /proc/self/status) >/out/user 2>&1';
  const r = await k.backend.run(name, { args: ['/bin/sh', '-c', script], user: { uid: 1000, gid: 1000 } }, { mode: 'foreground' });
  expect(r.exitCode).toBe(0);
  const out = fs.readFileSync(file, 'utf8');
  expect(out.split('\n').slice(0, 2)).toEqual(['1000', '1000']);
  expect(out).toMatch(/CapEff:\s*0+\n/);
});

it('refuses escapes: mount, writing /proc/sys, sysrq-trigger and masked paths, reaching host pids', async () => {
  const name = await container();
  const script = [
    'mount -t tmpfs x /tmp; echo mount=$?',
    'mount -t proc proc /mnt 2>/dev/null; echo proc=$?',
    'echo 1 >/proc/sys/kernel/panic; echo sysctl=$?',
    'echo h >/proc/sysrq-trigger; echo sysrq=$?',
    'echo x >/proc/keys; echo keys=$?',
    'wc -c </proc/keys | tr -d " "; echo keyslen',
    `kill -0 ${process.pid}; echo hostpid=$?`,
    'echo 1 >/sys/kernel/mm/ksm/run; echo sys=$?',
  ].join('; ');
  const r = await sh(name, script);
  for (const what of ['mount', 'proc', 'sysctl', 'sysrq', 'keys', 'hostpid', 'sys']) {
    expect(r.out).toMatch(new RegExp(`${what}=[1-9]`));
  }
  expect(r.out).toMatch(/^0\nkeyslen$/m);
});

it('PID 1 reaps orphans: a reparented child does not stay a zombie', async () => {
  const name = await container();
  const record = k.inits.read(name);
  // The subshell exits at once; its sleep is orphaned, reparented to the container's init.
  await k.backend.run(name, { args: ['/bin/sh', '-c', '(sleep 0.3 &) ; exit 0'] }, { mode: 'foreground' });
  const [orphan] = await k.backend.listPids(name);
  expect(orphan).toBeDefined();
  const ppid = /PPid:\s*(\d+)/.exec(fs.readFileSync(`/proc/${orphan}/status`, 'utf8'))?.[1];
  expect(Number(ppid)).toBe(record?.pid);
  // Gone from /proc entirely (not a zombie): the init waited for it.
  for (let i = 0; i < 500 && fs.existsSync(`/proc/${orphan}`); i++) await new Promise((r) => setTimeout(r, 10));
  expect(fs.existsSync(`/proc/${orphan}`)).toBe(false);
});

it('maps ids in a user namespace: root inside is an unprivileged uid outside', async () => {
  const maps = [{ containerId: 0, hostId: 200000, size: 65536 }];
  const name = await container({ uidMappings: maps, gidMappings: maps });
  const r = await sh(name, 'id -u; id -g; cat /proc/self/uid_map');
  expect(r.out.split('\n').slice(0, 2)).toEqual(['0', '0']);
  expect(r.out).toMatch(/^\s*0\s+200000\s+65536$/m);
  const { pid } = await k.backend.run(name, { args: ['sleep', '30'] }, { mode: 'detached' });
  expect(fs.readFileSync(`/proc/${pid}/status`, 'utf8')).toMatch(/^Uid:\s+200000\s/m);
});

it('destroy leaves no process, cgroup, mount or record', async () => {
  const name = await container({ hostname: 'gone' });
  const record = k.inits.read(name);
  expect(record).toBeDefined();
  const { pid } = await k.backend.run(name, { args: ['sleep', '30'] }, { mode: 'detached' });
  expect(k.dirsOf(name.relativePath).length).toBeGreaterThan(0);
  await k.backend.destroy(name, { force: true });
  expect(startTime(record!.pid)).toBeUndefined();
  expect(startTime(pid)).toBeUndefined();
  expect(k.dirsOf(name.relativePath)).toEqual([]);
  expect(k.inits.read(name)).toBeUndefined();
  expect(hostMountsUnder(fsys.dir)).toEqual([]);
  expect(await k.backend.exists(name)).toBe(false);
});

it('without a rootfs keeps the host files but gets its own /proc and /tmp', async () => {
  const name = ContainerName.parse(`vhost${++n}`);
  made.push(name);
  await k.backend.create(name, { namespaces: { mounts: [{ source: fsys.out, target: '/mnt' }] } });
  const r = await k.backend.run(
    name,
    { args: ['/bin/sh', '-c', '{ test -e /usr/bin/env && echo hostfiles; ls /proc | grep -cE "^[0-9]+$"; ls -A /tmp | wc -l; } >/mnt/v'] },
    { mode: 'foreground' },
  );
  expect(r.exitCode).toBe(0);
  const [files, procs, tmp] = fs.readFileSync(path.join(fsys.out, 'v'), 'utf8').trim().split('\n');
  expect(files).toBe('hostfiles');
  expect(Number(procs)).toBeLessThan(10);
  expect(tmp.trim()).toBe('0');
});
