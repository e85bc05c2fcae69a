/** Spec files (-c/--spec, YAML or JSON) and inline JSON specs, with flags overriding fields. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { requireRoot } from '@lmctfy/testkit';
import { E2eEnv, show } from '../helpers/run-cli';

let env: E2eEnv;
const MiB = 1024 * 1024;

beforeAll(() => {
  requireRoot();
  env = E2eEnv.create('spec');
});

afterAll(async () => {
  await env?.cleanup();
});

function specOf(name: string): Record<string, any> {
  const r = env.cli(['spec', name, '--json']);
  if (r.status !== 0) throw new Error(show(r));
  return JSON.parse(r.stdout);
}

it('a YAML spec file via -c, with a flag overriding one field', () => {
  const file = path.join(env.dir, 'batch.yaml');
  writeFileSync(file, ['# a batch job', 'memory:', '  limit: 256M', 'cpu:', '  max: 500m', 'pids:', '  max: 50', ''].join('\n'));
  const r = env.cli(['create', 'yaml1', '-c', file, '--pids', '99']);
  expect(r.status).toBe(0);
  try {
    const spec = specOf('yaml1');
    expect(spec.memory.limit).toBe(256 * MiB); // from the file
    expect(spec.cpu.max).toBeCloseTo(0.5, 3); // from the file ("500m" = half a CPU)
    expect(spec.pids.max).toBe(99); // the flag wins
  } finally {
    expect(env.cli(['destroy', 'yaml1']).status).toBe(0);
  }
});

it('--spec FILE (JSON) and an inline JSON spec argument', () => {
  const file = path.join(env.dir, 'small.json');
  writeFileSync(file, JSON.stringify({ memory: { limit: '32M' } }));
  expect(env.cli(['create', 'json1', '--spec', file, '--memory', '48M']).status).toBe(0);
  expect(env.cli(['create', 'json2', '{"pids":{"max":12},"memory":{"limit":"16M"}}']).status).toBe(0);
  try {
    expect(specOf('json1').memory.limit).toBe(48 * MiB);
    const s2 = specOf('json2');
    expect(s2.pids.max).toBe(12);
    expect(s2.memory.limit).toBe(16 * MiB);
  } finally {
    env.cli(['destroy', 'json1']);
    env.cli(['destroy', 'json2']);
  }
  expect(env.records()).toEqual([]);
  expect(env.cgroups()).toEqual([]);
});
