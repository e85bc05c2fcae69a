/**
 * `lmctfy update` and `lmctfy notify ...` through the built CLI: what the kernel enforces
 * after an update, each notification blocking until its event, and the exit codes
 * (5 when the container is destroyed meanwhile, 130 on Ctrl-C).
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { requireRoot } from '@lmctfy/testkit';
import { CLI_BIN, E2eEnv, isDead, show, type CliResult } from '../helpers/run-cli';

const MiB = 1 << 20;
const alloc = (mb: number): string => `const a=[];for(let i=0;i<${mb};i++)a.push(Buffer.alloc(1<<20,1))`;
// More tasks than the pids limit of 20 below (which leaves room for node's threads).
const FORK_24 = 'i=0; while [ $i -lt 24 ]; do sleep 0.2 & i=$((i+1)); done; wait';
/** Long enough for a notify process to start and register its watch before the event. */
const SETTLE_MS = 1500;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let env: E2eEnv;

beforeAll(() => {
  requireRoot();
  env = E2eEnv.create('notify');
});

afterAll(async () => {
  await env?.cleanup();
});

const ok = (r: CliResult): CliResult => {
  if (r.status !== 0) throw new Error(show(r));
  return r;
};

describe('lmctfy update', () => {
  it('diff raises a limit the kernel then enforces, and leaves the other fields', () => {
    ok(env.cli(['create', 'upd', '--memory', '64M', '--pids', '20']));
    expect(env.cli(['run', 'upd', '--', process.execPath, '-e', alloc(150)]).signal).toBe('SIGKILL');
    const r = ok(env.cli(['update', 'upd', '--memory', '256M', '--json']));
    expect(JSON.parse(r.stdout)).toMatchObject({ name: '/upd', policy: 'diff', spec: { memory: { limit: 256 * MiB }, pids: { max: 20 } } });
    expect(env.cli(['run', 'upd', '--', process.execPath, '-e', alloc(150)]).status).toBe(0);
    expect(env.cli(['run', 'upd', '--', 'sh', '-c', FORK_24]).status).not.toBe(0);
  });

  it('replace must name every isolated resource, and resets what it leaves unset', () => {
    const partial = env.cli(['update', 'upd', '--replace', '--memory', '128M']);
    expect(partial.status).toBe(3);
    expect(partial.stderr).toMatch(/pids: a replace must give every isolated resource/);
    const file = path.join(env.dir, 'pids.yaml');
    writeFileSync(file, 'pids: {}\n');
    const r = ok(env.cli(['update', 'upd', '--replace', '-c', file, '--memory', '128M', '--json']));
    expect(JSON.parse(r.stdout).spec).toMatchObject({ memory: { limit: 128 * MiB, reservation: 0 }, pids: { max: 'max' } });
    expect(env.cli(['run', 'upd', '--', 'sh', '-c', FORK_24]).status).toBe(0);
  });

  it('refuses what it cannot do with lmctfy exit codes', () => {
    expect(env.cli(['update', 'upd', '--cpu', '1']).stderr).toMatch(/cpu: the container does not isolate this resource/);
    expect(env.cli(['update', 'upd', '--cpu', '1']).status).toBe(3);
    expect(env.cli(['update', 'upd', '--diff', '--replace', '--memory', '1G']).status).toBe(3);
    expect(env.cli(['update', 'upd', '--memory', '12Q']).status).toBe(3);
    expect(env.cli(['update', 'no-such', '--memory', '1G']).status).toBe(5);
    ok(env.cli(['destroy', 'upd']));
  });
});

describe('lmctfy notify', () => {
  it('empty waits for the last process to exit and prints the event as JSON', async () => {
    ok(env.cli(['create', 'empty']));
    const pid = Number(/\d+/.exec(ok(env.cli(['run', '-d', 'empty', '--', 'sleep', '2'])).stdout)?.[0]);
    const r = await env.cliAsync(['notify', 'empty', 'empty', '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ type: 'empty', container: '/empty' });
    expect(isDead(pid)).toBe(true);
    ok(env.cli(['destroy', 'empty']));
  });

  it('oom waits for an OOM kill in the container', async () => {
    ok(env.cli(['create', 'oom', '--memory', '64M']));
    const waiting = env.cliAsync(['notify', 'oom', 'oom']);
    await sleep(SETTLE_MS);
    expect(env.cli(['run', 'oom', '--', process.execPath, '-e', alloc(200)]).signal).toBe('SIGKILL');
    const r = await waiting;
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\/oom: out of memory \(oom kills so far: \d+\)\n$/);
    ok(env.cli(['destroy', 'oom']));
  });

  it('memory-threshold waits for usage to reach the size given', async () => {
    ok(env.cli(['create', 'thr', '--memory', '512M']));
    const waiting = env.cliAsync(['notify', 'memory-threshold', 'thr', '100M', '--json']);
    await sleep(SETTLE_MS);
    expect(env.cli(['run', 'thr', '--', process.execPath, '-e', `${alloc(150)};setTimeout(()=>{},500)`]).status).toBe(0);
    const r = await waiting;
    expect(r.status).toBe(0);
    const event = JSON.parse(r.stdout);
    expect(event).toMatchObject({ type: 'memory-threshold', container: '/thr', threshold: 100 * MiB });
    expect(event.usage).toBeGreaterThanOrEqual(100 * MiB);
  });

  it('exits 5 when the container is destroyed while it waits', async () => {
    const waiting = env.cliAsync(['notify', 'oom', 'thr']);
    await sleep(SETTLE_MS);
    ok(env.cli(['destroy', 'thr']));
    const r = await waiting;
    expect(r.status).toBe(5);
    expect(r.stderr).toMatch(/container \/thr was destroyed/);
  });

  it('exits 130 quietly on Ctrl-C', async () => {
    ok(env.cli(['create', 'quiet', '--memory', '64M']));
    const child = spawn(process.execPath, [CLI_BIN, 'notify', 'memory-threshold', 'quiet', '1G'], {
      env: { ...process.env, LMCTFY_CONFIG: env.configFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    await sleep(SETTLE_MS);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(output).toBe('');
    ok(env.cli(['destroy', 'quiet']));
  });

  it('refuses a bad size and a missing container', () => {
    expect(env.cli(['notify', 'memory-threshold', 'nope', '12Q']).status).toBe(3);
    expect(env.cli(['notify', 'empty', 'nope']).status).toBe(5);
  });
});
