import { Backend, ContainerModule } from '@lmctfy/core';
import { CgroupBackend } from './cgroup-backend';
import { CgroupResources } from './cgroup-resources';
import { ProcessLauncher } from './process-launcher';

/** Loaded by the CLI for every package whose package.json declares `lmctfy.backends: ["cgroup"]`. */
export default new ContainerModule((options) => {
  options.bind(CgroupResources).toSelf().inSingletonScope();
  options.bind(ProcessLauncher).toSelf().inSingletonScope();
  options.bind(Backend).to(CgroupBackend).inSingletonScope().whenNamed('cgroup');
});
