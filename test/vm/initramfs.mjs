// Builds the VM's initramfs: a static busybox, guest-init.sh as /init and the kernel modules
// it loads (uncompressed newc cpio, ~3 MB: the kernel unpacks it faster than a compressed one).
// Cached next to the kernel, keyed by the init script, busybox and module set.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HarnessError, need, run } from './host-tools.mjs';

const INIT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'guest-init.sh');

/** True for an ELF without a program interpreter: the initramfs has no libc to load. */
function isStaticElf(buf) {
  if (buf.toString('latin1', 0, 4) !== '\x7fELF' || buf[4] !== 2) return false; // 64-bit only
  const phoff = Number(buf.readBigUInt64LE(0x20));
  const [size, count] = [buf.readUInt16LE(0x36), buf.readUInt16LE(0x38)];
  for (let i = 0; i < count; i++) if (buf.readUInt32LE(phoff + i * size) === 3 /* PT_INTERP */) return false;
  return true;
}

/** Path of the cached initramfs for `kernel` (from ensureKernel), built when missing. */
export function ensureInitramfs(kernel) {
  const busybox = need('busybox');
  const bb = readFileSync(busybox);
  if (!isStaticElf(bb)) throw new HarnessError(`${busybox} is dynamically linked: apt-get install --no-install-recommends busybox-static`);
  const init = readFileSync(INIT);
  const hash = createHash('sha256').update(init).update(bb);
  for (const m of kernel.modules) hash.update(m.name);
  const out = path.join(kernel.dir, `initramfs-${hash.digest('hex').slice(0, 12)}.cpio`);
  if (existsSync(out)) return out;

  const tmp = mkdtempSync(path.join(kernel.dir, '.initramfs-'));
  try {
    const tree = path.join(tmp, 'tree');
    for (const d of ['bin', 'dev', 'proc', 'sys', 'new', 'rw', 'lib/modules']) mkdirSync(path.join(tree, d), { recursive: true });
    copyFileSync(busybox, path.join(tree, 'bin', 'busybox'));
    writeFileSync(path.join(tree, 'init'), init, { mode: 0o755 });
    for (const m of kernel.modules) copyFileSync(m.file, path.join(tree, 'lib', 'modules', `${m.name}.ko`));
    writeFileSync(path.join(tree, 'modules.order'), kernel.modules.map((m) => `${m.name}.ko\n`).join(''));
    // busybox cpio: no cpio package needed; -R 0:0 because the guest runs everything as root.
    const list = run('find', ['.'], { cwd: tree });
    run(busybox, ['sh', '-c', `cpio -o -H newc -R 0:0 > ../initramfs.cpio`], { cwd: tree, input: list });
    renameSync(path.join(tmp, 'initramfs.cpio'), out);
    for (const f of readdirSync(kernel.dir)) {
      if (/^initramfs-.*\.cpio$/.test(f) && path.join(kernel.dir, f) !== out) rmSync(path.join(kernel.dir, f), { force: true });
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return out;
}
