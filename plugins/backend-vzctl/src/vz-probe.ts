import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BackendCapabilities, ProbeResult } from '@lmctfy/core';
import type { VzOptions } from './vz-options';

/**
 * What an OpenVZ container gives every process in it. Resource sections vzctl can set;
 * hugetlb and devices are absent, so core refuses them (code 12) before we are called.
 * cgroup namespaces do not exist in OpenVZ 4.x kernels (2.6.32-based).
 */
export const VZ_CAPABILITIES: BackendCapabilities = {
  resources: ['cpu', 'memory', 'blkio', 'pids'],
  namespaces: ['pid', 'mount', 'uts', 'ipc', 'net', 'user'],
  exec: false,
  events: [], // vzctl offers no notifications to watch
};

/** `name` as execvp would find it: a path when it has a '/', else the first executable in PATH. */
export function findExecutable(name: string, pathEnv = process.env.PATH ?? ''): string | undefined {
  const candidates = name.includes('/') ? [name] : pathEnv.split(':').map((dir) => path.join(dir || '.', name));
  return candidates.find((file) => {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  });
}

/** Available when vzctl, vzlist and vzpid are found and the kernel is OpenVZ (procVz exists). */
export function probeVz(options: VzOptions): ProbeResult {
  const tools: Record<string, string> = {};
  for (const key of ['vzctl', 'vzlist', 'vzpid'] as const) {
    const found = findExecutable(options[key]);
    if (!found) {
      return {
        available: false,
        reason: `${options[key]} not found${options[key].includes('/') ? '' : ' in PATH'}`,
        hint: `install vzctl (OpenVZ 4.x), or point backends.vzctl.${key} at it`,
      };
    }
    tools[key] = found;
  }
  if (!fs.existsSync(options.procVz)) {
    return {
      available: false,
      reason: `${options.procVz} does not exist: the running kernel is not an OpenVZ kernel`,
      hint: 'boot an OpenVZ (vzkernel) kernel',
    };
  }
  return { available: true, capabilities: { ...VZ_CAPABILITIES, details: { ...tools, procVz: options.procVz } } };
}
