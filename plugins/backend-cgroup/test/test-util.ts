/** Helpers shared by the unit tests of the backend. */
import { ContainerName, ErrorCode } from '@lmctfy/core';
import { CgroupBackend } from '../src/cgroup-backend';
import { CgroupResources } from '../src/cgroup-resources';
import { ProcessLauncher } from '../src/process-launcher';
import type { FakeHost } from './fake-cgroupfs';

export const n = (s: string): ContainerName => ContainerName.parse(s);
export const MiB = 1 << 20;

/** The code of the LmctfyError `p` rejects with, or undefined when it resolves. */
export { codeOf } from '@lmctfy/testkit';

export function backendOn(host: FakeHost): { backend: CgroupBackend; resources: CgroupResources } {
  const resources = new CgroupResources(host.config, host.io);
  return { backend: new CgroupBackend(resources, new ProcessLauncher()), resources };
}
