import { ErrorCode } from '@lmctfy/core';
import { VZCTL_EXIT_CODES, vzctlError } from '../src/vzctl-errors';

const result = (exitCode: number | null, stderr = ''): Parameters<typeof vzctlError>[1] => ({
  exitCode,
  signal: exitCode === null ? 'SIGKILL' : null,
  stdout: '',
  stderr,
});

describe('vzctl exit status → lmctfy code', () => {
  it.each([
    [9, ErrorCode.Unavailable],
    [20, ErrorCode.InvalidArgument],
    [21, ErrorCode.InvalidArgument],
    [31, ErrorCode.FailedPrecondition],
    [32, ErrorCode.FailedPrecondition],
    [43, ErrorCode.NotFound],
    [44, ErrorCode.AlreadyExists],
    [131, ErrorCode.AlreadyExists],
    [5, ErrorCode.Unavailable],
    [12, ErrorCode.PermissionDenied],
    [77, ErrorCode.Unknown],
  ])('exit %i → code %i', (exit, code) => {
    expect(vzctlError('op', result(exit)).code).toBe(code);
  });

  it("keeps vzctl's exit status and message in the error text", () => {
    const e = vzctlError('start', result(9, 'Locked by: pid 42, cmdline vzctl set\nContainer already locked\n'));
    expect(e.message).toBe(
      'start: vzctl exited 9 (container locked by another vzctl): Locked by: pid 42, cmdline vzctl set; Container already locked',
    );
    expect(e.hint).toMatch(/retry/);
  });

  it('a vzctl killed by a signal is INTERNAL', () => {
    expect(vzctlError('op', result(null)).code).toBe(ErrorCode.Internal);
  });

  it('every table row has a meaning', () => {
    for (const row of Object.values(VZCTL_EXIT_CODES)) expect(row.meaning.length).toBeGreaterThan(0);
  });
});
