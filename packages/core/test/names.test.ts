import { ContainerName, ErrorCode } from '../src';

describe('ContainerName', () => {
  it.each([
    ['batch1', '/batch1'],
    ['/batch1', '/batch1'],
    ['batch1/', '/batch1'],
    ['/batch1/sub', '/batch1/sub'],
    ['batch1/sub.2_x-y', '/batch1/sub.2_x-y'],
  ])('accepts %j as %s', (raw, canonical) => {
    expect(ContainerName.parse(raw).toString()).toBe(canonical);
  });

  it.each([
    ['', 'root'],
    ['/', 'root'],
    ['../x', "'.' and '..'"],
    ['a/../b', "'.' and '..'"],
    ['./a', "'.' and '..'"],
    ['a//b', 'empty component'],
    ['-a', 'must start with a letter or digit'],
    ['a b', 'must start with a letter or digit'],
    ['a\u0000b', 'control characters'],
    ['a\nb', 'control characters'],
    ['x'.repeat(65), 'longer than 64'],
    [Array(17).fill('a').join('/'), 'deeper than 16'],
  ])('rejects %j (%s) with INVALID_ARGUMENT naming the value', (raw, why) => {
    let caught: unknown;
    try {
      ContainerName.parse(raw);
    } catch (e) {
      caught = e;
    }
    expect(caught).toMatchObject({ code: ErrorCode.InvalidArgument });
    expect((caught as Error).message).toContain(why);
    expect((caught as Error).message).toContain(JSON.stringify(raw).slice(0, 10));
  });

  it('knows its parent, basename and children', () => {
    const n = ContainerName.parse('a/b');
    expect(n.parent.toString()).toBe('/a');
    expect(n.parent.parent.isRoot).toBe(true);
    expect(n.basename).toBe('b');
    expect(n.child('c').relativePath).toBe('a/b/c');
    expect(() => n.child('..')).toThrow(/'\.' and '\.\.'/);
  });
});
