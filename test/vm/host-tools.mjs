// Small helpers shared by the VM harness scripts: finding host commands (with the Debian
// package to install when one is missing) and running them with a clear error.
import { spawnSync } from 'node:child_process';

/** The Debian package that provides each command the harness runs on the host. */
export const PACKAGE_OF = {
  'qemu-system-x86_64': 'qemu-system-x86',
  xz: 'xz-utils',
  busybox: 'busybox-static',
  'apt-get': 'apt',
  'apt-cache': 'apt',
  'dpkg-deb': 'dpkg',
};

export class HarnessError extends Error {}

/** Absolute path of `cmd`, or a HarnessError naming the package that provides it. */
export function need(cmd) {
  const r = spawnSync('/bin/sh', ['-c', 'command -v "$1"', 'sh', cmd], { encoding: 'utf8' });
  const found = r.stdout.trim();
  if (r.status === 0 && found.startsWith('/')) return found;
  const pkg = PACKAGE_OF[cmd] ?? cmd;
  throw new HarnessError(`${cmd} not found: apt-get install --no-install-recommends ${pkg} (.ci/run does)`);
}

/** Runs a command to completion; throws with its stderr when it fails or times out. */
export function run(cmd, args, { cwd, timeoutMs = 300_000, input } = {}) {
  const r = spawnSync(cmd, args, { cwd, input, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 << 20 });
  if (r.error || r.status !== 0) {
    const why = r.error?.code === 'ETIMEDOUT' ? `timed out after ${timeoutMs / 1000} s` : (r.error?.message ?? `exit ${r.status ?? r.signal}`);
    throw new HarnessError(`\`${[cmd, ...args].join(' ')}\` failed (${why}):\n${(r.stderr ?? '').trim()}`);
  }
  return r.stdout;
}
