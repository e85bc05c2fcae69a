/**
 * How a package declares itself as an lmctfy plugin, in its package.json:
 *
 *   "lmctfy": { "backends": ["cgroup"], "module": "dist/backend-cgroup-module.js" }
 *
 * `module` is relative to the package root and default-exports one ContainerModule
 * (from @lmctfy/core) that binds Backend `whenNamed` each listed backend name.
 */
export interface PluginDescriptor {
  backends: string[];
  module: string;
}

/** A plugin found on disk, before its module is loaded. */
export interface DiscoveredPlugin {
  /** Package name, e.g. "@lmctfy/backend-cgroup". */
  packageName: string;
  /** Absolute path of the package directory. */
  packageDir: string;
  descriptor: PluginDescriptor;
}
