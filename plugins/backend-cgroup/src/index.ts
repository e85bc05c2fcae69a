/** @lmctfy/backend-cgroup: lmctfy's "cgroups only" backend (cgroup v1, hybrid and v2). */
export { CgroupBackend } from './cgroup-backend';
export { CgroupResources } from './cgroup-resources';
export { updateCgroups } from './cgroup-update';
export { cgroupEvents, watchCgroup } from './cgroup-watch';
export { ProcessLauncher, JoinError, JOIN_SCRIPT, JOIN_FAILED_EXIT } from './process-launcher';
export { CgroupFs, DEFAULT_MOUNT_POINT } from './cgroup-fs';
export { createCgroupDriver } from './cgroup-driver';
export type { CgroupDriver } from './cgroup-driver';
export type { Controller, FreezerOps } from './controller';
export { detectCgroupMode, parseV1Mounts, readCgroupOptions } from './detect-cgroup-mode';
export type { CgroupMode, CgroupOptions } from './detect-cgroup-mode';
export { containerFromProcCgroup } from './proc-cgroup';
export * as conversions from './conversions';
export { default as backendCgroupModule } from './backend-cgroup-module';
