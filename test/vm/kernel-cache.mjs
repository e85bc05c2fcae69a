// Fetches Debian's current kernel package WITHOUT installing it (installing upgrades the
// host's systemd/udev and takes ~42 s) and keeps only what the VM boots: the uncompressed
// vmlinux (qemu boots an ELF vmlinux through its PVH entry, faster than a bzImage) and the
// few modules the initramfs loads. Cached per package version; first use costs ~10 s.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { HarnessError, need, run } from './host-tools.mjs';

/** Modules the guest init needs (virtio PCI, 9p root, overlay, virtio consoles); their dependencies are added. */
/** Modules the guest loads; `loop` is for the blkio tests' loop devices (io.max needs a block device). */
export const GUEST_MODULES = ['virtio_pci', 'virtio_console', '9pnet_virtio', '9p', 'overlay', 'loop'];
/** Debian's metapackage that depends on the current kernel image package. */
const META = 'linux-image-amd64';
const XZ_MAGIC = Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]);

/** `{ pkg, version }` of the kernel package apt would install now (LMCTFY_VM_KERNEL_PACKAGE overrides the name). */
function resolvePackage() {
  need('apt-cache');
  let pkg = process.env.LMCTFY_VM_KERNEL_PACKAGE;
  if (!pkg) {
    const deps = spawnSync('apt-cache', ['depends', META], { encoding: 'utf8' }).stdout ?? '';
    pkg = /Depends: (linux-image-[0-9]\S*-amd64)\b/.exec(deps)?.[1];
  }
  const policy = pkg ? (spawnSync('apt-cache', ['policy', pkg], { encoding: 'utf8' }).stdout ?? '') : '';
  const version = /Candidate: (\S+)/.exec(policy)?.[1];
  if (!pkg || !version || version === '(none)') {
    throw new HarnessError(`apt knows no ${pkg ?? `${META} (its kernel package)`}: run \`apt-get update\` first (.ci/run does)`);
  }
  return { pkg, version };
}

/** Module names in load order (dependencies first), read from each .ko's `depends=` (the .deb ships no modules.dep). */
function resolveModules(moduleTree, wanted) {
  const files = new Map();
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ko')) files.set(e.name.slice(0, -3).replace(/-/g, '_'), p);
    }
  };
  walk(moduleTree);
  const order = [];
  const visit = (name) => {
    if (order.some((m) => m.name === name)) return;
    const file = files.get(name);
    if (!file) throw new HarnessError(`kernel module ${name} not found under ${moduleTree}`);
    const depends = /depends=([^\0]*)\0/.exec(readFileSync(file).toString('latin1'))?.[1] ?? '';
    for (const dep of depends.split(',').filter(Boolean)) visit(dep);
    order.push({ name, file });
  };
  wanted.forEach(visit);
  return order;
}

/** Decompresses the vmlinux inside a bzImage (busybox's xzcat cannot decode its BCJ filter; xz can). */
function extractVmlinux(vmlinuz, out) {
  const image = readFileSync(vmlinuz);
  const at = image.indexOf(XZ_MAGIC);
  if (at < 0) throw new HarnessError(`${vmlinuz}: no xz stream found (kernel no longer xz-compressed?)`);
  const r = spawnSync(need('xz'), ['-dc', '--single-stream'], { input: image.subarray(at), maxBuffer: 1 << 30 });
  if (r.status !== 0 || r.stdout.subarray(0, 4).toString('latin1') !== '\x7fELF') {
    throw new HarnessError(`xz could not extract vmlinux from ${vmlinuz}: ${r.stderr}`);
  }
  writeFileSync(out, r.stdout);
}

/**
 * The cached kernel for the current package version, fetched on first use:
 * `{ key, dir, vmlinux, modules: [{ name, file }] }` (modules in load order).
 */
export function ensureKernel(cacheDir) {
  const { pkg, version } = resolvePackage();
  // The module list is part of the key: adding a module must not reuse a cache without it.
  const key = `${pkg}_${version}_${GUEST_MODULES.join('+')}`;
  const dir = path.join(cacheDir, key);
  const manifest = path.join(dir, 'modules.json');
  if (!existsSync(manifest)) {
    need('apt-get');
    need('dpkg-deb');
    mkdirSync(cacheDir, { recursive: true });
    const tmp = mkdtempSync(path.join(cacheDir, '.fetch-'));
    try {
      console.error(`[vm] fetching ${pkg}=${version} into ${cacheDir} (once per kernel version)`);
      run('apt-get', ['download', '-q', `${pkg}=${version}`], { cwd: tmp });
      const deb = readdirSync(tmp).find((f) => f.endsWith('.deb'));
      run('dpkg-deb', ['-x', path.join(tmp, deb), path.join(tmp, 'x')]);
      const out = path.join(tmp, 'out');
      mkdirSync(path.join(out, 'modules'), { recursive: true });
      const boot = path.join(tmp, 'x', 'boot');
      extractVmlinux(path.join(boot, readdirSync(boot).find((f) => f.startsWith('vmlinuz-'))), path.join(out, 'vmlinux'));
      const tree = path.join(tmp, 'x', 'lib', 'modules');
      const modules = resolveModules(tree, GUEST_MODULES).map(({ name, file }) => {
        copyFileSync(file, path.join(out, 'modules', `${name}.ko`));
        return name;
      });
      writeFileSync(path.join(out, 'modules.json'), JSON.stringify(modules));
      try {
        renameSync(out, dir);
      } catch (e) {
        if (!existsSync(manifest)) throw e; // else a concurrent run cached it first
      }
      // Older kernel versions are never used again: keep the cache at one kernel (~60 MB).
      for (const old of readdirSync(cacheDir)) {
        if (old !== key && !old.startsWith('.')) rmSync(path.join(cacheDir, old), { recursive: true, force: true });
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true }); // the 400 MB extracted package
    }
  }
  const names = JSON.parse(readFileSync(manifest, 'utf8'));
  return { key, dir, vmlinux: path.join(dir, 'vmlinux'), modules: names.map((name) => ({ name, file: path.join(dir, 'modules', `${name}.ko`) })) };
}
