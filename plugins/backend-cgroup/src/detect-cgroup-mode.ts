import * as fs from 'node:fs';
import * as path from 'node:path';
import { invalidArgument, unavailable } from '@lmctfy/core';
import type { LmctfyConfig } from '@lmctfy/core';
import { DEFAULT_MOUNT_POINT } from './cgroup-fs';
import { CGROUP2_SUPER_MAGIC, TMPFS_MAGIC } from './kernel-files';

/** 'hybrid' = v1 controllers plus an (unused) cgroup2 at <mount>/unified; it uses the v1 driver. */
export type CgroupMode = 'v1' | 'v2' | 'hybrid';

/** `backends.cgroup` options, after defaults. */
export interface CgroupOptions {
  /** Where cgroupfs is mounted (`backends.cgroup.mountPoint`). */
  mountPoint: string;
  /** Forces the mode instead of statfs (`backends.cgroup.version`), for tests and odd hosts. */
  version?: 'v1' | 'v2';
  /** Where v1 hierarchies are listed (`backends.cgroup.mountsFile`): mountinfo or mounts format. */
  mountsFile: string;
  /** Where /proc/<pid>/cgroup is read for detect() (`backends.cgroup.procDir`). */
  procDir: string;
  /** lmctfy's cgroup under every hierarchy (config `cgroupRoot`). */
  cgroupRoot: string;
}

export function readCgroupOptions(config: LmctfyConfig): CgroupOptions {
  const raw = config.backends?.cgroup ?? {};
  const str = (key: string, fallback: string): string => {
    const v = raw[key] ?? fallback;
    if (typeof v !== 'string' || v === '') throw invalidArgument(`backends.cgroup.${key}: expected a non-empty string`);
    return v;
  };
  const version = raw.version;
  if (version !== undefined && version !== 'v1' && version !== 'v2') {
    throw invalidArgument(`backends.cgroup.version: expected "v1" or "v2", got ${JSON.stringify(version)}`);
  }
  const cgroupRoot = (config.cgroupRoot ?? 'lmctfy').replace(/^\/+|\/+$/g, '');
  if (cgroupRoot === '' || cgroupRoot.split('/').includes('..')) {
    throw invalidArgument(`cgroupRoot: ${JSON.stringify(config.cgroupRoot)} must name a cgroup below the mount point`);
  }
  return {
    mountPoint: str('mountPoint', DEFAULT_MOUNT_POINT),
    version,
    mountsFile: str('mountsFile', '/proc/self/mountinfo'),
    procDir: str('procDir', '/proc'),
    cgroupRoot,
  };
}

const fsType = (p: string): number | undefined => {
  try {
    return fs.statfsSync(p).type;
  } catch {
    return undefined;
  }
};

/** runc/crun detection: cgroup2 magic on the mount point; tmpfs + cgroup2 at /unified = hybrid. */
export function detectCgroupMode(options: CgroupOptions): CgroupMode {
  if (options.version) return options.version;
  const type = fsType(options.mountPoint);
  if (type === undefined) throw unavailable(`no cgroup filesystem at ${options.mountPoint}`, { hint: 'mount cgroupfs' });
  if (type === CGROUP2_SUPER_MAGIC) return 'v2';
  if (type === TMPFS_MAGIC && fsType(path.join(options.mountPoint, 'unified')) === CGROUP2_SUPER_MAGIC) return 'hybrid';
  return 'v1';
}

/** Mount options that are not controller names. */
const NOT_CONTROLLERS = new Set(['rw', 'ro', 'relatime', 'noatime', 'nosuid', 'nodev', 'noexec', 'clone_children', 'noprefix', 'xattr', 'cpuset_v2_mode']);

const unescape = (s: string): string => s.replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8)));

/**
 * v1 hierarchies from /proc/self/mountinfo (or /proc/mounts): controller -> mount directory.
 * Co-mounted controllers ("cpu,cpuacct") map to the same directory.
 */
export function parseV1Mounts(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    let fstype: string | undefined;
    let mountPoint: string | undefined;
    let options: string | undefined;
    const dash = f.indexOf('-');
    if (dash > 5) {
      [fstype, , options] = f.slice(dash + 1);
      mountPoint = f[4];
    } else if (f.length >= 4) {
      [, mountPoint, fstype, options] = f;
    }
    if (fstype !== 'cgroup' || !mountPoint || !options) continue;
    for (const opt of options.split(',')) {
      if (NOT_CONTROLLERS.has(opt) || opt.includes('=')) continue;
      if (!out.has(opt)) out.set(opt, unescape(mountPoint));
    }
  }
  return out;
}

export function readV1Mounts(options: CgroupOptions): Map<string, string> {
  try {
    return parseV1Mounts(fs.readFileSync(options.mountsFile, 'utf8'));
  } catch (e) {
    throw unavailable(`cannot read ${options.mountsFile}: ${(e as Error).message}`);
  }
}
