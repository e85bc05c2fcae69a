/**
 * The canonical, validated container spec that backends receive. Every field is
 * optional: `undefined` means "leave as is", and a resource is isolated only when its
 * section is present (lmctfy's rule). Unlimited is always the explicit string 'max'.
 * Users write the looser SpecInput (units as strings); normalizeSpec() produces this.
 */
export type Limit = number | 'max';

export interface MemorySpec {
  /** Hard limit in bytes (v1 memory.limit_in_bytes, v2 memory.max). */
  limit?: Limit;
  /** Best-effort protection in bytes (v1 soft limit, v2 memory.low). */
  reservation?: Limit;
  /** Swap allowed on top of `limit`, in bytes (the v2 meaning; v1 writes limit + swap). */
  swap?: Limit;
  /** Throttling threshold in bytes (v2 memory.high only). */
  high?: Limit;
  /** Stall tasks at the limit instead of OOM-killing them (v1 memory.oom_control only). */
  oomKillDisable?: boolean;
  /** On OOM, kill the whole container rather than one task (v2 memory.oom.group only). */
  oomGroup?: boolean;
}

/**
 * lmctfy's scheduling latency classes on a vanilla kernel: 'priority' and 'normal' are
 * siblings with the default weight; a top-level 'best-effort' container is placed under
 * a shared `batch` cgroup of minimal weight, so it only gets CPU nobody else wants.
 */
export type CpuLatency = 'priority' | 'normal' | 'best-effort';

export const CPU_LATENCIES: readonly CpuLatency[] = ['priority', 'normal', 'best-effort'];

export interface CpuSpec {
  /** Relative weight, 1..10000 (v2 cpu.weight; v1 converts to shares). Excludes `shares`. */
  weight?: number;
  /** Relative shares, 2..262144 (v1 cpu.shares; v2 converts to weight). Excludes `weight`. */
  shares?: number;
  /** Hard cap in cores (0.5 = half a CPU), or 'max'. */
  max?: Limit;
  /** CFS period in microseconds used with `max`; default 100000. */
  period?: number;
  /** cpuset CPU list, e.g. "0-3,6". */
  cpus?: string;
  /** cpuset memory-node list, e.g. "0". */
  mems?: string;
  /** Latency class of a top-level container; fixed at create. */
  latency?: CpuLatency;
}

export interface BlkioDeviceSpec {
  /** `MAJ:MIN` or a /dev path (resolved to MAJ:MIN with stat; read back as MAJ:MIN). */
  device: string;
  /** Weight on this device, 1..10000 like `BlkioSpec.weight`. */
  weight?: number;
  /** Bytes per second, or 'max'. */
  readBps?: Limit;
  writeBps?: Limit;
  readIops?: Limit;
  writeIops?: Limit;
}

export interface BlkioSpec {
  /** Default relative IO weight, 1..10000 (v2 io.weight; v1 converts to 10..1000). */
  weight?: number;
  devices?: BlkioDeviceSpec[];
}

export interface PidsSpec {
  /** Maximum number of tasks, or 'max'. */
  max?: Limit;
}

export interface HugetlbLimit {
  /** Page size as the kernel names it: "2MB", "1GB". */
  pageSize: string;
  limit: Limit;
}

/**
 * One device access rule (`c 1:3 rwm`). A list is applied in order from "allow all"; a
 * later rule wins over an earlier one, and a type 'a' rule (all devices, `*:*`, `rwm`)
 * resets the policy to allow-all or deny-all, as writing `a` to v1 devices.allow/deny does.
 */
export interface DeviceRule {
  allow: boolean;
  /** 'a' all, 'b' block, 'c' char. */
  type: 'a' | 'b' | 'c';
  major?: number | '*';
  minor?: number | '*';
  /** Any of r, w, m. */
  access: string;
}

export interface IdMapping {
  containerId: number;
  hostId: number;
  size: number;
}

export interface MountSpec {
  source: string;
  /** Absolute path inside the container. */
  target: string;
  readOnly?: boolean;
}

export interface NamespacesSpec {
  pid?: boolean;
  mount?: boolean;
  uts?: boolean;
  ipc?: boolean;
  net?: boolean;
  cgroup?: boolean;
  user?: boolean;
  hostname?: string;
  rootfs?: string;
  mounts?: MountSpec[];
  uidMappings?: IdMapping[];
  gidMappings?: IdMapping[];
  /** Network of the net namespace beyond loopback (which is always up). */
  network?: NetworkSpec;
}

export interface NetworkSpec {
  /** A veth pair: one end (eth0) in the container, the other on a host bridge. */
  veth?: {
    /** Host bridge the host end joins, e.g. "lmbr0" (it must exist). */
    bridge: string;
    /** The container's address, CIDR, e.g. "10.0.3.2/24". */
    address: string;
    /** Default route inside the container. */
    gateway?: string;
    /** Name of the host end (default: derived from the container name). */
    hostInterface?: string;
  };
}

export interface ProcessUser {
  uid: number;
  gid: number;
  additionalGids?: number[];
}

export interface ProcessSpec {
  /** argv; args[0] is looked up in PATH when it has no '/'. */
  args: string[];
  /** Extra environment; merged over the caller's environment. */
  env?: Record<string, string>;
  cwd?: string;
  user?: ProcessUser;
}

export interface ContainerSpec {
  memory?: MemorySpec;
  cpu?: CpuSpec;
  blkio?: BlkioSpec;
  pids?: PidsSpec;
  hugetlb?: HugetlbLimit[];
  devices?: DeviceRule[];
  namespaces?: NamespacesSpec;
  process?: ProcessSpec;
}

/** The resource sections, in the order backends apply them. */
export const RESOURCE_SECTIONS = ['cpu', 'memory', 'blkio', 'pids', 'hugetlb', 'devices'] as const;
export type ResourceSection = (typeof RESOURCE_SECTIONS)[number];

export const NAMESPACE_KINDS = ['pid', 'mount', 'uts', 'ipc', 'net', 'cgroup', 'user'] as const;
export type NamespaceKind = (typeof NAMESPACE_KINDS)[number];
