import { Backend, ContainerModule, LmctfyConfig } from '@lmctfy/core';
import { CgroupBackend, CgroupResources, ProcessLauncher } from '@lmctfy/backend-cgroup';
import { InitStore } from './init-store';
import { Launcher } from './launcher';
import { NamespaceBackend } from './namespace-backend';
import { NAMESPACE_CGROUPS, NAMESPACE_CGROUP_OPS } from './tokens';

/** Loaded by the CLI for every package whose package.json declares `lmctfy.backends: ["namespace"]`. */
export default new ContainerModule((options) => {
  options
    .bind(NAMESPACE_CGROUPS)
    .toDynamicValue((ctx) => new CgroupResources(ctx.get<LmctfyConfig>(LmctfyConfig)))
    .inSingletonScope();
  options
    .bind(NAMESPACE_CGROUP_OPS)
    .toDynamicValue((ctx) => new CgroupBackend(ctx.get<CgroupResources>(NAMESPACE_CGROUPS), new ProcessLauncher()))
    .inSingletonScope();
  options.bind(Launcher).toSelf().inSingletonScope();
  options.bind(InitStore).toSelf().inSingletonScope();
  options.bind(Backend).to(NamespaceBackend).inSingletonScope().whenNamed('namespace');
});
