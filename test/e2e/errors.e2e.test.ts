/**
 * Bad input: the exit code is the canonical code, stderr says `lmctfy: <message>` naming
 * the culprit, and a failed command leaves no cgroup directory and no record behind.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { requireRoot } from '@lmctfy/testkit';
import { E2eEnv, show, type CliResult } from '../helpers/run-cli';

let env: E2eEnv;

beforeAll(() => {
  requireRoot();
  env = E2eEnv.create('errors');
});

afterAll(async () => {
  await env?.cleanup();
});

/** Asserts exit code + an `lmctfy: ` message matching every pattern, and an untouched world. */
function expectFailure(r: CliResult, code: number, ...patterns: RegExp[]): void {
  if (r.status !== code) throw new Error(`expected exit ${code}\n${show(r)}`);
  expect(r.stderr).toMatch(/^lmctfy: \S/m);
  for (const p of patterns) expect(r.stderr).toMatch(p);
}

function expectNothingLeft(except: string[] = []): void {
  expect(env.records()).toEqual(except.map((n) => `/${n}`));
  expect(env.cgroups()).toEqual(except);
}

describe('bad input fails with the canonical code and names the culprit', () => {
  afterEach(() => {
    // Whatever a case created on purpose is removed by the case itself; nothing else may exist.
    expectNothingLeft();
  });

  it('unknown flag → 3', () => {
    expectFailure(env.cli(['create', 'c1', '--bogus']), 3, /bogus/);
  });

  it('unknown command → 5', () => {
    expectFailure(env.cli(['frobnicate']), 5, /frobnicate/);
  });

  it('--memory 12Q → 3, mentioning memory and 12Q', () => {
    expectFailure(env.cli(['create', 'c2', '--memory', '12Q']), 3, /memory/i, /12Q/);
  });

  it('--cpu nonsense → 3', () => {
    expectFailure(env.cli(['create', 'c3', '--cpu', 'lots']), 3, /cpu/i, /lots/);
  });

  it('name ../x → 3, naming the name', () => {
    expectFailure(env.cli(['create', '../x']), 3, /\.\.\/x/);
  });

  it('create twice → 6, and the first is untouched', () => {
    expect(env.cli(['create', 'twice', '--memory', '64M']).status).toBe(0);
    try {
      expectFailure(env.cli(['create', 'twice', '--memory', '128M']), 6, /twice/, /exists/i);
      expectNothingLeft(['twice']);
      expect(JSON.parse(env.cli(['spec', 'twice', '--json']).stdout).memory.limit).toBe(64 * 1024 * 1024);
    } finally {
      expect(env.cli(['destroy', 'twice']).status).toBe(0);
    }
  });

  it('destroy of a missing container → 5', () => {
    expectFailure(env.cli(['destroy', 'ghost']), 5, /ghost/);
    expectFailure(env.cli(['destroy', '--force', 'ghost']), 5, /ghost/);
  });

  it('other commands on a missing container → 5', () => {
    for (const args of [['stats', 'ghost'], ['spec', 'ghost'], ['list', 'pids', 'ghost'], ['pause', 'ghost'], ['killall', 'ghost'], ['run', 'ghost', '--', 'true']]) {
      expectFailure(env.cli(args), 5, /ghost/);
    }
  });

  it('create of a child whose parent is missing → 5', () => {
    expectFailure(env.cli(['create', 'noparent/child']), 5, /noparent/);
  });

  it('invalid JSON spec file → 3, naming the file', () => {
    const file = path.join(env.dir, 'broken-spec.json');
    writeFileSync(file, '{ "memory": { "limit": "64M" ', { mode: 0o644 });
    expectFailure(env.cli(['create', 'badspec', '-c', file]), 3, /broken-spec\.json/);
  });

  it('a spec file with an unknown field → 3, naming the field', () => {
    const file = path.join(env.dir, 'unknown-field.json');
    writeFileSync(file, JSON.stringify({ memory: { limitt: '64M' } }), { mode: 0o644 });
    expectFailure(env.cli(['create', 'badfield', '-c', file]), 3, /limitt/);
  });

  it('a missing spec file → 3 (or 5), naming the file', () => {
    const r = env.cli(['create', 'nofile', '-c', path.join(env.dir, 'nope.yaml')]);
    expect([3, 5]).toContain(r.status);
    expect(r.stderr).toMatch(/nope\.yaml/);
  });

  it('inline JSON spec that does not parse → 3', () => {
    expectFailure(env.cli(['create', 'inline', '{"memory":']), 3);
  });

  it('a limit the kernel refuses leaves nothing half-created', () => {
    // cpuset on CPUs this host does not have: the kernel refuses the write.
    const r = env.cli(['create', 'halfway', '--memory', '64M', '--cpuset', '0-511']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/^lmctfy: /m);
  });
});
