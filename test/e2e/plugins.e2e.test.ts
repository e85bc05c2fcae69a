/**
 * A broken plugin (listed in the config; its module throws on require) is a failed row in
 * `backends --json`, a warning at most elsewhere, and never stops the cgroup backend.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { requireRoot } from '@lmctfy/testkit';
import { E2eEnv, show } from '../helpers/run-cli';

let env: E2eEnv;
let pluginDir: string;

beforeAll(() => {
  requireRoot();
  // The plugin lives next to the config; the env's temp dir is created first, so build
  // the env with the plugin path it will contain.
  const probe = E2eEnv.create('plugin-probe');
  const base = probe.dir;
  pluginDir = path.join(base, 'lmctfy-broken-plugin');
  mkdirSync(pluginDir, { recursive: true });
  writeFileSync(
    path.join(pluginDir, 'package.json'),
    JSON.stringify({ name: 'lmctfy-broken-plugin', version: '1.0.0', lmctfy: { backends: ['broken'], module: 'index.js' } }),
  );
  writeFileSync(path.join(pluginDir, 'index.js'), "throw new Error('broken plugin: boom at require');\n");
  env = probe;
  // Rewrite the config to list the plugin (absolute path).
  writeFileSync(
    env.configFile,
    JSON.stringify({ cgroupRoot: env.cgroupRoot, stateDir: env.stateDir, plugins: [pluginDir] }, null, 2),
  );
});

afterAll(async () => {
  await env?.cleanup();
});

it('backends --json shows the broken plugin as a failed row and cgroup as available', () => {
  const r = env.cli(['backends', '--json']);
  if (r.status !== 0) throw new Error(show(r));
  const rows = JSON.parse(r.stdout) as Array<{ name: string; packageName: string; status: string; reason?: string }>;
  const broken = rows.find((row) => row.name === 'broken' || row.packageName === 'lmctfy-broken-plugin');
  expect(broken).toBeDefined();
  expect(broken?.status).toBe('failed');
  expect(broken?.reason).toMatch(/boom at require/);
  expect(rows.find((row) => row.name === 'cgroup')?.status).toBe('available');
});

it('create/run/destroy with the cgroup backend still work', () => {
  const created = env.cli(['create', 'alive', '--memory', '64M']);
  if (created.status !== 0) throw new Error(show(created));
  const run = env.cli(['run', 'alive', '--', 'sh', '-c', 'exit 5']);
  expect(run.status).toBe(5);
  expect(env.cli(['destroy', 'alive']).status).toBe(0);
  expect(env.records()).toEqual([]);
  expect(env.cgroups()).toEqual([]);
});

it('asking for the broken backend by name fails with UNAVAILABLE (14) and leaves nothing', () => {
  const r = env.cli(['create', 'nope', '--backend', 'broken']);
  expect(r.status).toBe(14);
  expect(r.stderr).toMatch(/broken/);
  expect(env.records()).toEqual([]);
  expect(env.cgroups()).toEqual([]);
});
