/** The shared backend contract suite (@lmctfy/testkit) against this backend on the real kernel. */
import { describeBackendContract } from '@lmctfy/testkit';
import { kernelBackend } from './kernel-setup';

describeBackendContract('cgroup backend contract (real kernel)', async () => {
  const k = await kernelBackend('contract');
  return { backend: k.backend, cleanup: k.cleanup };
});
