import type { Backend, BackendCapabilities, ProbeResult } from './backend';
import type { BackendReport } from './container-api-types';
import { ErrorCode, LmctfyError } from './errors';
import type { PluginRegistry } from './plugins/plugin-registry';
import { checkSpecSupported } from './spec/check-spec-supported';
import type { ContainerSpec } from './spec/container-spec';

/**
 * The backends this process can use: loads them through the plugin registry, probes each
 * once, refuses specs a backend cannot apply, and reports every plugin for `lmctfy backends`.
 */
export class BackendDirectory {
  private readonly probes = new Map<string, Promise<ProbeResult>>();

  constructor(private readonly plugins: PluginRegistry) {}

  get(backendName: string): Promise<Backend> {
    return this.plugins.getBackend(backendName);
  }

  /** The probe result of a backend, computed once per process. */
  probe(backendName: string): Promise<ProbeResult> {
    let probe = this.probes.get(backendName);
    if (!probe) {
      probe = this.plugins.getBackend(backendName).then((b) => b.probe());
      this.probes.set(backendName, probe);
    }
    return probe;
  }

  /** The backend and what it can do here, if it is available and can apply every section of `spec`. */
  async usable(backendName: string, spec: ContainerSpec): Promise<{ backend: Backend; capabilities: BackendCapabilities }> {
    const backend = await this.plugins.getBackend(backendName);
    const probe = await this.probe(backendName);
    if (!probe.available) {
      throw new LmctfyError(probe.code ?? ErrorCode.Unavailable, `backend ${backendName} is unavailable: ${probe.reason}`, {
        hint: probe.hint,
      });
    }
    checkSpecSupported(spec, probe.capabilities, backendName);
    return { backend, capabilities: probe.capabilities };
  }

  /** Every discovered backend, loaded and probed; broken plugins are rows, not errors. */
  async report(): Promise<BackendReport[]> {
    await this.plugins.loadAll();
    const rows: BackendReport[] = [];
    for (const plugin of this.plugins.discovered().plugins) {
      const failure = this.plugins.failures.find((f) => f.packageName === plugin.packageName);
      for (const name of plugin.descriptor.backends) {
        if (failure) {
          rows.push({ name, packageName: plugin.packageName, status: 'failed', reason: failure.error });
          continue;
        }
        const probe = await this.probe(name);
        rows.push({
          name,
          packageName: plugin.packageName,
          status: probe.available ? 'available' : 'unavailable',
          ...(!probe.available && { reason: probe.reason }),
          probe,
        });
      }
    }
    for (const problem of this.plugins.discovered().problems) {
      rows.push({ name: '-', packageName: problem.source, status: 'failed', reason: problem.message });
    }
    return rows;
  }

  /** Problems found while discovering or loading plugins, for callers to show as warnings. */
  warnings(): string[] {
    return [
      ...this.plugins.discovered().problems.map((p) => `plugin ${p.source}: ${p.message}`),
      ...this.plugins.failures.map((f) => `plugin ${f.packageName} failed to load: ${f.error}`),
    ];
  }
}
