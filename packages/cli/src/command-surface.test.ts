/**
 * Pins the CLI surface that the README and test/e2e are written against: command ids,
 * their flags, --json on every command, a description and an example each.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS } from './index';

const RESOURCE = [
  'memory', 'memory-reservation', 'swap', 'memory-high', 'oom-kill-disable', 'oom-group',
  'cpu', 'cpu-weight', 'cpu-shares', 'cpuset', 'cpuset-mems', 'cpu-latency',
  'blkio-weight', 'blkio-weight-device', 'device-read-bps', 'device-write-bps', 'device-read-iops', 'device-write-iops',
  'pids', 'hugetlb', 'device-deny', 'device-allow', 'backend', 'spec',
];

const NAMESPACE = ['rootfs', 'hostname', 'mount', 'uid-map', 'gid-map', 'net', 'bridge', 'address', 'gateway'];

const SURFACE: Record<string, string[]> = {
  backends: [],
  create: [...RESOURCE, ...NAMESPACE],
  destroy: ['force'],
  detect: [],
  enter: [],
  killall: [],
  'list:containers': ['recursive'],
  'list:pids': ['recursive'],
  'notify:empty': [],
  'notify:memory-threshold': [],
  'notify:oom': [],
  pause: [],
  resume: [],
  run: ['detach', 'rm', 'env', 'cwd', ...RESOURCE, ...NAMESPACE],
  spec: [],
  stats: ['full'],
  update: ['diff', 'replace', ...RESOURCE.filter((f) => f !== 'backend')],
};

describe('command surface', () => {
  it('has exactly the documented commands and flags', () => {
    const actual = Object.fromEntries(
      Object.entries(COMMANDS).map(([id, c]) => [id, Object.keys(c.flags ?? {}).sort()]),
    );
    const expected = Object.fromEntries(Object.entries(SURFACE).map(([id, f]) => [id, [...f].sort()]));
    expect(actual).toEqual(expected);
  });

  it.each(Object.entries(COMMANDS))('%s has --json, --config, a description and an example', (_id, c) => {
    expect(c.enableJsonFlag).toBe(true);
    expect(Object.keys(c.baseFlags ?? {})).toEqual(['config']);
    expect(c.summary ?? c.description).toBeTruthy();
    expect(c.examples?.length).toBeGreaterThan(0);
  });

  it('keeps the short flags of lmctfy', () => {
    expect(COMMANDS.destroy.flags.force.char).toBe('f');
    expect(COMMANDS['list:pids'].flags.recursive.char).toBe('r');
    expect(COMMANDS.run.flags.detach.char).toBe('d');
    expect(COMMANDS.create.flags.spec.char).toBe('c');
  });
});

describe('startup cost', () => {
  // `lmctfy --help` must not load @lmctfy/core (inversify, cosmiconfig, koffi): commands
  // reach it only through src/core.ts, after parsing.
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
    );

  it.each(files(__dirname).map((f) => [f.slice(__dirname.length + 1), f]))('%s imports only types from @lmctfy/*', (_rel, file) => {
    const valueImports = readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => /from '@lmctfy\//.test(l) && !/^import type /.test(l));
    expect(valueImports).toEqual([]);
  });
});
