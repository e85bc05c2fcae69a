import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { resolveExecutable } from '../src';

// execProcess replaces the calling process, so it is tested in a child Node running the
// built bundle (npm test builds first).
const coreBundle = join(__dirname, '../dist/index.js');

function execInChild(args: string[], env: Record<string, string> = {}): ReturnType<typeof spawnSync> {
  if (!existsSync(coreBundle)) throw new Error(`${coreBundle} is missing: run npm run build first`);
  const spec = JSON.stringify({ args, env });
  const script = `require(${JSON.stringify(coreBundle)}).execProcess(${spec}, { beforeExec: () => console.log('before') })`;
  return spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

describe('execProcess', () => {
  it('keeps the pid and passes the exit code through', () => {
    const r = execInChild(['sh', '-c', 'echo $$; exit 42']);
    expect(r.status).toBe(42);
    expect(String(r.stdout).split('\n')).toEqual(['before', String(r.pid), '']);
  });

  it('gives the payload open, blocking stdio and default SIGPIPE/SIGXFSZ handling', () => {
    // SigIgn is a hex mask of ignored signals: bit 12 is SIGPIPE (13), bit 24 SIGXFSZ (25).
    const r = execInChild([
      'sh',
      '-c',
      'grep SigIgn /proc/self/status; grep flags /proc/self/fdinfo/1; echo to-stderr >&2',
    ]);
    expect(r.stderr).toBe('to-stderr\n');
    expect(String(r.stdout)).toMatch(/^before\n/);
    const ignored = BigInt('0x' + /SigIgn:\s*([0-9a-f]+)/.exec(String(r.stdout))![1]);
    expect(ignored & (1n << 12n)).toBe(0n);
    expect(ignored & (1n << 24n)).toBe(0n);
    const flags = parseInt(/flags:\s*([0-7]+)/.exec(String(r.stdout))![1], 8);
    expect(flags & 0o4000).toBe(0); // O_NONBLOCK
  });

  it('merges the spec environment over the caller’s and looks the command up in PATH', () => {
    const r = execInChild(['printenv', 'LMCTFY_TEST'], { LMCTFY_TEST: 'yes' });
    expect(r.stdout).toBe('before\nyes\n');
  });

  it('never runs beforeExec (the join) when the command does not exist', () => {
    const r = execInChild(['no-such-command-lmctfy']);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('command "no-such-command-lmctfy" not found in PATH');
    expect(r.status).not.toBe(0);
  });

  it('fails with NOT_FOUND when the command is not in PATH', () => {
    expect(() => resolveExecutable('no-such-command-lmctfy', '/usr/bin:/bin')).toThrow(/command "no-such-command-lmctfy" not found in PATH/);
    expect(resolveExecutable('sh', '/nonexistent:/bin')).toBe('/bin/sh');
  });
});
