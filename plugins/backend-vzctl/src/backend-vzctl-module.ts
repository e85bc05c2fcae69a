import { Backend, ContainerModule } from '@lmctfy/core';
import { CommandRunner } from './command-runner';
import { VzctlBackend } from './vzctl-backend';

/** Loaded by lmctfy for every package whose package.json declares `lmctfy.backends: ["vzctl"]`. */
export default new ContainerModule((options) => {
  options.bind(CommandRunner).toSelf().inSingletonScope();
  options.bind(Backend).to(VzctlBackend).inSingletonScope().whenNamed('vzctl');
});
