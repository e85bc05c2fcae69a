import { Flags } from '@oclif/core';

/** Resource flags shared by `create` and `run --rm`; mapped by spec-from-flags.ts. */
export const resourceFlags = {
  memory: Flags.string({ description: 'Memory limit, e.g. 512M or max.', helpValue: 'SIZE', helpGroup: 'RESOURCE' }),
  'memory-reservation': Flags.string({
    description: 'Memory kept for the container under pressure (v2 memory.low).',
    helpValue: 'SIZE',
    helpGroup: 'RESOURCE',
  }),
  swap: Flags.string({ description: 'Swap allowed on top of --memory.', helpValue: 'SIZE', helpGroup: 'RESOURCE' }),
  'memory-high': Flags.string({
    description: 'Memory throttling threshold (cgroup v2 memory.high).',
    helpValue: 'SIZE',
    helpGroup: 'RESOURCE',
  }),
  cpu: Flags.string({
    description: 'CPU cap in cores: 0.5, 2, 500m (milli-CPUs) or max.',
    helpValue: 'CORES',
    helpGroup: 'RESOURCE',
  }),
  'cpu-weight': Flags.string({ description: 'Relative CPU weight, 1-10000.', helpValue: 'N', helpGroup: 'RESOURCE' }),
  'cpu-shares': Flags.string({ description: 'Relative CPU shares, 2-262144 (v1 style).', helpValue: 'N', helpGroup: 'RESOURCE' }),
  cpuset: Flags.string({ description: 'CPUs the container may use, e.g. 0-3,6.', helpValue: 'LIST', helpGroup: 'RESOURCE' }),
  'cpuset-mems': Flags.string({ description: 'Memory nodes the container may use, e.g. 0.', helpValue: 'LIST', helpGroup: 'RESOURCE' }),
  pids: Flags.string({ description: 'Maximum number of processes, or max.', helpValue: 'N', helpGroup: 'RESOURCE' }),
  'oom-kill-disable': Flags.boolean({
    description: 'Stall tasks at the memory limit instead of OOM-killing them (cgroup v1).',
    allowNo: true,
    helpGroup: 'RESOURCE',
  }),
  'oom-group': Flags.boolean({
    description: 'On OOM, kill the whole container rather than one task (cgroup v2 memory.oom.group).',
    allowNo: true,
    helpGroup: 'RESOURCE',
  }),
  'cpu-latency': Flags.string({
    description: 'Latency class of a top-level container; best-effort shares a minimal-weight batch cgroup.',
    options: ['priority', 'normal', 'best-effort'],
    helpGroup: 'RESOURCE',
  }),
  'blkio-weight': Flags.string({ description: 'Relative IO weight, 1-10000.', helpValue: 'N', helpGroup: 'RESOURCE' }),
  'blkio-weight-device': Flags.string({
    description: 'IO weight on one device (MAJ:MIN or /dev path); repeatable.',
    helpValue: 'DEV:N',
    multiple: true,
    helpGroup: 'RESOURCE',
  }),
  'device-read-bps': Flags.string({ description: 'Read bytes/s limit on a device, e.g. /dev/sda:10M; repeatable.', helpValue: 'DEV:RATE', multiple: true, helpGroup: 'RESOURCE' }),
  'device-write-bps': Flags.string({ description: 'Write bytes/s limit on a device; repeatable.', helpValue: 'DEV:RATE', multiple: true, helpGroup: 'RESOURCE' }),
  'device-read-iops': Flags.string({ description: 'Read operations/s limit on a device; repeatable.', helpValue: 'DEV:N', multiple: true, helpGroup: 'RESOURCE' }),
  'device-write-iops': Flags.string({ description: 'Write operations/s limit on a device; repeatable.', helpValue: 'DEV:N', multiple: true, helpGroup: 'RESOURCE' }),
  hugetlb: Flags.string({ description: 'Huge page limit per page size, e.g. 2MB:1G; repeatable.', helpValue: 'SIZE:LIMIT', multiple: true, helpGroup: 'RESOURCE' }),
  'device-deny': Flags.string({
    description: "Deny device access, e.g. 'a' or 'c 1:3 rwm'; repeatable. Denies apply before allows.",
    helpValue: 'RULE',
    multiple: true,
    helpGroup: 'RESOURCE',
  }),
  'device-allow': Flags.string({ description: "Allow device access, e.g. 'c 1:3 rwm'; repeatable.", helpValue: 'RULE', multiple: true, helpGroup: 'RESOURCE' }),
  backend: Flags.string({ description: 'Backend to create the container with (default from config).', helpValue: 'NAME' }),
  spec: Flags.string({ char: 'c', description: 'Spec file (JSON or YAML); flags override its fields.', helpValue: 'FILE' }),
};
