/** The shared backend contract suite (@lmctfy/testkit) against the namespace backend on the real kernel. */
import { describeBackendContract } from '@lmctfy/testkit';
import { nsKernelBackend } from './kernel-setup';

describeBackendContract('namespace backend contract (real kernel)', async () => {
  const k = await nsKernelBackend('contract');
  return { backend: k.backend, cleanup: k.cleanup };
});
