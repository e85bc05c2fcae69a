import * as fs from 'node:fs';
import * as path from 'node:path';
import { invalidArgument } from '@lmctfy/core';
import type { ContainerName, IdMapping, NamespaceKind, NamespacesSpec, NetworkSpec } from '@lmctfy/core';
import { checkIdMappings } from './id-mappings';

/** What the launcher is asked to build: the spec's namespaces section, checked and resolved. */
export interface NamespacePlan {
  /** Namespaces created for the container (pid and mount always). */
  kinds: NamespaceKind[];
  hostname?: string;
  /** Canonical absolute path (symlinks resolved), when the container has its own root. */
  rootfs?: string;
  binds: Array<{ source: string; target: string; readOnly: boolean }>;
  uidMappings?: IdMapping[];
  gidMappings?: IdMapping[];
  veth?: NonNullable<NetworkSpec['veth']>;
}

/** Namespaces a container gets unless its spec says `false` for them. */
const OPTIONAL_KINDS = ['uts', 'ipc', 'net', 'cgroup'] as const;

/**
 * Checks the namespaces section against the filesystem and resolves it. Every error is
 * INVALID_ARGUMENT naming the field and value, raised before anything is created.
 */
export function planNamespaces(name: ContainerName, ns: NamespacesSpec = {}): NamespacePlan {
  for (const kind of ['pid', 'mount'] as const) {
    if (ns[kind] === false) {
      throw invalidArgument(`namespaces.${kind}: false is not possible: the namespace backend always isolates ${kind === 'pid' ? 'pids' : 'mounts'}`, {
        hint: 'use the cgroup backend for a container without namespaces',
      });
    }
  }
  const kinds: NamespaceKind[] = ['pid', 'mount', ...OPTIONAL_KINDS.filter((k) => ns[k] !== false)];
  const plan: NamespacePlan = { kinds, binds: [] };

  const wantsUser = ns.user === true || ns.uidMappings !== undefined || ns.gidMappings !== undefined;
  if (wantsUser && ns.user !== false) {
    if (!ns.uidMappings?.length) throw invalidArgument('namespaces.user: a user namespace needs namespaces.uidMappings');
    plan.uidMappings = checkIdMappings(ns.uidMappings, 'namespaces.uidMappings');
    plan.gidMappings = ns.gidMappings?.length ? checkIdMappings(ns.gidMappings, 'namespaces.gidMappings') : plan.uidMappings;
    kinds.push('user');
  } else if (ns.user === false && (ns.uidMappings || ns.gidMappings)) {
    throw invalidArgument('namespaces.uidMappings: id mappings need a user namespace, but namespaces.user is false');
  }

  if (ns.hostname !== undefined && ns.uts === false) {
    throw invalidArgument(`namespaces.hostname: ${JSON.stringify(ns.hostname)} needs a uts namespace, but namespaces.uts is false`);
  }
  // Without a hostname the container is named after itself, not after the host.
  if (kinds.includes('uts')) plan.hostname = ns.hostname ?? defaultHostname(name);

  if (ns.rootfs !== undefined) plan.rootfs = checkRootfs(ns.rootfs);
  (ns.mounts ?? []).forEach((m, i) => {
    const at = `namespaces.mounts[${i}]`;
    if (!path.isAbsolute(m.source)) throw invalidArgument(`${at}.source: ${JSON.stringify(m.source)} must be an absolute path`);
    if (!fs.existsSync(m.source)) throw invalidArgument(`${at}.source: ${m.source} does not exist`);
    checkTarget(m.target, plan.rootfs, `${at}.target`);
    plan.binds.push({ source: m.source, target: path.posix.normalize(m.target), readOnly: m.readOnly === true });
  });

  if (ns.network?.veth) {
    if (ns.net === false) throw invalidArgument('namespaces.network.veth: a veth pair needs a net namespace, but namespaces.net is false');
    plan.veth = checkVeth(ns.network.veth);
  }
  return plan;
}

function defaultHostname(name: ContainerName): string {
  const host = name.basename.replace(/[^A-Za-z0-9.-]/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 63);
  return host || 'container';
}

function checkRootfs(rootfs: string): string {
  const at = 'namespaces.rootfs';
  if (!path.isAbsolute(rootfs)) throw invalidArgument(`${at}: ${JSON.stringify(rootfs)} must be an absolute path`);
  let st: fs.Stats;
  try {
    st = fs.statSync(rootfs);
  } catch {
    throw invalidArgument(`${at}: ${rootfs} does not exist`, { hint: 'give the directory holding the container\'s root filesystem' });
  }
  if (!st.isDirectory()) throw invalidArgument(`${at}: ${rootfs} is not a directory`);
  const real = fs.realpathSync(rootfs);
  if (real === '/') throw invalidArgument(`${at}: / is the host's root; leave rootfs out to share the host's files`);
  return real;
}

/**
 * A mount target is a path inside the container. The launcher mounts onto `rootfs + target`
 * from the host's view, so a `..` or a symlink on the way could land on a host path: both
 * are refused. Without a rootfs the target is a host path and must already exist.
 */
function checkTarget(target: string, rootfs: string | undefined, at: string): void {
  const parts = target.split('/').filter(Boolean);
  if (parts.includes('..')) throw invalidArgument(`${at}: ${target} leaves the container's root ("..")`);
  if (parts.length === 0) throw invalidArgument(`${at}: ${target} would cover the container's whole root`);
  if (!rootfs) {
    if (!fs.existsSync(target)) throw invalidArgument(`${at}: ${target} does not exist (without a rootfs, targets are host paths)`);
    return;
  }
  let at_ = rootfs;
  for (const part of parts) {
    at_ = path.join(at_, part);
    let st: fs.Stats;
    try {
      st = fs.lstatSync(at_);
    } catch {
      return; // the rest does not exist yet: lmctfy creates it, inside the rootfs
    }
    if (st.isSymbolicLink()) {
      throw invalidArgument(`${at}: ${target} passes through the symlink ${path.relative(rootfs, at_)} in the rootfs, which could point outside it`);
    }
    if (!st.isDirectory() && at_ !== path.join(rootfs, ...parts)) {
      throw invalidArgument(`${at}: ${target}: ${path.relative(rootfs, at_)} is not a directory in the rootfs`);
    }
  }
}

function checkVeth(veth: NonNullable<NetworkSpec['veth']>): NonNullable<NetworkSpec['veth']> {
  const [ip, prefix] = veth.address.split('/');
  const octetsOk = (a: string): boolean => a.split('.').every((o) => Number(o) <= 255);
  if (!octetsOk(ip) || Number(prefix) > 32) throw invalidArgument(`namespaces.network.veth.address: ${veth.address} is not an IPv4 CIDR`);
  if (veth.gateway !== undefined && !octetsOk(veth.gateway)) {
    throw invalidArgument(`namespaces.network.veth.gateway: ${veth.gateway} is not an IPv4 address`);
  }
  return { ...veth };
}

/**
 * Host-side preparation of the rootfs (as host root, before the launcher runs): the mount
 * points /proc, /sys, /dev, /tmp and every bind target. In a user namespace the container's
 * root does not own the rootfs and could not create them itself.
 */
export function prepareRootfs(plan: NamespacePlan): void {
  if (!plan.rootfs) return;
  for (const dir of ['proc', 'sys', 'dev', 'tmp']) fs.mkdirSync(path.join(plan.rootfs, dir), { recursive: true });
  for (const b of plan.binds) {
    const target = path.join(plan.rootfs, b.target);
    if (fs.existsSync(target)) continue;
    if (fs.statSync(b.source).isDirectory()) {
      fs.mkdirSync(target, { recursive: true });
    } else {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, '');
    }
  }
}
