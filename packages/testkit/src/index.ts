/**
 * @lmctfy/testkit: the contract every lmctfy backend must meet, as a jest suite.
 *
 *   import { describeBackendContract } from '@lmctfy/testkit';
 *   describeBackendContract('my backend', async () => ({ backend, cleanup: async () => {} }));
 */
export { describeBackendContract, runContractCheck, type BackendUnderTest } from './describe-backend-contract';
export { backendContractChecks, contractCheck, limitedSpec, CONTRACT_LIMITS, type ContractCheck } from './checks';
export {
  createContractContext,
  EXERCISED_SECTIONS,
  type BackendContractOptions,
  type ContractContext,
} from './context';
export {
  codeOf,
  cpuTicks,
  expectLmctfyCode,
  isDead,
  processState,
  requireRoot,
  sleep,
  spawnOwned,
  uniqueName,
  waitFor,
  withTimeout,
  type OwnedProcess,
} from './helpers';
