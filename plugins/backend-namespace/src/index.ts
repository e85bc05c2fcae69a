/** @lmctfy/backend-namespace: containers with their own pid/mount/uts/ipc/net/cgroup/user namespaces. */
export { NamespaceBackend } from './namespace-backend';
export { Launcher, LAUNCHER_NAME, launcherCandidates } from './launcher';
export { initArgs, joinArgs, READY_FD, LAUNCHER_FAILED_EXIT } from './launcher-args';
export { InitStore, startTime } from './init-store';
export type { InitRecord } from './init-store';
export { planNamespaces, prepareRootfs } from './namespace-plan';
export type { NamespacePlan } from './namespace-plan';
export { checkIdMappings } from './id-mappings';
export { DEFAULT_CAPABILITIES, MASKED_PATHS, READONLY_PATHS, capabilityMask } from './hardening';
export { NAMESPACE_CGROUPS, NAMESPACE_CGROUP_OPS } from './tokens';
export { default as backendNamespaceModule } from './backend-namespace-module';
