import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { LmctfyConfig, execProcess, failedPrecondition, inject, injectable } from '@lmctfy/core';
import type { ProcessSpec, RunOptions, RunResult } from '@lmctfy/core';
import { LAUNCHER_FAILED_EXIT, READY_FD, initArgs, joinArgs, runArgs } from './launcher-args';
import type { InitRecord } from './init-store';
import type { NamespacePlan } from './namespace-plan';

export const LAUNCHER_NAME = 'lmctfy-nsexec';

/**
 * Where the launcher is: `backends.namespace.launcher` in the config, else next to this
 * bundle (dist/), else in dist/ seen from src/ (tests run the TypeScript sources).
 */
export function launcherCandidates(config: LmctfyConfig): string[] {
  const configured = config.backends?.namespace?.launcher;
  if (typeof configured === 'string') return [configured];
  return [path.join(__dirname, LAUNCHER_NAME), path.join(__dirname, '..', 'dist', LAUNCHER_NAME)];
}

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The pid the launcher reported on READY_FD, if it did. */
  reported?: number;
  stderr: string;
}

/** Runs the native launcher: never resident itself beyond a foreground payload's lifetime. */
@injectable()
export class Launcher {
  private found?: string;

  constructor(@inject(LmctfyConfig) private readonly config: LmctfyConfig) {}

  /** The launcher binary, or undefined when it was not built (a hit is remembered: every start needs it). */
  find(): string | undefined {
    return (this.found ??= launcherCandidates(this.config).find((f) => {
      try {
        fs.accessSync(f, fs.constants.X_OK);
        return true;
      } catch {
        return false;
      }
    }));
  }

  private require(): string {
    const file = this.find();
    if (!file) throw failedPrecondition('the namespace launcher is not built', { hint: 'install gcc and run npm run build' });
    return file;
  }

  /** Starts the container's init; resolves with its host pid once everything is set up. */
  async startInit(plan: NamespacePlan): Promise<number> {
    const out = await this.spawnLauncher(initArgs(plan), ['ignore', 'ignore', 'pipe'], false);
    if (out.code !== 0 || out.reported === undefined) {
      throw failedPrecondition(`could not start the container: ${out.stderr.trim() || describe(out)}`);
    }
    return out.reported;
  }

  /** run() in 'foreground' or 'detached' mode through the launcher's join mode. */
  run(record: InitRecord, procsFiles: string[], proc: ProcessSpec, options: RunOptions): Promise<RunResult> {
    return this.launch(joinArgs(record, procsFiles, proc, { detach: options.mode === 'detached' }), proc, options);
  }

  /** A one-shot job through the launcher's run mode: `proc` is PID 1 of its own namespaces. */
  runOnce(plan: NamespacePlan, procsFiles: string[], proc: ProcessSpec, options: Pick<RunOptions, 'onStart'>): Promise<RunResult> {
    return this.launch(runArgs(plan, procsFiles, proc), proc, { mode: 'foreground', onStart: options.onStart });
  }

  private async launch(args: string[], proc: ProcessSpec, options: RunOptions): Promise<RunResult> {
    const detach = options.mode === 'detached';
    const stdio = detach ? ['ignore', 'ignore', 'pipe'] : ['inherit', 'inherit', 'inherit'];
    const out = await this.spawnLauncher(args, stdio, !detach, proc.env, (pid) => {
      if (!detach) options.onStart?.(pid);
    });
    if (out.reported === undefined) {
      // 126/127: the command itself could not be executed, as a shell reports it.
      if (!detach && (out.code === 126 || out.code === 127)) return { pid: -1, exitCode: out.code };
      const why = out.stderr.trim() || (out.code === 127 ? `exec ${proc.args[0]}: not found` : describe(out));
      throw failedPrecondition(`could not run ${proc.args[0]} in the container: ${why}`);
    }
    if (detach) {
      options.onStart?.(out.reported);
      return { pid: out.reported };
    }
    return out.signal ? { pid: out.reported, signal: out.signal } : { pid: out.reported, exitCode: out.code ?? 0 };
  }

  /** run() in 'exec' mode: this process becomes the launcher, which becomes the payload's parent. */
  exec(record: InitRecord, procsFiles: string[], proc: ProcessSpec): never {
    const file = this.require();
    const args = joinArgs(record, procsFiles, proc, { report: false });
    return execProcess({ args: [file, ...args], env: proc.env });
  }

  private spawnLauncher(
    args: string[],
    stdio: string[],
    foreground: boolean,
    env?: Record<string, string>,
    onReport?: (pid: number) => void,
  ): Promise<Outcome> {
    const file = this.require();
    const child = spawn(file, args, {
      stdio: [...stdio, 'pipe'] as never,
      env: { ...process.env, ...env },
      cwd: '/',
      // A foreground launcher stays in our process group so a terminal's ^C reaches it too.
      detached: !foreground,
    });
    const ready = child.stdio[READY_FD] as Readable;
    const stderr = child.stdio[2] as Readable | null;
    return new Promise<Outcome>((resolve, reject) => {
      let text = '';
      let errText = '';
      let reported: number | undefined;
      ready.setEncoding('utf8');
      ready.on('data', (chunk: string) => {
        text += chunk;
        if (reported === undefined && text.includes('\n')) {
          reported = Number(text.trim());
          onReport?.(reported);
        }
      });
      stderr?.setEncoding('utf8');
      stderr?.on('data', (chunk: string) => (errText += chunk));
      child.once('error', reject);
      // 'close': the launcher exited and every copy of its pipes (the init's too) is closed.
      child.once('close', (code, signal) => resolve({ code, signal, reported, stderr: errText }));
    });
  }
}

function describe(out: Outcome): string {
  return out.signal ? `the launcher was killed by ${out.signal}` : `the launcher exited with status ${out.code ?? '?'}`;
}

export { LAUNCHER_FAILED_EXIT };
