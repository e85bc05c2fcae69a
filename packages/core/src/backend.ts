import type { ErrorCode } from './errors';
import type { ContainerName } from './names';
import type { ContainerSpec, NamespaceKind, ProcessSpec, ResourceSection } from './spec/container-spec';
import type { ContainerStats } from './stats';

/** What a backend can do on this host, as data (lmctfy's "capability detection is data"). */
export interface BackendCapabilities {
  /** Spec resource sections the backend applies; any other present section is refused. */
  resources: ResourceSection[];
  /** Namespaces it can create; a spec asking for others is refused. */
  namespaces: NamespaceKind[];
  /** Whether run() supports mode 'exec' (replace the calling process). */
  exec: boolean;
  /** Events watch() can deliver on this host; [] when the backend has no notifications. */
  events: EventType[];
  /** Free-form facts worth showing in `lmctfy backends`, e.g. { cgroup: 'v1' }. */
  details?: Record<string, string>;
}

export type ProbeResult =
  | { available: true; capabilities: BackendCapabilities }
  | {
      available: false;
      reason: string;
      /** The canonical code for using it anyway: PERMISSION_DENIED (7) or UNAVAILABLE (14, the default). */
      code?: ErrorCode;
      /** What would make it available, e.g. "run as root". */
      hint?: string;
      capabilities?: BackendCapabilities;
    };

/**
 * How run() starts the process:
 * - 'foreground': start it, wait, and resolve with how it ended;
 * - 'detached': start it in a new session with stdio on /dev/null, resolve with its pid;
 * - 'exec': make the calling process join the container and execve() the payload; it
 *   never resolves on success (used by the CLI so exit codes and signals pass through).
 */
export type RunMode = 'foreground' | 'detached' | 'exec';

export interface RunOptions {
  mode: RunMode;
  /** Called with the pid as soon as the process has started (e.g. to forward signals to it). */
  onStart?: (pid: number) => void;
}

export interface RunResult {
  pid: number;
  /** Set when the process exited (foreground). */
  exitCode?: number;
  /** Set when the process was killed by a signal (foreground), e.g. 'SIGKILL'. */
  signal?: NodeJS.Signals;
}

export interface DestroyOptions {
  /** Kill processes and remove children instead of refusing (FAILED_PRECONDITION). */
  force?: boolean;
}

export interface ListOptions {
  recursive?: boolean;
}

/**
 * How update() treats fields the spec leaves unset (lmctfy's UPDATE_DIFF / UPDATE_REPLACE):
 * - 'diff': they keep their current values;
 * - 'replace': they go back to their defaults. ContainerApi already filled those defaults
 *   in (see spec/expand-update.ts), so a backend applies the spec it gets the same way for
 *   both policies; the policy is passed for backends whose tool distinguishes the two.
 */
export type UpdatePolicy = 'diff' | 'replace';

export type EventType = 'oom' | 'memory-threshold' | 'empty';

/** What to watch for (lmctfy's EventSpec); exactly one event per watch. */
export type EventSpec =
  /** A process of the container was OOM-killed (or, with the OOM killer off, the container hit OOM). */
  | { type: 'oom' }
  /** Memory usage is at or above `bytes`; it fires again only after usage fell below. */
  | { type: 'memory-threshold'; bytes: number }
  /** No process is left in the container or its descendants; it fires again only after it was repopulated. */
  | { type: 'empty' };

export interface ContainerEvent {
  type: EventType;
  /** Canonical container name, e.g. "/batch1". */
  container: string;
  /** When the backend noticed it (ISO 8601). */
  time: string;
  /** oom: the container's OOM-kill counter after the event. */
  oomKills?: number;
  /** memory-threshold: the usage seen, and the threshold, in bytes. */
  usage?: number;
  threshold?: number;
}

export interface WatchOptions {
  /** Aborting ends the iteration normally (done) and releases what the watch holds. */
  signal?: AbortSignal;
}

/**
 * The contract every backend implements. Names are already validated; specs are already
 * normalized and checked against probe().capabilities. Methods throw LmctfyError with a
 * canonical code (NOT_FOUND for a missing container, and so on).
 */
export interface Backend {
  /** The name the backend is bound under, e.g. 'cgroup'. */
  readonly name: string;
  /** Never throws: an unusable backend answers { available: false, reason }. */
  probe(): Promise<ProbeResult>;
  /** Creates the container and applies the spec's resources; leaves nothing behind on failure. */
  create(name: ContainerName, spec: ContainerSpec): Promise<void>;
  /**
   * Optional fast path for one-shot jobs: creates the container, runs `process` in the
   * foreground as its first process, and removes the container, leaving nothing behind even
   * on failure. It resolves like run() in 'foreground' mode. Backends without a faster way
   * leave it out, and ContainerApi composes create/run/destroy.
   */
  runOnce?(name: ContainerName, spec: ContainerSpec, process: ProcessSpec, options: Pick<RunOptions, 'onStart'>): Promise<RunResult>;
  /** Removes the container; refuses one with processes or children unless `force`. */
  destroy(name: ContainerName, options?: DestroyOptions): Promise<void>;
  /** Starts `process` inside the container, which it joins before its first instruction. */
  run(name: ContainerName, process: ProcessSpec, options: RunOptions): Promise<RunResult>;
  /** Moves existing processes into the container. */
  enter(name: ContainerName, pids: number[]): Promise<void>;
  /** Child containers, sorted by name (recursive: the whole subtree, parents first). */
  listContainers(name: ContainerName, options?: ListOptions): Promise<ContainerName[]>;
  /** Process ids in the container (recursive: and in its descendants), sorted. */
  listPids(name: ContainerName, options?: ListOptions): Promise<number[]>;
  stats(name: ContainerName): Promise<ContainerStats>;
  /** The effective spec, read back from the kernel. */
  spec(name: ContainerName): Promise<ContainerSpec>;
  /** Freezes the container and its descendants. */
  pause(name: ContainerName): Promise<void>;
  resume(name: ContainerName): Promise<void>;
  /** Kills every process in the container and its descendants; fails if any survive. */
  killAll(name: ContainerName): Promise<void>;
  /** The container `pid` belongs to, or the root name when it is outside lmctfy's tree. */
  detect(pid: number): Promise<ContainerName>;
  /** Whether the kernel objects of the container exist. */
  exists(name: ContainerName): Promise<boolean>;
  /**
   * Changes the resources of an existing container. `spec` holds only resource sections the
   * container already isolates, with REPLACE defaults already filled in (see UpdatePolicy);
   * undefined fields are left as they are. Writes are ordered so the kernel accepts them
   * (e.g. raising v1 memory: memsw before the limit).
   */
  update(name: ContainerName, spec: ContainerSpec, policy: UpdatePolicy): Promise<void>;
  /**
   * Delivers `event` each time it happens, until the caller stops iterating (break,
   * return() or options.signal). It must not block the event loop while waiting, and
   * must release every fd and timer when the iteration ends. It throws NOT_FOUND when the
   * container does not exist or is destroyed while watched, and UNIMPLEMENTED for an
   * event missing from probe().capabilities.events. Errors surface on the first next().
   */
  watch(name: ContainerName, event: EventSpec, options?: WatchOptions): AsyncIterable<ContainerEvent>;
}

/** The inversify service identifier; backends are bound `whenNamed(<backend name>)`. */
export const Backend: unique symbol = Symbol.for('@lmctfy/core:Backend');
