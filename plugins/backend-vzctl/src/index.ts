/** @lmctfy/backend-vzctl: lmctfy containers as OpenVZ containers, driven through vzctl 4.x. */
export { VzctlBackend } from './vzctl-backend';
export { CommandRunner } from './command-runner';
export type { StartOptions, Started } from './command-runner';
export * from './vzctl-args';
export { VZCTL_EXIT_CODES, vzctlError } from './vzctl-errors';
export type { CommandResult } from './vzctl-errors';
export { readVzOptions } from './vz-options';
export type { VzOptions } from './vz-options';
export { probeVz, VZ_CAPABILITIES, findExecutable } from './vz-probe';
export { VzHost, isUnlimited } from './vz-host';
export type { VzCt, VzUb } from './vz-host';
export { specFromVzlist, statsFromVzlist, READBACK_FIELDS } from './vz-readback';
export { default as backendVzctlModule } from './backend-vzctl-module';
