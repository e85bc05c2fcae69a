import * as fs from 'node:fs';
import type { DeviceRule } from '@lmctfy/core';
import {
  PROGRAM_NAME,
  attachDeviceProgram,
  attachedDevicePrograms,
  detachDeviceProgram,
  loadDeviceProgram,
  openCgroup,
  programFdById,
  programInfo,
} from './bpf';
import { assembleDeviceFilter, disassembleDeviceFilter } from './device-filter';
import { devicePolicy, policyRules } from './device-rules';

function withFd<T>(fd: number, fn: (fd: number) => T): T {
  try {
    return fn(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** The lmctfy device programs attached to the cgroup itself: id and xlated instructions. */
function ownPrograms(cgroupFd: number): Array<{ id: number; insns: Buffer }> {
  return attachedDevicePrograms(cgroupFd).flatMap((id) =>
    withFd(programFdById(id), (progFd) => {
      const info = programInfo(progFd);
      return info.name === PROGRAM_NAME ? [{ id, insns: info.insns }] : [];
    }),
  );
}

/**
 * cgroup v2 device policy (runc/crun style): load the program for `rules`, attach it with
 * BPF_F_ALLOW_MULTI, then detach the lmctfy programs it replaces, so the cgroup is never
 * without a policy. The kernel keeps an attached program alive after its fd is closed.
 */
export function setDeviceRules(dir: string, rules: readonly DeviceRule[]): void {
  withFd(openCgroup(dir), (cgroupFd) => {
    const old = ownPrograms(cgroupFd);
    withFd(loadDeviceProgram(assembleDeviceFilter(devicePolicy(rules))), (progFd) => attachDeviceProgram(cgroupFd, progFd));
    for (const { id } of old) withFd(programFdById(id), (progFd) => detachDeviceProgram(cgroupFd, progFd));
  });
}

/** The rules of the lmctfy program attached to `dir`, or undefined when there is none. */
export function readDeviceRules(dir: string): DeviceRule[] | undefined {
  const own = withFd(openCgroup(dir), ownPrograms);
  return own.length === 0 ? undefined : policyRules(disassembleDeviceFilter(own[own.length - 1].insns));
}
