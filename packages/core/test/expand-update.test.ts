import { ErrorCode, expandUpdate, normalizeEventSpec, type ContainerSpec } from '../src';

const MiB = 1 << 20;
/** A container as cgroup v2 reads it back: memory, cpu and pids isolated. */
const V2_CURRENT: ContainerSpec = {
  memory: { limit: 64 * MiB, reservation: 16 * MiB, high: 'max', swap: 0 },
  cpu: { weight: 50, max: 0.5, period: 50000, cpus: '0-1' },
  pids: { max: 10 },
};
/** The same as cgroup v1 reads it back: shares, no memory.high, no swap accounting. */
const V1_CURRENT: ContainerSpec = {
  memory: { limit: 64 * MiB, reservation: 16 * MiB },
  cpu: { shares: 512, max: 0.5, period: 50000 },
  pids: { max: 10 },
};

function failureOf(fn: () => unknown): { code?: number; message: string } {
  try {
    fn();
  } catch (e) {
    return { code: (e as { code?: number }).code, message: (e as Error).message };
  }
  throw new Error('expected a throw');
}

describe('expandUpdate (lmctfy update rules)', () => {
  it('diff passes only the given fields through', () => {
    expect(expandUpdate(V2_CURRENT, { memory: { limit: 128 * MiB } }, 'diff')).toEqual({ memory: { limit: 128 * MiB } });
    expect(expandUpdate(V2_CURRENT, {}, 'diff')).toEqual({});
  });

  it('diff may touch only isolated sections, and says which are isolated', () => {
    const { code, message } = failureOf(() => expandUpdate({ memory: { limit: 1 } }, { pids: { max: 5 } }, 'diff'));
    expect(code).toBe(ErrorCode.InvalidArgument);
    expect(message).toMatch(/^pids: the container does not isolate this resource.*\(isolated: memory\)/);
  });

  it('replace must name every isolated section', () => {
    const { code, message } = failureOf(() => expandUpdate(V2_CURRENT, { memory: {} }, 'replace'));
    expect(code).toBe(ErrorCode.InvalidArgument);
    expect(message).toMatch(/^cpu, pids: a replace must give every isolated resource/);
  });

  it('replace resets unset fields to their defaults, keeping fields without one (cpus)', () => {
    expect(expandUpdate(V2_CURRENT, { memory: { limit: 128 * MiB }, cpu: {}, pids: {} }, 'replace')).toEqual({
      memory: { limit: 128 * MiB, reservation: 0, high: 'max', swap: 'max' },
      cpu: { weight: 100, max: 'max', period: 100000 },
      pids: { max: 'max' },
    });
  });

  it('replace fills only fields the backend reads back, in its cpu unit', () => {
    expect(expandUpdate(V1_CURRENT, { memory: {}, cpu: { max: 1 }, pids: { max: 3 } }, 'replace')).toEqual({
      memory: { limit: 'max', reservation: 0 },
      cpu: { shares: 1024, max: 1, period: 100000 },
      pids: { max: 3 },
    });
    // A given weight is not joined by default shares: they exclude each other.
    expect(expandUpdate(V1_CURRENT, { memory: {}, cpu: { weight: 200 }, pids: {} }, 'replace').cpu).toEqual({
      weight: 200,
      max: 'max',
      period: 100000,
    });
  });

  it('replace resets hugetlb page sizes and blkio devices that are no longer named', () => {
    const current: ContainerSpec = {
      hugetlb: [{ pageSize: '2MB', limit: 4 * MiB }, { pageSize: '1GB', limit: 1 << 30 }],
      blkio: { weight: 300, devices: [{ device: '8:0', readBps: MiB, writeIops: 100 }] },
    };
    const out = expandUpdate(current, { hugetlb: [{ pageSize: '1GB', limit: 'max' }], blkio: {} }, 'replace');
    expect(out.hugetlb).toEqual([{ pageSize: '2MB', limit: 'max' }, { pageSize: '1GB', limit: 'max' }]);
    expect(out.blkio).toEqual({ weight: 100, devices: [{ device: '8:0', readBps: 'max', writeIops: 'max' }] });
  });

  it('refuses namespaces and process: they are fixed at create', () => {
    for (const spec of [{ namespaces: { pid: true } }, { process: { args: ['true'] } }] as ContainerSpec[]) {
      expect(failureOf(() => expandUpdate(V2_CURRENT, spec, 'diff'))).toMatchObject({
        code: ErrorCode.InvalidArgument,
        message: expect.stringMatching(/cannot be changed by update/),
      });
    }
  });

  it('refuses a new cpu.latency (a latency class is fixed at create) but accepts the current one', () => {
    const current: ContainerSpec = { cpu: { weight: 100, latency: 'normal' } };
    expect(failureOf(() => expandUpdate(current, { cpu: { latency: 'best-effort' } }, 'diff')).message).toMatch(/^cpu.latency: cannot be changed/);
    expect(expandUpdate(current, { cpu: { latency: 'normal' } }, 'diff')).toEqual({ cpu: { latency: 'normal' } });
  });

  it('does not modify its inputs', () => {
    const update: ContainerSpec = { memory: {}, cpu: {}, pids: {} };
    const current = structuredClone(V2_CURRENT);
    expandUpdate(current, update, 'replace');
    expect(update).toEqual({ memory: {}, cpu: {}, pids: {} });
    expect(current).toEqual(V2_CURRENT);
  });
});

describe('normalizeEventSpec', () => {
  it('accepts the three events, with units for thresholds', () => {
    expect(normalizeEventSpec({ type: 'oom' })).toEqual({ type: 'oom' });
    expect(normalizeEventSpec({ type: 'empty' })).toEqual({ type: 'empty' });
    expect(normalizeEventSpec({ type: 'memory-threshold', bytes: '400M' })).toEqual({ type: 'memory-threshold', bytes: 400 * MiB });
  });

  it('refuses unknown events and useless thresholds with INVALID_ARGUMENT', () => {
    for (const bad of [{ type: 'boom' }, null, { type: 'memory-threshold', bytes: 0 }, { type: 'memory-threshold', bytes: 'max' }, { type: 'memory-threshold' }]) {
      expect(failureOf(() => normalizeEventSpec(bad)).code).toBe(ErrorCode.InvalidArgument);
    }
  });
});
