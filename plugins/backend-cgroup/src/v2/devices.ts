import { ErrorCode, LmctfyError, isLmctfyError } from '@lmctfy/core';
import type { ContainerSpec } from '@lmctfy/core';
import type { CgroupFs } from '../cgroup-fs';
import type { Controller } from '../controller';
import { errnoOf } from '../wait';

/** Names the section in bpf errors; a kernel without cgroup BPF is UNAVAILABLE, not a bug. */
function devicesError(e: unknown, what: string): LmctfyError {
  const errno = errnoOf(e);
  const missing = errno === 'ENOSYS' || errno === 'EOPNOTSUPP' || errno === 'EINVAL';
  const code = missing ? ErrorCode.Unavailable : isLmctfyError(e) ? e.code : ErrorCode.Internal;
  const why = missing ? ' (this kernel cannot attach BPF_PROG_TYPE_CGROUP_DEVICE programs: CONFIG_CGROUP_BPF)' : '';
  return new LmctfyError(code, `devices: cannot ${what}: ${(e as Error).message}${why}`, { cause: e });
}

/**
 * cgroup v2 has no devices controller and no file: access is decided by a
 * BPF_PROG_TYPE_CGROUP_DEVICE program attached to the cgroup (see devices/device-filter.ts).
 */
export const devices: Controller = {
  name: 'devices',
  section: 'devices',
  builtin: true,
  isSet: (spec) => spec.devices !== undefined,

  apply(io: CgroupFs, dir: string, spec: ContainerSpec): void {
    if (spec.devices === undefined) return;
    try {
      io.setDeviceRules(dir, spec.devices);
    } catch (e) {
      throw devicesError(e, 'attach the device program');
    }
  },

  stats: () => undefined,

  readSpec(io: CgroupFs, dir: string, into: ContainerSpec): void {
    let rules;
    try {
      rules = io.readDeviceRules(dir);
    } catch (e) {
      throw devicesError(e, 'read the device program back');
    }
    if (rules) into.devices = rules;
  },
};
