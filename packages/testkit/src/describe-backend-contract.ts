import type { Backend } from '@lmctfy/core';
import { backendContractChecks, type ContractCheck } from './checks';
import { createContractContext, type BackendContractOptions, type ContractContext } from './context';

export interface BackendUnderTest {
  backend: Backend;
  /** Undoes setup (e.g. removes the backend's cgroup root); called once, after every check. */
  cleanup(): Promise<void>;
}

/**
 * Runs one contract check against `backend`: probes it, runs the check, and always
 * force-destroys what the check created. A failing check rejects with its assertion
 * error; a check that passed but whose cleanup failed rejects with the cleanup error.
 */
export async function runContractCheck(
  check: ContractCheck,
  backend: Backend,
  options: BackendContractOptions = {},
  onContext?: (ctx: ContractContext) => void,
): Promise<void> {
  const ctx = await createContractContext(backend, options);
  onContext?.(ctx);
  let failure: unknown;
  try {
    await check.run(ctx);
  } catch (e) {
    failure = e;
  }
  try {
    await ctx.cleanup();
  } catch (e) {
    if (failure === undefined) failure = e;
  }
  if (failure !== undefined) throw failure;
}

/**
 * Declares the backend contract suite as a jest `describe` block (uses jest's globals):
 *
 *   describeBackendContract('cgroup backend', async () => {
 *     const backend = new CgroupBackend({ cgroupRoot: `contract-${process.pid}` });
 *     return { backend, cleanup: () => removeRoot() };
 *   });
 *
 * Each check uses unique container names and removes them afterwards, even when it
 * failed or timed out; `cleanup` runs once at the end.
 */
export function describeBackendContract(
  label: string,
  setup: () => Promise<BackendUnderTest>,
  options: BackendContractOptions = {},
): void {
  const timeout = options.timeoutMs ?? 30_000;
  describe(label, () => {
    let under: BackendUnderTest | undefined;
    let current: ContractContext | undefined;

    beforeAll(async () => {
      under = await setup();
    }, timeout);

    // Safety net for a check that timed out: its own finally may not have run yet.
    afterEach(async () => {
      const ctx = current;
      current = undefined;
      await ctx?.cleanup().catch(() => undefined);
    }, timeout);

    afterAll(async () => {
      await current?.cleanup().catch(() => undefined);
      await under?.cleanup();
    }, timeout);

    for (const check of backendContractChecks) {
      it(
        check.title,
        async () => {
          if (!under) throw new Error(`${label}: setup() did not provide a backend`);
          await runContractCheck(check, under.backend, options, (ctx) => (current = ctx));
          current = undefined;
        },
        timeout,
      );
    }
  });
}
