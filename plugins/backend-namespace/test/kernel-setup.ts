/**
 * Shared set-up of the kernel tests: a namespace backend on this host's real cgroups under
 * a cgroup root unique to the test file, a state dir of its own, and a busybox rootfs built
 * from Debian's busybox-static. Everything is removed afterwards even when tests fail.
 * Kernel tests FAIL (never skip) when they cannot run: not root, launcher not built.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CONFIG } from '@lmctfy/core';
import type { LmctfyConfig } from '@lmctfy/core';
import { CgroupBackend, CgroupResources, ProcessLauncher } from '@lmctfy/backend-cgroup';
import { InitStore, startTime } from '../src/init-store';
import { Launcher } from '../src/launcher';
import { NamespaceBackend } from '../src/namespace-backend';
import { cgroupDirsOf, removeCgroupRoot } from '../../../test/helpers/cgroups';

export const BUSYBOX = '/bin/busybox';

export interface NsKernelBackend {
  backend: NamespaceBackend;
  config: LmctfyConfig;
  inits: InitStore;
  cgroupRoot: string;
  /** `<hierarchy>/<cgroupRoot>/<rel>` directories that exist, in any hierarchy. */
  dirsOf(rel: string): string[];
  cleanup(): Promise<void>;
}

export async function nsKernelBackend(tag: string): Promise<NsKernelBackend> {
  if (process.getuid?.() !== 0) {
    throw new Error(`namespace kernel tests need root (uid ${process.getuid?.()}); run them as root`);
  }
  const cgroupRoot = `lmctfy-ns-test-${tag}-${process.pid}`;
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), `lmctfy-ns-state-${tag}-`));
  const config: LmctfyConfig = { ...DEFAULT_CONFIG, cgroupRoot, stateDir };
  const resources = new CgroupResources(config);
  const inits = new InitStore(config);
  const backend = new NamespaceBackend(resources, new CgroupBackend(resources, new ProcessLauncher()), new Launcher(config), inits);
  const probe = await backend.probe();
  if (!probe.available) {
    fs.rmSync(stateDir, { recursive: true, force: true });
    throw new Error(`the namespace backend is unavailable on this host: ${probe.reason}${probe.hint ? ` (${probe.hint})` : ''}`);
  }
  return {
    backend,
    config,
    inits,
    cgroupRoot,
    dirsOf: (rel) => cgroupDirsOf(rel ? `${cgroupRoot}/${rel}` : cgroupRoot),
    cleanup: async () => {
      // Safety net: any init a failed test left behind (each one ends its whole pid namespace).
      const leftInits: number[] = [];
      for (const f of fs.existsSync(inits.dir) ? fs.readdirSync(inits.dir) : []) {
        const record = inits.read(decodeURIComponent(f.replace(/\.json$/, '')));
        if (record && inits.alive(record)) {
          leftInits.push(record.pid);
          process.kill(record.pid, 'SIGKILL');
        }
      }
      for (const pid of leftInits) await waitGone(pid);
      fs.rmSync(stateDir, { recursive: true, force: true });
      const left = await removeCgroupRoot(cgroupRoot);
      if (left.length > 0) throw new Error(`cgroups left behind: ${left.join(', ')}`);
      if (leftInits.length > 0) throw new Error(`container inits left running: ${leftInits.join(' ')}`);
    },
  };
}

/** Waits until `pid` is gone or a zombie (at most 5 s). */
export async function waitGone(pid: number): Promise<void> {
  for (let i = 0; i < 500 && startTime(pid) !== undefined; i++) await new Promise((r) => setTimeout(r, 10));
}

/**
 * A busybox rootfs in a fresh temp dir: /bin/busybox plus one symlink per applet, and /out,
 * a directory the tests bind in to collect what commands print. Mode 0755 all the way so a
 * user namespace's root (an unprivileged host uid) can reach it.
 */
export function buildRootfs(): { dir: string; rootfs: string; out: string; remove(): void } {
  if (!fs.existsSync(BUSYBOX)) throw new Error(`${BUSYBOX} is missing: install busybox-static`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lmctfy-ns-rootfs-'));
  fs.chmodSync(dir, 0o755);
  const rootfs = path.join(dir, 'rootfs');
  const out = path.join(dir, 'out');
  fs.mkdirSync(path.join(rootfs, 'bin'), { recursive: true });
  fs.mkdirSync(path.join(rootfs, 'etc'));
  fs.mkdirSync(out, { mode: 0o777 });
  fs.chmodSync(out, 0o777);
  fs.copyFileSync(BUSYBOX, path.join(rootfs, 'bin', 'busybox'));
  fs.chmodSync(path.join(rootfs, 'bin', 'busybox'), 0o755);
  for (const applet of execFileSync(BUSYBOX, ['--list'], { encoding: 'utf8' }).split('\n').filter(Boolean)) {
    if (applet !== 'busybox') fs.symlinkSync('busybox', path.join(rootfs, 'bin', applet));
  }
  fs.writeFileSync(path.join(rootfs, 'etc', 'passwd'), 'root:x:0:0:root:/:/bin/sh\n');
  return { dir, rootfs, out, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Mount points under `dir` in the host's mount table (there should never be any). */
export function hostMountsUnder(dir: string): string[] {
  return fs
    .readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[4])
    .filter((m) => m !== undefined && (m === dir || m.startsWith(`${dir}/`)));
}
