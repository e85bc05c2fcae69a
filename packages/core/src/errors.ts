/**
 * lmctfy's error model: every failure carries one of the canonical status codes
 * (the same numbers the original lmctfy used), and the CLI exits with that code.
 */
export enum ErrorCode {
  Unknown = 2,
  InvalidArgument = 3,
  NotFound = 5,
  AlreadyExists = 6,
  PermissionDenied = 7,
  FailedPrecondition = 9,
  Unimplemented = 12,
  Internal = 13,
  Unavailable = 14,
}

export interface LmctfyErrorOptions {
  /** What the user can do about it, e.g. "run as root". */
  hint?: string;
  cause?: unknown;
}

export class LmctfyError extends Error {
  override readonly name = 'LmctfyError';
  readonly hint?: string;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: LmctfyErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.hint = options.hint;
  }
}

/**
 * True for errors thrown by any copy of @lmctfy/core; a plugin built against another
 * copy still produces errors the CLI understands, so this checks shape, not prototype.
 */
export function isLmctfyError(e: unknown): e is LmctfyError {
  return (
    e instanceof Error &&
    e.name === 'LmctfyError' &&
    typeof (e as Partial<LmctfyError>).code === 'number'
  );
}

export const invalidArgument = (msg: string, o?: LmctfyErrorOptions): LmctfyError =>
  new LmctfyError(ErrorCode.InvalidArgument, msg, o);
export const notFound = (msg: string, o?: LmctfyErrorOptions): LmctfyError =>
  new LmctfyError(ErrorCode.NotFound, msg, o);
export const alreadyExists = (msg: string, o?: LmctfyErrorOptions): LmctfyError =>
  new LmctfyError(ErrorCode.AlreadyExists, msg, o);
export const permissionDenied = (msg: string, o?: LmctfyErrorOptions): LmctfyError =>
  new LmctfyError(ErrorCode.PermissionDenied, msg, o);
export const failedPrecondition = (msg: string, o?: LmctfyErrorOptions): LmctfyError =>
  new LmctfyError(ErrorCode.FailedPrecondition, msg, o);
export const unimplemented = (msg: string, o?: LmctfyErrorOptions): LmctfyError =>
  new LmctfyError(ErrorCode.Unimplemented, msg, o);
export const unavailable = (msg: string, o?: LmctfyErrorOptions): LmctfyError =>
  new LmctfyError(ErrorCode.Unavailable, msg, o);
export const internal = (msg: string, o?: LmctfyErrorOptions): LmctfyError =>
  new LmctfyError(ErrorCode.Internal, msg, o);

const ERRNO_CODES: Record<string, ErrorCode> = {
  EACCES: ErrorCode.PermissionDenied,
  EPERM: ErrorCode.PermissionDenied,
  EROFS: ErrorCode.PermissionDenied,
  ENOENT: ErrorCode.NotFound,
  ESRCH: ErrorCode.NotFound,
  EEXIST: ErrorCode.AlreadyExists,
  EBUSY: ErrorCode.FailedPrecondition,
  ENOTEMPTY: ErrorCode.FailedPrecondition,
  EINVAL: ErrorCode.InvalidArgument,
  ERANGE: ErrorCode.InvalidArgument,
  ENOSPC: ErrorCode.Unavailable,
  EAGAIN: ErrorCode.Unavailable,
  ENOMEM: ErrorCode.Unavailable,
};

/**
 * Turns a Node/libc error (with `code` like "EACCES") raised while doing `what` into an
 * LmctfyError with the matching canonical code. Already-typed errors pass through.
 */
export function fromSystemError(e: unknown, what: string): LmctfyError {
  if (isLmctfyError(e)) return e;
  const errno = (e as NodeJS.ErrnoException | undefined)?.code;
  const code = (errno ? ERRNO_CODES[errno] : undefined) ?? ErrorCode.Internal;
  const detail = e instanceof Error ? e.message : String(e);
  const hint =
    code === ErrorCode.PermissionDenied && process.getuid?.() !== 0 ? 'run as root' : undefined;
  return new LmctfyError(code, `${what}: ${detail}`, { hint, cause: e });
}
