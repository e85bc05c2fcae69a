/**
 * Run as an unprivileged user (uid/gid 65534 via setpriv), the CLI fails with
 * PERMISSION_DENIED (7) and says to run as root, leaving nothing behind.
 * The config is readable by that user, so the failures are real permission failures
 * on the state directory or on cgroupfs, not on reading the configuration.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { requireRoot } from '@lmctfy/testkit';
import { E2eEnv, show } from '../helpers/run-cli';

const NOBODY = { uid: 65534, gid: 65534 };
let env: E2eEnv;

beforeAll(() => {
  requireRoot();
  env = E2eEnv.create('nonroot');
});

afterAll(async () => {
  await env?.cleanup();
});

function expectDenied(args: string[]): void {
  const r = env.cli(args, { asUser: NOBODY });
  if (r.status !== 7) throw new Error(`expected exit 7 for ${args.join(' ')}\n${show(r)}`);
  expect(r.stderr).toMatch(/^lmctfy: \S/m);
  expect(r.stderr).toMatch(/run as root/);
}

function expectNothingLeft(): void {
  expect(env.cgroups()).toEqual([]);
  for (const dir of env.cgroups()) expect(dir).toBeUndefined();
  expect(env.records()).toEqual([]);
}

it('the config is readable by the unprivileged user (so failures are about privilege)', () => {
  const r = env.cli(['--help'], { asUser: NOBODY });
  expect(r.status).toBe(0);
});

it('create as non-root with a root-owned state directory → 7 "run as root", nothing left', () => {
  expect(existsSync(env.stateDir)).toBe(false); // its parent is root's, mode 0755
  expectDenied(['create', 'nr1', '--memory', '64M']);
  expectNothingLeft();
  expect(existsSync(env.stateDir)).toBe(false);
});

it('create as non-root with a writable state directory fails on cgroupfs → 7, no cgroup, no record', () => {
  mkdirSync(env.stateDir, { recursive: true });
  chmodSync(env.stateDir, 0o1777);
  try {
    expectDenied(['create', 'nr2', '--memory', '64M', '--pids', '8']);
    expectDenied(['run', '--rm', 'nr3', '--memory', '64M', '--', 'true']);
    expectNothingLeft();
    const containersDir = path.join(env.stateDir, 'containers');
    if (existsSync(containersDir)) expect(readdirSync(containersDir)).toEqual([]);
  } finally {
    chmodSync(env.stateDir, 0o700);
  }
});

it('destroy of a root-created container as non-root → 7, and the container survives', () => {
  expect(env.cli(['create', 'owned', '--memory', '64M']).status).toBe(0);
  try {
    const r = env.cli(['destroy', '--force', 'owned'], { asUser: NOBODY });
    expect(r.status).toBe(7);
    expect(r.stderr).toMatch(/run as root/);
    expect(env.records()).toEqual(['/owned']);
    expect(env.cgroups()).toEqual(['owned']);
  } finally {
    expect(env.cli(['destroy', 'owned']).status).toBe(0);
  }
  expectNothingLeft();
});
