import { ErrorCode } from '@lmctfy/core';

/** One reason the backend cannot be used here, with the canonical code for it. */
export interface HostProblem {
  message: string;
  code: ErrorCode;
  hint?: string;
}

/** The problem every driver reports when the caller may not write the cgroup tree. */
export function noWriteAccess(dir: string): HostProblem {
  return { message: `no write access to ${dir}`, code: ErrorCode.PermissionDenied, hint: 'run as root' };
}
