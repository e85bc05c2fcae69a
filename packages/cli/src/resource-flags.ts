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
  backend: Flags.string({ description: 'Backend to create the container with (default from config).', helpValue: 'NAME' }),
  spec: Flags.string({ char: 'c', description: 'Spec file (JSON or YAML); flags override its fields.', helpValue: 'FILE' }),
};
