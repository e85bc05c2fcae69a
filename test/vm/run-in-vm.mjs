#!/usr/bin/env node
// Runs one command inside a throw-away pure cgroup v2 VM and exits with its status.
//   node test/vm/run-in-vm.mjs [--share DIR]... [--cwd DIR] [--timeout SEC] -- CMD [ARG...]
// This host has hybrid (v1) cgroups, so v2 code can only be tested for real in a VM (see
// ../../../shared/reference/cgroup2-vm.md): Debian's kernel under qemu TCG (the host's
// /dev/kvm cannot run a stock kernel), booted with cgroup_no_v1=all. The guest's root is
// the host's / (read-only over 9p, writes go to a tmpfs), so node, the checkout and every
// tool sit at the same paths as on the host; the checkout, the run directory and each
// --share DIR are shared read-write. The command runs as root with a clean environment
// (PATH, CI, LMCTFY_* ... passed through); stdout/stderr are re-printed live.
// Exit status: the command's; 124 on timeout; 125 when the VM failed before reporting one.
// Environment: LMCTFY_VM_CACHE (default node_modules/.cache/lmctfy-vm: vmlinux, modules,
// initramfs), LMCTFY_VM_KERNEL_PACKAGE (default: what linux-image-amd64 depends on).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, readSync, closeSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HarnessError, need } from './host-tools.mjs';
import { ensureKernel } from './kernel-cache.mjs';
import { ensureInitramfs } from './initramfs.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CACHE = process.env.LMCTFY_VM_CACHE ?? path.join(root, 'node_modules', '.cache', 'lmctfy-vm');
const PASS_ENV = /^(CI|TERM|LANG|LC_[A-Z]+|TZ|FORCE_COLOR|NO_COLOR|NODE_OPTIONS|LMCTFY_(?!VM_)\w+)$/;
// 2 vCPUs like the host; 2 GB leaves room for the tmpfs overlay and memory-limit tests.
const QEMU_BASE = ['-nodefaults', '-machine', 'pc', '-accel', 'tcg,thread=multi', '-cpu', 'max', '-smp', '2', '-m', '2048', '-no-reboot', '-display', 'none'];
const CMDLINE = 'console=hvc0 cgroup_no_v1=all pci=noacpi quiet mitigations=off panic=-1';

const SIGNAL_STATUS = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };
const sq = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

function parseArgs(argv) {
  const opts = { shares: [], cwd: process.cwd(), timeoutSec: 1800, command: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { opts.command = argv.slice(i + 1); break; }
    else if (a === '--share') opts.shares.push(path.resolve(argv[++i]));
    else if (a === '--cwd') opts.cwd = path.resolve(argv[++i]);
    else if (a === '--timeout') opts.timeoutSec = Number(argv[++i]);
    else throw new HarnessError(`unknown argument ${a}; usage: run-in-vm.mjs [--share DIR]... [--cwd DIR] [--timeout SEC] -- CMD...`);
  }
  if (!opts.command.length) throw new HarnessError('no command given (after --)');
  return opts;
}

/** Copies what the guest writes to a qemu `-chardev file` to `sink` as it arrives (qemu drops console output a slow pipe reader misses). */
function follower(file, sink) {
  let fd = null;
  const buf = Buffer.alloc(1 << 16);
  return () => {
    if (fd === null && existsSync(file)) fd = openSync(file, 'r');
    for (let n; fd !== null && (n = readSync(fd, buf, 0, buf.length, null)) > 0;) sink(buf.subarray(0, n));
  };
}

// Set by a signal or the timeout: why qemu was killed.
let stopReason = null;
let killQemu = () => {};
const stop = (why) => { stopReason ??= why; killQemu(); };
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => stop(sig));

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const qemuBin = need('qemu-system-x86_64');
  const kernel = ensureKernel(CACHE);
  const initrd = ensureInitramfs(kernel);
  // The run directory holds the command script, the share list, the consoles and the status.
  const runDir = mkdtempSync(path.join(tmpdir(), 'lmctfy-vm-'));
  try {
    return await boot(opts, qemuBin, kernel, initrd, runDir);
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
}

async function boot(opts, qemuBin, kernel, initrd, runDir) {
  const shares = [root, ...opts.shares];
  for (const d of [runDir, ...shares]) {
    if (/\s/.test(d)) throw new HarnessError(`cannot share a path with whitespace: ${d}`);
  }
  const env = { PATH: process.env.PATH, HOME: '/root', USER: 'root', TMPDIR: tmpdir(), LMCTFY_VM: 'cgroup2' };
  for (const [k, v] of Object.entries(process.env)) if (PASS_ENV.test(k)) env[k] = v;
  // TMPDIR as on the host: jest's cache there (from the host's tiers) is then warm in the guest.
  writeFileSync(path.join(runDir, 'cmd.sh'), [
    `export ${Object.entries(env).map(([k, v]) => `${k}=${sq(v)}`).join(' ')}`,
    `cd ${sq(opts.cwd)} || exit 125`,
    `exec ${opts.command.map(sq).join(' ')}`,
  ].join('\n') + '\n');
  // The checkout is read often (node_modules): cache=loose; other shares are written by the guest and read by the host: no cache.
  writeFileSync(path.join(runDir, 'mounts'), shares.map((d, i) => `share${i} ${d} ${d === root ? 'loose' : 'none'}\n`).join(''));

  const virtfs = (tag, dir, ro) => ['-virtfs', `local,path=${dir},mount_tag=${tag},security_model=none,multidevs=remap${ro ? ',readonly=on' : ''}`];
  const consoles = ['console', 'stdout', 'stderr'].flatMap((name) => ['-chardev', `file,id=${name},path=${path.join(runDir, name)}`, '-device', `virtconsole,chardev=${name}`]);
  const args = [
    ...QEMU_BASE,
    '-kernel', kernel.vmlinux, '-initrd', initrd, '-append', `${CMDLINE} lmctfy.run=${runDir}`,
    '-device', 'virtio-serial-pci', ...consoles,
    ...virtfs('hostroot', '/', true), ...virtfs('vmrun', runDir, false),
    ...shares.flatMap((d, i) => virtfs(`share${i}`, d, false)),
  ];

  const started = Date.now();
  let bootedAt = null;
  let consoleText = '';
  const follow = [
    follower(path.join(runDir, 'stdout'), (b) => process.stdout.write(b)),
    follower(path.join(runDir, 'stderr'), (b) => process.stderr.write(b)),
    follower(path.join(runDir, 'console'), (b) => {
      consoleText += b.toString();
      if (bootedAt === null && consoleText.includes('lmctfy-vm: running the command')) bootedAt = Date.now();
      for (let nl; (nl = consoleText.indexOf('\n')) >= 0; consoleText = consoleText.slice(nl + 1)) {
        process.stderr.write(`[vm] ${consoleText.slice(0, nl)}\n`);
      }
    }),
  ];
  if (stopReason) return SIGNAL_STATUS[stopReason];
  const qemu = spawn(qemuBin, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  // qemu must never outlive the harness, whatever ends it (signal, timeout, exception).
  killQemu = () => { if (qemu.exitCode === null && qemu.signalCode === null) qemu.kill('SIGKILL'); };
  process.on('exit', killQemu);
  const timer = setTimeout(() => stop('timeout'), opts.timeoutSec * 1000);
  const poll = setInterval(() => follow.forEach((f) => f()), 100);
  const exited = await new Promise((resolve) => {
    qemu.on('error', (e) => resolve(`qemu failed to start: ${e.message}`));
    qemu.on('exit', (code, sig) => resolve(`qemu exited with ${code ?? sig}`));
  });
  clearTimeout(timer);
  clearInterval(poll);
  follow.forEach((f) => f());
  if (consoleText) process.stderr.write(`[vm] ${consoleText}\n`);

  const statusFile = path.join(runDir, 'status');
  const status = existsSync(statusFile) ? Number(readFileSync(statusFile, 'utf8')) : null;
  const total = Date.now() - started;
  const boot = bootedAt ? `booted in ${secs(bootedAt - started)}, command ran ${secs(Date.now() - bootedAt)}` : 'never reached the command';
  console.error(`[vm] ${boot}; ${secs(total)} in all (${kernel.key})`);
  if (stopReason === 'timeout') {
    console.error(`[vm] FAILED: timed out after ${opts.timeoutSec} s; qemu killed`);
    return 124;
  }
  if (stopReason) {
    console.error(`[vm] stopped by ${stopReason}; qemu killed`);
    return SIGNAL_STATUS[stopReason];
  }
  if (status === null || Number.isNaN(status)) {
    console.error(`[vm] FAILED: the guest reported no exit status (${exited}); see the [vm] console lines above`);
    return 125;
  }
  return status;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof HarnessError ? `run-in-vm: ${e.message}` : e);
    process.exit(125);
  },
);
