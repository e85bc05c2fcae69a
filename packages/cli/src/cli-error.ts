/**
 * How any failure becomes an exit code and a message. Pure (no oclif, no core): errors
 * are recognised by shape, so an LmctfyError from any copy of @lmctfy/core and oclif's
 * own errors are all mapped here, in one place.
 */

/** Canonical codes the CLI itself raises (the same numbers as @lmctfy/core's ErrorCode). */
export const EXIT = {
  invalidArgument: 3,
  notFound: 5,
  internal: 13,
} as const;

/** A CLI-level failure with a canonical code; `oclif.exit` lets oclif's hook runner rethrow it. */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly oclif: { exit: number };

  constructor(
    readonly code: number,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.oclif = { exit: code };
  }
}

/** Thrown by the command base class after it reported an error, so nothing prints it twice. */
export class ReportedError extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}

export interface ErrorReport {
  code: number;
  /** Undefined for a silent exit (oclif's `this.exit(n)`). */
  message?: string;
  hint?: string;
  /** Only for unexpected errors, shown when DEBUG is set. */
  stack?: string;
}

type Shape = Error & { code?: unknown; hint?: unknown; parse?: unknown; oclif?: { exit?: unknown } };

/**
 * - LmctfyError / CliError: their code, message and hint;
 * - oclif's ExitError (`this.exit(n)`): code n, nothing printed;
 * - oclif's parse errors (unknown flag, missing or extra argument, bad option): 3;
 * - anything else: 13 (INTERNAL) with its message.
 */
export function describeError(err: unknown): ErrorReport {
  if (!(err instanceof Error)) return { code: EXIT.internal, message: String(err) };
  const e = err as Shape;
  if ((e.name === 'LmctfyError' || e.name === 'CliError') && typeof e.code === 'number') {
    return { code: e.code, message: e.message, ...(typeof e.hint === 'string' && { hint: e.hint }) };
  }
  if (e.code === 'EEXIT' && typeof e.oclif?.exit === 'number') return { code: e.oclif.exit };
  if (e.parse !== undefined && e.oclif !== undefined) {
    return { code: EXIT.invalidArgument, message: e.message.replace(/\nSee more help with --help$/, '') };
  }
  return { code: EXIT.internal, message: e.message || e.name, stack: e.stack };
}

/** The `--json` form of a failure. */
export function errorJson(report: ErrorReport): { error: { code: number; message: string; hint?: string } } {
  return {
    error: { code: report.code, message: report.message ?? '', ...(report.hint !== undefined && { hint: report.hint }) },
  };
}

/** Writes the report (stderr; also stdout as JSON when `json`) and returns the exit code. */
export function reportError(err: unknown, json: boolean): number {
  const report = describeError(err);
  if (report.message === undefined) return report.code;
  const lines = report.message.split('\n').map((l) => `lmctfy: ${l}`);
  if (report.hint) lines.push(`lmctfy: hint: ${report.hint}`);
  if (report.stack && process.env.DEBUG) lines.push(report.stack);
  process.stderr.write(lines.join('\n') + '\n');
  if (json) process.stdout.write(JSON.stringify(errorJson(report), null, 2) + '\n');
  return report.code;
}

/** Whether argv asks for JSON output (`--json` before any `--`). */
export function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}
