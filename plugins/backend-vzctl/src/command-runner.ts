import { spawn } from 'node:child_process';
import type { ChildProcess, StdioOptions } from 'node:child_process';
import { fromSystemError, injectable } from '@lmctfy/core';
import type { CommandResult } from './vzctl-errors';

export interface StartOptions {
  /** 'capture': stdout/stderr collected; 'inherit': the caller's terminal; 'ignore': /dev/null. */
  stdio: 'capture' | 'inherit' | 'ignore';
  /** New session, not waited for by Node (detached runs). */
  detached?: boolean;
}

export interface Started {
  child: ChildProcess;
  /** Resolves when it ended (stdout empty unless captured; stderr captured unless ignored). */
  done: Promise<CommandResult>;
}

/**
 * The only code in this backend that starts processes: every vzctl/vzlist/vzpid call goes
 * through here, so tests can record or replace them. Asynchronous (never blocks the event
 * loop); stderr is captured whenever there is a caller to read it, because vzctl explains
 * its exit codes there.
 */
@injectable()
export class CommandRunner {
  /** Runs `file args`, resolving with its outcome (a non-zero exit is not an error here). */
  async run(file: string, args: readonly string[]): Promise<CommandResult> {
    return this.start(file, args, { stdio: 'capture' }).done;
  }

  /** Starts `file args`; the caller decides whether and how to wait. */
  start(file: string, args: readonly string[], options: StartOptions): Started {
    const out = options.stdio === 'capture' ? 'pipe' : options.stdio;
    // A detached run must not hold a pipe: vzctl would outlive our end of it.
    const err = options.stdio === 'ignore' ? 'ignore' : 'pipe';
    const stdio: StdioOptions = [options.stdio === 'inherit' ? 'inherit' : 'ignore', out, err];
    const child = spawn(file, args, { stdio, detached: options.detached === true });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr?.setEncoding('utf8').on('data', (s: string) => {
      stderr += s;
      // In the foreground the payload's own stderr arrives through vzctl: pass it on.
      if (options.stdio === 'inherit') process.stderr.write(s);
    });
    const done = new Promise<CommandResult>((resolve, reject) => {
      child.once('error', (e) => reject(fromSystemError(e, `${file}`)));
      child.once('close', (exitCode, signal) => resolve({ exitCode, signal, stdout, stderr }));
    });
    return { child, done };
  }
}
