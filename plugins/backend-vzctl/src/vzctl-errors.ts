import { ErrorCode, LmctfyError } from '@lmctfy/core';

/**
 * vzctl 4.x exit status (man vzctl(8) EXIT STATUS, include/vzerror.h; peers.md §C.6) →
 * lmctfy's canonical code. Anything not listed is UNKNOWN (2), with vzctl's own code and
 * message kept in the error text so nothing is lost.
 */
export const VZCTL_EXIT_CODES: Readonly<Record<number, { code: ErrorCode; meaning: string }>> = {
  1: { code: ErrorCode.Unavailable, meaning: 'failed to set a UBC parameter' },
  2: { code: ErrorCode.Unavailable, meaning: 'failed to set a fair-scheduler parameter' },
  3: { code: ErrorCode.Internal, meaning: 'generic system error' },
  5: { code: ErrorCode.Unavailable, meaning: 'the running kernel is not an OpenVZ kernel' },
  6: { code: ErrorCode.Unavailable, meaning: 'not enough resources' },
  8: { code: ErrorCode.FailedPrecondition, meaning: 'the command run by vzctl exec failed' },
  9: { code: ErrorCode.Unavailable, meaning: 'container locked by another vzctl' },
  10: { code: ErrorCode.FailedPrecondition, meaning: 'global config file vz.conf not found' },
  12: { code: ErrorCode.PermissionDenied, meaning: 'permission denied' },
  14: { code: ErrorCode.NotFound, meaning: 'container config file not found' },
  16: { code: ErrorCode.Internal, meaning: 'checkpointing (suspend) failed' },
  17: { code: ErrorCode.Internal, meaning: 'restore (resume) failed' },
  20: { code: ErrorCode.InvalidArgument, meaning: 'invalid command-line parameter' },
  21: { code: ErrorCode.InvalidArgument, meaning: 'invalid parameter value' },
  29: { code: ErrorCode.FailedPrecondition, meaning: 'OS template not specified' },
  31: { code: ErrorCode.FailedPrecondition, meaning: 'container not running' },
  32: { code: ErrorCode.FailedPrecondition, meaning: 'container already running' },
  33: { code: ErrorCode.Internal, meaning: 'unable to stop the container' },
  40: { code: ErrorCode.FailedPrecondition, meaning: 'container not mounted' },
  41: { code: ErrorCode.FailedPrecondition, meaning: 'container already mounted' },
  43: { code: ErrorCode.NotFound, meaning: 'container private area not found' },
  44: { code: ErrorCode.AlreadyExists, meaning: 'container private area already exists' },
  46: { code: ErrorCode.Unavailable, meaning: 'not enough disk space' },
  91: { code: ErrorCode.FailedPrecondition, meaning: 'OS template not found' },
  105: { code: ErrorCode.FailedPrecondition, meaning: 'container start disabled' },
  131: { code: ErrorCode.AlreadyExists, meaning: 'container name error (e.g. already used)' },
  148: { code: ErrorCode.InvalidArgument, meaning: 'IO parameters could not be set' },
};

/** The result of one vzctl/vzlist/vzpid invocation. */
export interface CommandResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** vzctl exit status + stderr → LmctfyError; `what` says which operation failed. */
export function vzctlError(what: string, result: CommandResult): LmctfyError {
  const detail = result.stderr.trim().split('\n').filter(Boolean).join('; ');
  if (result.exitCode === null) {
    return new LmctfyError(ErrorCode.Internal, `${what}: vzctl was killed by ${result.signal ?? 'a signal'}${detail ? `: ${detail}` : ''}`);
  }
  const known = VZCTL_EXIT_CODES[result.exitCode];
  const meaning = known?.meaning ?? 'unrecognised vzctl exit status';
  const hint = result.exitCode === 9 ? 'another vzctl is working on this container; retry shortly' : undefined;
  return new LmctfyError(
    known?.code ?? ErrorCode.Unknown,
    `${what}: vzctl exited ${result.exitCode} (${meaning})${detail ? `: ${detail}` : ''}`,
    { hint },
  );
}
