import type { ContainerSpec } from '@lmctfy/core';
import type { CgroupFs } from '../cgroup-fs';
import type { Controller } from '../controller';
import { allRule, formatRule, parseRuleLine } from '../devices/device-rules';
import { V1 } from '../kernel-files';

export const devices: Controller = {
  name: 'devices',
  section: 'devices',
  isSet: (spec) => spec.devices !== undefined,

  apply(io: CgroupFs, dir: string, spec: ContainerSpec): void {
    const rules = spec.devices;
    if (!rules) return;
    // A rule list is the whole policy from allow-all (as the v2 program is): reset first
    // unless the list starts with its own reset. (The kernel refuses resets with EINVAL once
    // the cgroup has children.)
    if (rules[0]?.type !== 'a') io.write(dir, V1.devicesAllow, formatRule(allRule(true)));
    for (const r of rules) io.write(dir, r.allow ? V1.devicesAllow : V1.devicesDeny, formatRule(r));
  },

  stats: () => undefined,

  // devices.list shows "a *:* rwm" for allow-all (hiding any deny exceptions), else the
  // allowed exceptions of deny-all.
  readSpec(io: CgroupFs, dir: string, into: ContainerSpec): void {
    const lines = io.readLines(dir, V1.devicesList);
    if (lines.length === 1 && lines[0] === formatRule(allRule(true))) into.devices = [allRule(true)];
    else into.devices = [allRule(false), ...lines.map((l) => parseRuleLine(l, true))];
  },
};
