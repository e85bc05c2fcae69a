import { invalidArgument } from '@lmctfy/core';
import type { LmctfyConfig } from '@lmctfy/core';

/** `backends.vzctl` in the lmctfy config. */
export interface VzOptions {
  /** The vzctl binary (default: `vzctl` from PATH). */
  vzctl: string;
  /** The vzlist binary (default: `vzlist` from PATH). */
  vzlist: string;
  /** The vzpid script (default: `vzpid` from PATH): which CT a host pid is in. */
  vzpid: string;
  /** OS template for `vzctl create --ostemplate` (required to create). */
  ostemplate?: string;
  /** Sample config for `vzctl create --config` (optional). */
  config?: string;
  /** vzctl's configuration directory (default /etc/vz): conf/CTID.conf and names/<name>. */
  vzDir: string;
  /** The OpenVZ kernel's proc directory (default /proc/vz): its presence marks an OpenVZ kernel. */
  procVz: string;
  /** Where host processes are listed (default /proc). */
  procDir: string;
}

const KEYS = ['vzctl', 'vzlist', 'vzpid', 'ostemplate', 'config', 'vzDir', 'procVz', 'procDir'] as const;

/** Reads and checks `backends.vzctl`; unknown keys and non-strings are INVALID_ARGUMENT. */
export function readVzOptions(config: Pick<LmctfyConfig, 'backends'>): VzOptions {
  const raw = config.backends?.vzctl ?? {};
  for (const [key, value] of Object.entries(raw)) {
    if (!(KEYS as readonly string[]).includes(key)) {
      throw invalidArgument(`backends.vzctl.${key}: unknown option (known: ${KEYS.join(', ')})`);
    }
    if (typeof value !== 'string' || value === '') throw invalidArgument(`backends.vzctl.${key}: expected a non-empty string`);
  }
  const get = (k: (typeof KEYS)[number]): string | undefined => raw[k] as string | undefined;
  return {
    vzctl: get('vzctl') ?? 'vzctl',
    vzlist: get('vzlist') ?? 'vzlist',
    vzpid: get('vzpid') ?? 'vzpid',
    ostemplate: get('ostemplate'),
    config: get('config'),
    vzDir: get('vzDir') ?? '/etc/vz',
    procVz: get('procVz') ?? '/proc/vz',
    procDir: get('procDir') ?? '/proc',
  };
}
