import { formatBytes, parseBytes, parseCores, parseCount } from '../src';

describe('parseBytes', () => {
  it.each([
    ['512M', 512 * 2 ** 20],
    ['512MiB', 512 * 2 ** 20],
    ['512mb', 512 * 2 ** 20],
    ['1G', 2 ** 30],
    ['1.5K', 1536],
    ['100', 100],
    ['100b', 100],
    [4096, 4096],
    ['2T', 2 * 2 ** 40],
    ['max', 'max'],
  ])('reads %j as %j', (input, bytes) => {
    expect(parseBytes(input, 'memory.limit')).toBe(bytes);
  });

  it.each(['12Q', '-1', 'M', '1.2.3G', '', 'unlimited', -5, 1.5, true])('rejects %j naming the field and value', (input) => {
    expect(() => parseBytes(input, 'memory.limit')).toThrow(/^memory\.limit: invalid size/);
  });
});

describe('parseCores', () => {
  it.each([
    ['0.5', 0.5],
    [2, 2],
    ['500m', 0.5],
    ['1500m', 1.5],
    ['max', 'max'],
  ])('reads %j as %j cores', (input, cores) => {
    expect(parseCores(input, 'cpu.max')).toBe(cores);
  });

  it.each(['0', '-1', 'half', '5x', 0])('rejects %j', (input) => {
    expect(() => parseCores(input, 'cpu.max')).toThrow(/^cpu\.max: invalid CPU amount/);
  });
});

describe('parseCount', () => {
  it('accepts whole numbers and max', () => {
    expect(parseCount('64', 'pids.max')).toBe(64);
    expect(parseCount(0, 'pids.max')).toBe(0);
    expect(parseCount('max', 'pids.max')).toBe('max');
  });
  it('rejects fractions and words', () => {
    expect(() => parseCount('6.5', 'pids.max')).toThrow(/pids\.max: invalid count "6\.5"/);
  });
});

describe('formatBytes', () => {
  it('uses the largest exact binary unit', () => {
    expect(formatBytes(512 * 2 ** 20)).toBe('512M');
    expect(formatBytes(1536)).toBe('1536');
    expect(formatBytes(2 ** 30)).toBe('1G');
    expect(formatBytes('max')).toBe('max');
  });
});
