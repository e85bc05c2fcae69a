/**
 * update() on the real kernel (this hybrid host's v1, and pure v2 in the VM): limits are
 * raised and lowered in an order the kernel accepts, DIFF leaves other fields alone,
 * REPLACE resets them, and each change is checked by what the kernel then enforces.
 */
import { ErrorCode, expandUpdate } from '@lmctfy/core';
import type { ContainerSpec, UpdatePolicy } from '@lmctfy/core';
import { expectLmctfyCode } from '@lmctfy/testkit';
import { kernelBackend } from './kernel-setup';
import type { KernelBackend } from './kernel-setup';
import { MiB, n } from './test-util';

// Touches every page, then exits 0: only a memory limit below ~150 MB stops it.
const ALLOC_150M = 'const a=[];for(let i=0;i<150;i++)a.push(Buffer.alloc(1<<20,1))';
// Eight background sleepers: more tasks than a pids.max of 5 allows.
const FORK_8 = 'i=0; while [ $i -lt 8 ]; do sleep 0.2 & i=$((i+1)); done; wait';

describe('CgroupBackend.update on this host (real cgroups, root)', () => {
  let k: KernelBackend;

  beforeAll(async () => {
    k = await kernelBackend('update');
  });
  afterAll(async () => {
    await k?.cleanup();
  });

  /** What ContainerApi.update does: expand by lmctfy's rules against the read-back spec, then apply. */
  async function update(name: string, spec: ContainerSpec, policy: UpdatePolicy): Promise<ContainerSpec> {
    const expanded = expandUpdate(await k.backend.spec(n(name)), spec, policy);
    await k.backend.update(n(name), expanded, policy);
    return k.backend.spec(n(name));
  }

  async function allocates150M(name: string): Promise<boolean> {
    const r = await k.backend.run(n(name), { args: [process.execPath, '-e', ALLOC_150M] }, { mode: 'foreground' });
    if (r.exitCode !== 0 && r.signal !== 'SIGKILL') throw new Error(`allocation ended with ${JSON.stringify(r)}`);
    return r.exitCode === 0;
  }

  async function forks8(name: string): Promise<boolean> {
    return (await k.backend.run(n(name), { args: ['sh', '-c', FORK_8] }, { mode: 'foreground' })).exitCode === 0;
  }

  it('raises and lowers the memory limit, with swap accounting when the kernel has it', async () => {
    await k.backend.create(n('mem'), { memory: { limit: 64 * MiB } });
    // memsw (v1) or memory.swap.max (v2) may be missing; with it, pin swap to 0 so that the
    // v1 memsw limit (= limit + swap) must move with every limit change.
    const accounting = (await k.backend.spec(n('mem'))).memory?.swap !== undefined;
    if (accounting) await update('mem', { memory: { swap: 0 } }, 'diff');
    expect(await allocates150M('mem')).toBe(false);

    const raised = await update('mem', { memory: { limit: 256 * MiB } }, 'diff');
    expect(raised.memory?.limit).toBe(256 * MiB);
    if (accounting) expect(raised.memory?.swap).toBe(0);
    expect(await allocates150M('mem')).toBe(true);

    const lowered = await update('mem', { memory: { limit: 64 * MiB } }, 'diff');
    expect(lowered.memory?.limit).toBe(64 * MiB);
    if (accounting) expect(lowered.memory?.swap).toBe(0);
    expect(await allocates150M('mem')).toBe(false);
    expect((await k.backend.stats(n('mem'))).memory?.oomKills).toBeGreaterThanOrEqual(2);
    await k.backend.destroy(n('mem'));
  }, 90_000);

  it('diff changes only the given fields', async () => {
    await k.backend.create(n('diff'), { memory: { limit: 64 * MiB, reservation: 16 * MiB }, cpu: { max: 0.5 }, pids: { max: 5 } });
    const before = await k.backend.spec(n('diff'));
    const after = await update('diff', { pids: { max: 50 } }, 'diff');
    expect(after).toEqual({ ...before, pids: { max: 50 } });
    expect(await forks8('diff')).toBe(true);
    await update('diff', { cpu: { max: 0.25 } }, 'diff');
    const cpu = (await k.backend.spec(n('diff'))).cpu;
    expect(cpu?.max).toBeCloseTo(0.25, 3);
    expect(cpu?.period).toBe(before.cpu?.period);
    await k.backend.destroy(n('diff'));
  }, 60_000);

  it('replace resets every unset field of the isolated sections to its default', async () => {
    await k.backend.create(n('replace'), { memory: { limit: 64 * MiB, reservation: 16 * MiB }, cpu: { max: 0.5 }, pids: { max: 5 } });
    expect(await forks8('replace')).toBe(false);
    const after = await update('replace', { memory: { limit: 256 * MiB }, cpu: {}, pids: {} }, 'replace');
    expect(after.memory).toMatchObject({ limit: 256 * MiB, reservation: 0 });
    expect(after.cpu?.max).toBe('max');
    expect(after.cpu?.period).toBe(100000);
    const v2 = k.resources.driver.mode === 'v2';
    expect(v2 ? after.cpu?.weight : after.cpu?.shares).toBe(v2 ? 100 : 1024);
    expect(after.pids).toEqual({ max: 'max' });
    // What the kernel now enforces: no task limit, and the raised memory limit.
    expect(await forks8('replace')).toBe(true);
    expect(await allocates150M('replace')).toBe(true);
    await k.backend.destroy(n('replace'));
  }, 60_000);

  it('refuses a missing container with NOT_FOUND and creates nothing', async () => {
    await expectLmctfyCode(k.backend.update(n('ghost'), { pids: { max: 5 } }, 'diff'), ErrorCode.NotFound, 'update of ghost');
    expect(await k.backend.exists(n('ghost'))).toBe(false);
  });
});
