import { Errors, Parser } from '@oclif/core';
// core's errors module has no dependencies; the CLI must recognise its errors by shape.
import { ErrorCode, LmctfyError } from '../../core/src/errors';
import { CliError, ReportedError, describeError, errorJson, wantsJson } from './cli-error';

describe('describeError: error → exit code', () => {
  it('uses the canonical code, message and hint of an LmctfyError', () => {
    const e = new LmctfyError(ErrorCode.PermissionDenied, 'cgroup.procs: EACCES', { hint: 'run as root' });
    expect(describeError(e)).toEqual({ code: 7, message: 'cgroup.procs: EACCES', hint: 'run as root' });
    expect(describeError(new LmctfyError(ErrorCode.NotFound, 'container /x does not exist'))).toEqual({
      code: 5,
      message: 'container /x does not exist',
    });
  });

  it('uses the code of the CLI’s own errors', () => {
    expect(describeError(new CliError(5, 'unknown command frob'))).toEqual({ code: 5, message: 'unknown command frob' });
  });

  it.each([
    ['an unknown flag', ['--bogus'], {}],
    ['a missing argument', [], { args: { name: { name: 'name', required: true, input: [], parse: async (s: string) => s } } }],
    ['an extra argument', ['a', 'b'], {}],
  ])('maps oclif parse errors (%s) to 3', async (_what, argv, input) => {
    const err = await Parser.parse(argv, { strict: true, ...input } as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    const report = describeError(err);
    expect(report.code).toBe(3);
    expect(report.message).not.toMatch(/See more help/);
  });

  it("passes oclif's this.exit(n) through silently", () => {
    let exit: unknown;
    try {
      Errors.exit(42);
    } catch (e) {
      exit = e;
    }
    expect(describeError(exit)).toEqual({ code: 42 });
  });

  it('maps anything else to 13 with its message', () => {
    const report = describeError(new TypeError('x is not a function'));
    expect(report).toMatchObject({ code: 13, message: 'x is not a function' });
    expect(describeError('thrown string')).toEqual({ code: 13, message: 'thrown string' });
  });

  it('is not confused by ReportedError-like objects or errno codes', () => {
    const errno = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    expect(describeError(errno).code).toBe(13);
    expect(new ReportedError(6).exitCode).toBe(6);
  });
});

describe('errorJson', () => {
  it('has code, message and (only when set) hint', () => {
    expect(errorJson({ code: 9, message: 'busy', hint: 'use --force' })).toEqual({
      error: { code: 9, message: 'busy', hint: 'use --force' },
    });
    expect(errorJson({ code: 5, message: 'gone' })).toEqual({ error: { code: 5, message: 'gone' } });
  });
});

describe('wantsJson', () => {
  it('sees --json only before --', () => {
    expect(wantsJson(['stats', 'x', '--json'])).toBe(true);
    expect(wantsJson(['run', 'x', '--', 'tool', '--json'])).toBe(false);
    expect(wantsJson(['stats', 'x'])).toBe(false);
  });
});
