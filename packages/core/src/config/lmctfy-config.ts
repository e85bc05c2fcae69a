/** lmctfy's configuration after loading, merging and defaulting (see load-config.ts). */
export interface LmctfyConfig {
  /** Backend used when a command names none. */
  defaultBackend: string;
  /** The cgroup (relative to each hierarchy's mount point) under which containers live. */
  cgroupRoot: string;
  /** Where records of which backend owns which container are kept. */
  stateDir: string;
  /** Extra plugin packages or paths to load, besides installed packages that declare themselves. */
  plugins: string[];
  /** Per-backend options, keyed by backend name, e.g. { cgroup: { mountPoint: '/sys/fs/cgroup' } }. */
  backends: Record<string, Record<string, unknown>>;
  /** The file the config came from, when there was one. */
  filepath?: string;
}

/** Service identifier under which the loaded config is bound for plugins. */
export const LmctfyConfig: unique symbol = Symbol.for('@lmctfy/core:LmctfyConfig');

export const DEFAULT_CONFIG: Readonly<LmctfyConfig> = Object.freeze({
  defaultBackend: 'cgroup',
  cgroupRoot: 'lmctfy',
  stateDir: '/run/lmctfy',
  plugins: [],
  backends: {},
});
