/**
 * The spec as users write it (JSON/YAML file, inline JSON, or built from CLI flags):
 * sizes and CPU amounts may be strings with units ("512M", "500m"). Its JSON Schema is
 * config/schemas/container-spec.schema.json; normalizeSpec() turns it into ContainerSpec.
 */
import type { CpuLatency, DeviceRule, NamespacesSpec, ProcessUser } from './container-spec';

export type SizeInput = number | string;

export interface SpecInput {
  memory?: {
    limit?: SizeInput;
    reservation?: SizeInput;
    swap?: SizeInput;
    high?: SizeInput;
    oomKillDisable?: boolean;
    oomGroup?: boolean;
  };
  cpu?: {
    weight?: number | string;
    shares?: number | string;
    max?: number | string;
    period?: number | string;
    cpus?: string;
    mems?: string;
    latency?: CpuLatency;
  };
  blkio?: {
    weight?: number | string;
    devices?: Array<{
      device: string;
      weight?: number | string;
      readBps?: SizeInput;
      writeBps?: SizeInput;
      readIops?: number | string;
      writeIops?: number | string;
    }>;
  };
  pids?: { max?: number | string };
  hugetlb?: Array<{ pageSize: string; limit: SizeInput }>;
  devices?: Array<Omit<DeviceRule, 'major' | 'minor'> & { major?: number | '*'; minor?: number | '*' }>;
  namespaces?: NamespacesSpec;
  process?: {
    args?: string[];
    env?: Record<string, string>;
    cwd?: string;
    user?: ProcessUser;
  };
}
