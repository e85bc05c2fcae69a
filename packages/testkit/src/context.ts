import {
  ContainerName,
  type Backend,
  type BackendCapabilities,
  type ResourceSection,
} from '@lmctfy/core';
import { isDead, spawnOwned, uniqueName, waitFor, withTimeout, type OwnedProcess } from './helpers';

export interface BackendContractOptions {
  /**
   * Resource sections the suite must exercise (create with limits, read them back with
   * spec() and stats()). Each must be listed in probe().capabilities.resources. Default:
   * whichever of memory, cpu and pids the backend lists.
   */
  resources?: ResourceSection[];
  /** Prefix of the container names the suite creates (default "contract"). */
  namePrefix?: string;
  /** Per-check jest timeout in ms (default 30000). */
  timeoutMs?: number;
}

/** The sections whose limits the suite knows how to set and read back. */
export const EXERCISED_SECTIONS: readonly ResourceSection[] = ['memory', 'cpu', 'pids'];

/** What one contract check gets: the backend, and bookkeeping that undoes whatever it did. */
export interface ContractContext {
  readonly backend: Backend;
  readonly capabilities: BackendCapabilities;
  /** Sections to exercise: the requested (or default) ones the suite knows how to check. */
  readonly resources: readonly ResourceSection[];
  /** The sections the caller asked for explicitly (undefined: defaults). */
  readonly requestedResources?: readonly ResourceSection[];
  /** A fresh, unique top-level name, remembered for cleanup. */
  name(): ContainerName;
  /** Remembers a (child) name for cleanup; returns it. */
  track(name: ContainerName): ContainerName;
  /** Remembers a pid the backend started, so cleanup can make sure it is dead. */
  trackPid(pid: number): number;
  /** Starts a process the test owns and reaps (killed by cleanup if still running). */
  spawn(args: string[]): Promise<OwnedProcess>;
  /** Force-destroys every tracked container (deepest first) and kills leftover processes. */
  cleanup(): Promise<void>;
}

/**
 * Probes the backend (which must be available) and returns a context whose cleanup()
 * removes whatever the check created, even when the check failed half-way.
 */
export async function createContractContext(
  backend: Backend,
  options: BackendContractOptions = {},
): Promise<ContractContext> {
  const probe = await backend.probe();
  if (!probe.available) {
    throw new Error(`backend ${backend.name} is unavailable: ${probe.reason}`);
  }
  const capabilities = probe.capabilities;
  const wanted = options.resources ?? EXERCISED_SECTIONS;
  const resources = wanted.filter(
    (r) => EXERCISED_SECTIONS.includes(r) && capabilities.resources?.includes(r),
  );
  const names: ContainerName[] = [];
  const pids = new Set<number>();
  const owned: OwnedProcess[] = [];
  const prefix = options.namePrefix ?? 'contract';

  const ctx: ContractContext = {
    backend,
    capabilities,
    resources,
    requestedResources: options.resources,
    name: () => ctx.track(ContainerName.parse(uniqueName(prefix))),
    track: (name) => {
      if (!names.some((n) => n.equals(name))) names.push(name);
      return name;
    },
    trackPid: (pid) => {
      pids.add(pid);
      return pid;
    },
    spawn: async (args) => {
      const p = await spawnOwned(args);
      owned.push(p);
      return p;
    },
    cleanup: async () => {
      const problems: string[] = [];
      const deepestFirst = names.splice(0).sort((a, b) => b.components.length - a.components.length);
      for (const name of deepestFirst) {
        try {
          if (!(await backend.exists(name))) continue;
          await backend.resume(name).catch(() => undefined); // a frozen task cannot die
          await backend.destroy(name, { force: true });
        } catch (e) {
          problems.push(`destroy --force ${name}: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      for (const pid of [...pids]) {
        const died = await waitFor(() => isDead(pid), 2000, `death of pid ${pid}`).then(() => true, () => false);
        if (died) continue;
        for (const sig of ['SIGCONT', 'SIGKILL'] as const) {
          try {
            process.kill(pid, sig);
          } catch {
            /* already gone */
          }
        }
        problems.push(`pid ${pid} was still running after its container was destroyed`);
      }
      pids.clear();
      for (const p of owned.splice(0)) {
        if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
        await withTimeout(p.exited, 5000, `exit of pid ${p.pid}`).catch((e: Error) => problems.push(e.message));
      }
      if (problems.length) throw new Error(`contract cleanup:\n  ${problems.join('\n  ')}`);
    },
  };
  return ctx;
}

