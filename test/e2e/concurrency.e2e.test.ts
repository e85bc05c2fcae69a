/** Concurrent CLI invocations on one name: exactly one create wins, the rest get ALREADY_EXISTS. */
import { requireRoot } from '@lmctfy/testkit';
import { E2eEnv, show } from '../helpers/run-cli';

let env: E2eEnv;

beforeAll(() => {
  requireRoot();
  env = E2eEnv.create('race');
});

afterAll(async () => {
  await env?.cleanup();
});

it('20 concurrent `create x` → exactly one exit 0 and 19 exit 6; then destroy leaves nothing', async () => {
  const results = await Promise.all(
    Array.from({ length: 20 }, () => env.cliAsync(['create', 'x', '--memory', '64M', '--pids', '64'], { timeoutMs: 60_000 })),
  );
  const codes = results.map((r) => r.status);
  const summary = results.map(show).join('\n=====\n');
  const zeros = codes.filter((c) => c === 0).length;
  const sixes = codes.filter((c) => c === 6).length;
  if (zeros !== 1 || sixes !== 19) throw new Error(`exit codes ${JSON.stringify(codes)}\n${summary}`);
  for (const r of results.filter((x) => x.status === 6)) expect(r.stderr).toMatch(/^lmctfy: .*x/m);

  expect(env.records()).toEqual(['/x']);
  expect(env.cgroups()).toEqual(['x']);
  const spec = JSON.parse(env.cli(['spec', 'x', '--json']).stdout);
  expect(spec.memory.limit).toBe(64 * 1024 * 1024);

  expect(env.cli(['destroy', 'x']).status).toBe(0);
  expect(env.records()).toEqual([]);
  expect(env.cgroups()).toEqual([]);
}, 90_000);

it('concurrent create and destroy of distinct names do not interfere', async () => {
  const names = Array.from({ length: 8 }, (_, i) => `n${i}`);
  const created = await Promise.all(names.map((n) => env.cliAsync(['create', n, '--pids', '8'], { timeoutMs: 60_000 })));
  expect(created.map((r) => r.status)).toEqual(names.map(() => 0));
  expect(env.records()).toEqual(names.map((n) => `/${n}`).sort());
  const destroyed = await Promise.all(names.map((n) => env.cliAsync(['destroy', n], { timeoutMs: 60_000 })));
  expect(destroyed.map((r) => r.status)).toEqual(names.map(() => 0));
  expect(env.records()).toEqual([]);
  expect(env.cgroups()).toEqual([]);
}, 90_000);
