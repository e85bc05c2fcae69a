import { ErrorCode } from '@lmctfy/core';
import {
  ioWeightToV1,
  v1WeightToIo,
  cfsToCores,
  coresToCfs,
  memswFromSwap,
  parseKernelLimit,
  rejectHighOnV1,
  sharesToWeight,
  swapFromMemsw,
  weightToShares,
} from '../src/conversions';

const codeOf = (fn: () => unknown): ErrorCode | undefined => {
  try {
    fn();
  } catch (e) {
    return (e as { code?: ErrorCode }).code;
  }
  return undefined;
};

describe('cpu shares <-> weight (peers.md §B, current runc/crun quadratic formula)', () => {
  // shares -> weight vectors from the table in peers.md §B.
  const vectors: Array<[number, number]> = [
    [2, 1], [10, 4], [100, 17], [256, 35], [512, 59], [1024, 100], [2000, 170], [2048, 174], [10000, 627], [262144, 10000],
  ];

  it.each(vectors)('maps %i shares to weight %i', (shares, weight) => {
    expect(sharesToWeight(shares)).toBe(weight);
  });

  it('clamps shares outside 2..262144', () => {
    expect(sharesToWeight(1)).toBe(1);
    expect(sharesToWeight(1_000_000)).toBe(10000);
  });

  it('maps a weight to the smallest shares reaching it, so weight -> shares -> weight is stable', () => {
    for (let w = 1; w <= 10000; w++) {
      const shares = weightToShares(w);
      expect(sharesToWeight(shares)).toBe(w);
      if (shares > 2) expect(sharesToWeight(shares - 1)).toBeLessThan(w);
    }
  });

  it('maps the v2 default weight 100 back to the v1 default 1024 or just below', () => {
    expect(sharesToWeight(weightToShares(100))).toBe(100);
    expect(weightToShares(100)).toBeLessThanOrEqual(1024);
  });
});

describe('cores <-> CFS quota/period', () => {
  it('uses the default period 100000 µs', () => {
    expect(coresToCfs(0.5)).toEqual({ quota: 50000, period: 100000 });
    expect(coresToCfs(2)).toEqual({ quota: 200000, period: 100000 });
  });

  it('honours an explicit period and maps max to an unlimited quota', () => {
    expect(coresToCfs(0.25, 200000)).toEqual({ quota: 50000, period: 200000 });
    expect(coresToCfs('max')).toEqual({ quota: 'max', period: 100000 });
  });

  it('refuses a quota below the kernel minimum of 1000 µs, naming cpu.max', () => {
    expect(codeOf(() => coresToCfs(0.005))).toBe(ErrorCode.InvalidArgument);
    expect(() => coresToCfs(0.005)).toThrow(/cpu\.max.*1000 µs/);
    expect(coresToCfs(0.01)).toEqual({ quota: 1000, period: 100000 });
  });

  it('refuses periods outside 1000..1000000 µs', () => {
    expect(codeOf(() => coresToCfs(1, 999))).toBe(ErrorCode.InvalidArgument);
    expect(codeOf(() => coresToCfs(1, 1_000_001))).toBe(ErrorCode.InvalidArgument);
  });

  it('converts back, with -1 and max meaning unlimited', () => {
    expect(cfsToCores({ quota: 50000, period: 100000 })).toBe(0.5);
    expect(cfsToCores({ quota: -1, period: 100000 })).toBe('max');
    expect(cfsToCores({ quota: 'max', period: 100000 })).toBe('max');
  });
});

describe('memory swap (spec swap is swap only; v1 memsw = limit + swap)', () => {
  it('adds swap to the limit for v1 memsw', () => {
    expect(memswFromSwap(64 << 20, 32 << 20)).toBe(96 << 20);
    expect(memswFromSwap(64 << 20, 0)).toBe(64 << 20);
    expect(memswFromSwap(64 << 20, 'max')).toBe('max');
  });

  it('refuses swap without a limit on v1', () => {
    expect(codeOf(() => memswFromSwap(undefined, 1024))).toBe(ErrorCode.InvalidArgument);
    expect(() => memswFromSwap(undefined, 1024)).toThrow('memory.swap needs memory.limit on cgroup v1');
  });

  it('reads swap back from memsw', () => {
    expect(swapFromMemsw(64 << 20, 96 << 20)).toBe(32 << 20);
    expect(swapFromMemsw(64 << 20, 'max')).toBe('max');
  });

  it('refuses memory.high on v1 as unimplemented', () => {
    expect(codeOf(() => rejectHighOnV1(1024))).toBe(ErrorCode.Unimplemented);
    expect(() => rejectHighOnV1(1024)).toThrow(/memory\.high/);
    expect(() => rejectHighOnV1(undefined)).not.toThrow();
  });
});

describe('kernel limits', () => {
  it('reads the kernel spellings of unlimited as max', () => {
    expect(parseKernelLimit('9223372036854771712')).toBe('max');
    expect(parseKernelLimit('9223372036854775807')).toBe('max');
    expect(parseKernelLimit('max')).toBe('max');
    expect(parseKernelLimit('-1')).toBe('max');
    expect(parseKernelLimit('67108864\n')).toBe(67108864);
  });
});

describe('blkio weight: spec (v2) 1..10000 <-> v1 10..1000', () => {
  // runc's v1 -> v2 vectors (peers.md §B): 10->1, 100->910, 500->4950, 1000->10000.
  it.each([[10, 1], [100, 910], [500, 4950], [1000, 10000]])('reads v1 weight %i as %i (runc formula)', (v1, io) => {
    expect(v1WeightToIo(v1)).toBe(io);
  });

  it('writes the inverse, so those weights survive a v1 round trip exactly', () => {
    for (const io of [1, 910, 4950, 10000]) expect(v1WeightToIo(ioWeightToV1(io))).toBe(io);
    expect(ioWeightToV1(1)).toBe(10);
    expect(ioWeightToV1(10000)).toBe(1000);
  });

  it('lands within one v1 step (about 10) of any weight', () => {
    for (let w = 1; w <= 10000; w += 7) expect(Math.abs(v1WeightToIo(ioWeightToV1(w)) - w)).toBeLessThanOrEqual(11);
  });
});
