import { join } from 'node:path';
import { Backend } from '../backend';
import type { LmctfyConfig } from '../config/lmctfy-config';
import { LmctfyConfig as LmctfyConfigToken } from '../config/lmctfy-config';
import { Container, ContainerModule } from '../di';
import { invalidArgument, unavailable } from '../errors';
import { discoverPlugins, type DiscoveryResult } from './discover-plugins';
import type { DiscoveredPlugin } from './plugin-descriptor';

export interface PluginLoadFailure {
  packageName: string;
  backends: string[];
  error: string;
}

/**
 * Finds plugins and loads them into one inversify container on demand: asking for the
 * 'cgroup' backend loads only the package that declares it. A plugin that fails to load
 * is remembered as a failure (a warning and a row in `lmctfy backends`), never a crash.
 */
export class PluginRegistry {
  private readonly container = new Container();
  private readonly loaded = new Map<string, Promise<void>>();
  readonly failures: PluginLoadFailure[] = [];
  private discovery?: DiscoveryResult;

  constructor(
    private readonly config: LmctfyConfig,
    private readonly searchPaths: string[],
  ) {
    this.container.bind(LmctfyConfigToken).toConstantValue(config);
  }

  discovered(): DiscoveryResult {
    this.discovery ??= discoverPlugins(this.config.plugins, this.searchPaths);
    return this.discovery;
  }

  /** Names of every backend some discovered plugin declares, in discovery order. */
  backendNames(): string[] {
    return [...new Set(this.discovered().plugins.flatMap((p) => p.descriptor.backends))];
  }

  /** The backend bound under `name`, loading its plugin first. */
  async getBackend(name: string): Promise<Backend> {
    const plugin = this.discovered().plugins.find((p) => p.descriptor.backends.includes(name));
    if (!plugin) {
      const known = this.backendNames();
      throw invalidArgument(`backend ${JSON.stringify(name)}: no installed plugin provides it`, {
        hint: known.length ? `known backends: ${known.join(', ')}` : 'install a backend plugin such as @lmctfy/backend-cgroup',
      });
    }
    await this.load(plugin);
    const failure = this.failures.find((f) => f.packageName === plugin.packageName);
    if (failure) throw unavailable(`backend ${name}: plugin ${plugin.packageName} failed to load: ${failure.error}`);
    return this.container.get<Backend>(Backend, { name });
  }

  /** Loads every discovered plugin; failures are recorded, not thrown. */
  async loadAll(): Promise<void> {
    await Promise.all(this.discovered().plugins.map((p) => this.load(p)));
  }

  private load(plugin: DiscoveredPlugin): Promise<void> {
    let pending = this.loaded.get(plugin.packageDir);
    if (!pending) {
      pending = this.loadModule(plugin).catch((e: unknown) => {
        this.failures.push({
          packageName: plugin.packageName,
          backends: plugin.descriptor.backends,
          error: e instanceof Error ? e.message : String(e),
        });
      });
      this.loaded.set(plugin.packageDir, pending);
    }
    return pending;
  }

  private async loadModule(plugin: DiscoveredPlugin): Promise<void> {
    const file = join(plugin.packageDir, plugin.descriptor.module);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exported = require(file) as { default?: unknown } | unknown;
    const module = (exported as { default?: unknown }).default ?? exported;
    if (!isContainerModule(module)) {
      throw new Error(`${file} does not default-export a ContainerModule from @lmctfy/core`);
    }
    await this.container.loadAsync(module);
    for (const name of plugin.descriptor.backends) {
      if (!this.container.isBound(Backend, { name })) {
        throw new Error(`its module does not bind Backend named ${JSON.stringify(name)}`);
      }
    }
  }
}

/**
 * Checked by shape, not instanceof: a plugin installed with its own copy of @lmctfy/core
 * has its own ContainerModule class, and inversify only needs `load`.
 */
function isContainerModule(m: unknown): m is ContainerModule {
  return m instanceof ContainerModule || (typeof m === 'object' && m !== null && typeof (m as ContainerModule).load === 'function');
}
