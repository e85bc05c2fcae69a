import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ErrorCode } from '@lmctfy/core';
import { JOIN_FAILED_EXIT, JoinError, ProcessLauncher } from '../src/process-launcher';

// Regular files stand in for cgroup.procs: the shim writes its pid, then execs the payload.
describe('ProcessLauncher (join-then-exec shim)', () => {
  let dir: string;
  const launcher = new ProcessLauncher();
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lmctfy-launch-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the payload pid into every procs file before exec, and passes the exit code', async () => {
    const procs = [path.join(dir, 'a'), path.join(dir, 'b')];
    const out = path.join(dir, 'out');
    const r = await launcher.run(procs, { args: ['sh', '-c', `echo $$ > ${out}; exit 3`] }, { mode: 'foreground' });
    expect(r.exitCode).toBe(3);
    for (const f of [...procs, out]) expect(fs.readFileSync(f, 'utf8').trim()).toBe(String(r.pid));
  });

  it('reports a signal death as the signal name', async () => {
    const r = await launcher.run([], { args: ['sh', '-c', 'kill -TERM $$'] }, { mode: 'foreground' });
    expect(r).toEqual({ pid: r.pid, signal: 'SIGTERM' });
  });

  it('keeps "command not found" as exit code 127, like sh and runc', async () => {
    const r = await launcher.run([], { args: ['lmctfy-no-such-command'] }, { mode: 'foreground' });
    expect(r.exitCode).toBe(127);
  });

  it.each(['foreground', 'detached'] as const)('fails %s runs that cannot join a cgroup, instead of running outside it, and says why', async (mode) => {
    const out = path.join(dir, 'ran');
    const procs = path.join(dir, 'missing', 'cgroup.procs');
    const run = launcher.run([procs], { args: ['touch', out] }, { mode });
    await expect(run).rejects.toBeInstanceOf(JoinError);
    await expect(run).rejects.toMatchObject({ code: ErrorCode.FailedPrecondition });
    // The shell's own error and the file, even detached (no stderr there).
    await expect(run).rejects.toThrow(new RegExp(`could not move the process.*exited ${JOIN_FAILED_EXIT}\\): .*${procs}.*(No such file|nonexistent).*cannot write pid \\d+ to ${procs}`));
    expect(fs.existsSync(out)).toBe(false);
  });

  it('reports the write error of the second of several procs files, and runs nothing', async () => {
    const out = path.join(dir, 'ran');
    const first = path.join(dir, 'a');
    const dirAsFile = path.join(dir, 'is-a-dir');
    fs.mkdirSync(dirAsFile);
    await expect(launcher.run([first, dirAsFile], { args: ['touch', out] }, { mode: 'foreground' })).rejects.toThrow(
      new RegExp(`cannot create ${dirAsFile}: Is a directory; lmctfy-join: cannot write pid \\d+ to ${dirAsFile}$`),
    );
    expect(fs.existsSync(out)).toBe(false);
  });

  it('calls onStart with the pid once the process is in its cgroups', async () => {
    const procs = path.join(dir, 'procs');
    const seen: string[] = [];
    const r = await launcher.run([procs], { args: ['true'] }, { mode: 'foreground', onStart: (pid) => seen.push(`${pid}:${fs.readFileSync(procs, 'utf8').trim()}`) });
    expect(seen).toEqual([`${r.pid}:${r.pid}`]);
  });

  it('passes env and cwd, and a "--" inside the payload argv stays an argument', async () => {
    const out = path.join(dir, 'env');
    await launcher.run([], { args: ['sh', '-c', `echo "$FOO $(pwd) $1" > ${out}`, 'sh', '--'], env: { FOO: 'bar' }, cwd: dir }, { mode: 'foreground' });
    expect(fs.readFileSync(out, 'utf8').trim()).toBe(`bar ${fs.realpathSync(dir)} --`);
  });

  it('resolves detached runs with the pid at once', async () => {
    const procs = path.join(dir, 'procs');
    const r = await launcher.run([procs], { args: ['sleep', '0.2'] }, { mode: 'detached' });
    expect(r.exitCode).toBeUndefined();
    expect(r.pid).toBeGreaterThan(0);
    expect(fs.readFileSync(procs, 'utf8').trim()).toBe(String(r.pid));
  });
});
