/**
 * Shared set-up of the kernel tests: a backend on this host's real cgroups under a cgroup
 * root unique to the test file, removed afterwards even when tests fail. Kernel tests FAIL
 * (never skip) when they cannot run: not root, or the backend probes unavailable.
 */
import { DEFAULT_CONFIG } from '@lmctfy/core';
import type { LmctfyConfig } from '@lmctfy/core';
import { CgroupBackend } from '../src/cgroup-backend';
import { CgroupResources } from '../src/cgroup-resources';
import { ProcessLauncher } from '../src/process-launcher';
import { cgroupDirsOf, removeCgroupRoot } from '../../../test/helpers/cgroups';

export interface KernelBackend {
  backend: CgroupBackend;
  resources: CgroupResources;
  cgroupRoot: string;
  /** `<hierarchy>/<cgroupRoot>/<rel>` directories that exist, in any hierarchy. */
  dirsOf(rel: string): string[];
  cleanup(): Promise<void>;
}

export async function kernelBackend(tag: string): Promise<KernelBackend> {
  if (process.getuid?.() !== 0) {
    throw new Error(`cgroup kernel tests need root (uid ${process.getuid?.()}); run them as root on a host with cgroups`);
  }
  const cgroupRoot = `lmctfy-test-${tag}-${process.pid}`;
  const config: LmctfyConfig = { ...DEFAULT_CONFIG, cgroupRoot };
  const resources = new CgroupResources(config);
  const backend = new CgroupBackend(resources, new ProcessLauncher());
  const probe = await backend.probe();
  if (!probe.available) throw new Error(`the cgroup backend is unavailable on this host: ${probe.reason}`);
  return {
    backend,
    resources,
    cgroupRoot,
    dirsOf: (rel) => cgroupDirsOf(rel ? `${cgroupRoot}/${rel}` : cgroupRoot),
    cleanup: async () => {
      const left = await removeCgroupRoot(cgroupRoot);
      if (left.length > 0) throw new Error(`cgroups left behind: ${left.join(', ')}`);
    },
  };
}

export { isDead } from '@lmctfy/testkit';

/** The cgroup mode the backend runs in on this host: kernel tests assert per mode, never skip. */
export async function cgroupMode(k: KernelBackend): Promise<'v1' | 'v2' | 'hybrid'> {
  return (await k.backend.probe()).capabilities?.details?.cgroup as 'v1' | 'v2' | 'hybrid';
}
