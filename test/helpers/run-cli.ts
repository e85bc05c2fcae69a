/**
 * Runs the BUILT lmctfy CLI (`node packages/cli/bin/lmctfy.js`) as a user would, and gives
 * each e2e test file its own world: a temp config (unique cgroupRoot, temp stateDir) that
 * cleanup() tears down completely, even after failures.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { leftoverCgroups, removeCgroupRoot } from './cgroups';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const CLI_BIN = path.join(REPO_ROOT, 'packages', 'cli', 'bin', 'lmctfy.js');
export const CLI_BUNDLE = path.join(REPO_ROOT, 'packages', 'cli', 'dist', 'index.js');

export interface CliResult {
  /** Exit code, or null when killed by a signal. */
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Config file, passed as LMCTFY_CONFIG (omit: none, and LMCTFY_CONFIG is unset). */
  config?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Run as this uid/gid (via setpriv, groups cleared). */
  asUser?: { uid: number; gid: number };
  timeoutMs?: number;
  input?: string;
}

/** Fails loudly (instead of 40 confusing failures) when the CLI was not built. */
export function requireBuiltCli(): void {
  if (!existsSync(CLI_BUNDLE)) {
    throw new Error(`${path.relative(REPO_ROOT, CLI_BUNDLE)} is missing: run \`npm run build\` before the e2e tests`);
  }
}

function command(args: string[], o: CliOptions): { file: string; argv: string[]; env: NodeJS.ProcessEnv } {
  const env: NodeJS.ProcessEnv = { ...process.env, ...o.env };
  delete env.LMCTFY_CONFIG;
  if (o.config) env.LMCTFY_CONFIG = o.config;
  env.NO_COLOR = '1';
  const node = [process.execPath, CLI_BIN, ...args];
  if (!o.asUser) return { file: node[0], argv: node.slice(1), env };
  const { uid, gid } = o.asUser;
  // As a real unprivileged login would have: not root's HOME (nobody's passwd entry).
  if (!o.env?.HOME) env.HOME = '/nonexistent';
  return { file: 'setpriv', argv: [`--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', ...node], env };
}

/** Runs the CLI synchronously. */
export function runCli(args: string[], o: CliOptions = {}): CliResult {
  const { file, argv, env } = command(args, o);
  const r = spawnSync(file, argv, {
    env,
    cwd: o.cwd,
    encoding: 'utf8',
    input: o.input ?? '',
    timeout: o.timeoutMs ?? 20_000,
    killSignal: 'SIGKILL',
  });
  if (r.error) throw r.error;
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the CLI without blocking (for concurrent invocations); always reaps the child. */
export function runCliAsync(args: string[], o: CliOptions = {}): Promise<CliResult> {
  const { file, argv, env } = command(args, o);
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, { env, cwd: o.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 30_000);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr });
    });
  });
}

/** A readable one-liner of a result, for assertion messages. */
export function show(r: CliResult): string {
  return `status=${r.status} signal=${r.signal}\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}`;
}

export interface E2eEnvOptions {
  /** Extra config keys (e.g. plugins). */
  config?: Record<string, unknown>;
}

/**
 * One test file's lmctfy world. Created in a world-readable temp dir (0755) so that the
 * non-root tests fail on real permissions (cgroupfs, stateDir), not on reading the config.
 */
export class E2eEnv {
  readonly dir: string;
  readonly cgroupRoot: string;
  readonly stateDir: string;
  readonly configFile: string;

  private constructor(label: string, options: E2eEnvOptions) {
    this.dir = mkdtempSync(path.join(tmpdir(), `lmctfy-e2e-${label}-`));
    chmodSync(this.dir, 0o755);
    this.cgroupRoot = `lmctfy-e2e-${label}-${process.pid}`;
    this.stateDir = path.join(this.dir, 'state');
    this.configFile = path.join(this.dir, 'lmctfy.json');
    const config = { cgroupRoot: this.cgroupRoot, stateDir: this.stateDir, ...options.config };
    writeFileSync(this.configFile, JSON.stringify(config, null, 2) + '\n', { mode: 0o644 });
  }

  static create(label: string, options: E2eEnvOptions = {}): E2eEnv {
    requireBuiltCli();
    return new E2eEnv(label, options);
  }

  /** Runs the CLI with this env's config (LMCTFY_CONFIG) and cwd. */
  cli(args: string[], o: CliOptions = {}): CliResult {
    return runCli(args, { config: this.configFile, cwd: this.dir, ...o });
  }

  cliAsync(args: string[], o: CliOptions = {}): Promise<CliResult> {
    return runCliAsync(args, { config: this.configFile, cwd: this.dir, ...o });
  }

  /** Names (as recorded, e.g. "/a%2Fb" decoded to "/a/b") of every container record. */
  records(): string[] {
    const dir = path.join(this.stateDir, 'containers');
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => decodeURIComponent(f.slice(0, -'.json'.length)))
      .map((n) => (n.startsWith('/') ? n : `/${n}`))
      .sort();
  }

  /** Container cgroup directories under this env's root, relative, deduplicated. */
  cgroups(): string[] {
    const rel = leftoverCgroups(this.cgroupRoot).map((d) => d.split(`/${this.cgroupRoot}/`)[1]);
    return [...new Set(rel)].sort();
  }

  /** Destroys leftovers via the CLI, then removes the cgroup root everywhere and the temp dir. */
  async cleanup(): Promise<void> {
    const problems: string[] = [];
    try {
      const listed = this.cli(['list', 'containers'], { timeoutMs: 10_000 });
      const names = listed.status === 0 ? listed.stdout.split('\n').map((s) => s.trim()).filter(Boolean) : [];
      for (const n of [...new Set([...names, ...this.records().filter((r) => !r.slice(1).includes('/'))])]) {
        this.cli(['destroy', '--force', n], { timeoutMs: 10_000 });
      }
    } catch (e) {
      problems.push(`destroy leftovers: ${(e as Error).message}`);
    }
    const left = await removeCgroupRoot(this.cgroupRoot);
    if (left.length) problems.push(`cgroups not removed: ${left.join(', ')}`);
    rmSync(this.dir, { recursive: true, force: true });
    if (problems.length) throw new Error(`e2e cleanup of ${this.cgroupRoot}:\n  ${problems.join('\n  ')}`);
  }
}

/** The container's cgroup path per controller, from `/proc/<pid>/cgroup` text. */
export function cgroupPaths(procCgroup: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of procCgroup.split('\n')) {
    const m = /^\d+:([^:]*):(.*)$/.exec(line.trim());
    if (!m) continue;
    for (const ctrl of m[1].split(',')) out.set(ctrl || 'unified', m[2]);
  }
  return out;
}

/** Reparented zombies are reaped lazily on this host, so a zombie counts as dead. */
export { isDead } from '@lmctfy/testkit';
