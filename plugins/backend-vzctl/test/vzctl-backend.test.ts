import * as path from 'node:path';
import { ContainerName, ErrorCode } from '@lmctfy/core';
import { isDead, waitFor } from '@lmctfy/testkit';
import { CommandRunner } from '../src/command-runner';
import type { CommandResult } from '../src/vzctl-errors';
import { VzctlBackend } from '../src/vzctl-backend';
import { makeFakeVz } from './fake-vz-host';
import type { FakeVz } from './fake-vz-host';

const n = (s: string): ContainerName => ContainerName.parse(s);
const MiB = 1024 * 1024;

/** Records every invocation (tool basename + args) and runs it for real on the fake. */
class RecordingRunner extends CommandRunner {
  readonly calls: string[] = [];
  override run(file: string, args: readonly string[]): Promise<CommandResult> {
    this.calls.push([path.basename(file), ...args].join(' '));
    return super.run(file, args);
  }
}

async function failureOf(p: Promise<unknown>): Promise<{ code?: number; message?: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code?: number; message?: string };
  }
  return {};
}

describe('VzctlBackend on the fake vzctl', () => {
  let fake: FakeVz;
  let runner: RecordingRunner;
  let backend: VzctlBackend;
  const made: ContainerName[] = [];
  const pids: number[] = [];

  beforeEach(() => {
    fake = makeFakeVz();
    runner = new RecordingRunner();
    backend = new VzctlBackend(fake.config, runner);
  });
  afterEach(async () => {
    try {
      for (const name of made.splice(0)) await backend.destroy(name, { force: true }).catch(() => undefined);
      for (const pid of pids.splice(0)) if (!isDead(pid)) process.kill(pid, 'SIGKILL');
    } finally {
      fake.cleanup(); // also kills whatever the fake still tracks
    }
  });

  it('create batch1 --memory 512M --cpu 1.5: vzctl create, one set --save, start', async () => {
    made.push(n('batch1'));
    await backend.create(n('batch1'), { memory: { limit: 512 * MiB }, cpu: { max: 1.5 } });
    const vzctl = runner.calls.filter((c) => c.startsWith('vzctl '));
    expect(vzctl).toEqual([
      'vzctl create 101 --ostemplate centos-7-x86_64 --name batch1',
      'vzctl set 101 --ram 512M --cpulimit 150 --save',
      'vzctl start 101',
    ]);
    expect(fake.conf(101)).toContain('PHYSPAGES="0:131072"\n');
    expect(fake.conf(101)).toContain('CPULIMIT="150"\n');
    expect(await backend.spec(n('batch1'))).toMatchObject({ memory: { limit: 512 * MiB }, cpu: { max: 1.5 } });
    expect(fake.tool('vzlist', ['-H', '-o', 'ctid,name']).stdout).toBe('       101 batch1\n');
  });

  it('the next container gets the lowest free CTID, even one no lmctfy container used', async () => {
    expect(fake.tool('vzctl', ['create', '101', '--ostemplate', 'centos-7-x86_64']).code).toBe(0); // not lmctfy's
    made.push(n('b'));
    await backend.create(n('b'), {});
    expect(runner.calls).toContain('vzctl create 102 --ostemplate centos-7-x86_64 --name b');
  });

  it('refuses an unmappable field with UNIMPLEMENTED before creating anything', async () => {
    const e = await failureOf(backend.create(n('x'), { memory: { limit: MiB, reservation: MiB } }));
    expect(e).toMatchObject({ code: ErrorCode.Unimplemented, message: expect.stringContaining('memory.reservation') });
    expect(runner.calls.filter((c) => c.startsWith('vzctl'))).toEqual([]);
    expect(await backend.exists(n('x'))).toBe(false);
  });

  it('a child of an existing container is UNIMPLEMENTED (OpenVZ is flat)', async () => {
    made.push(n('p'));
    await backend.create(n('p'), {});
    expect((await failureOf(backend.create(n('p/c'), {}))).code).toBe(ErrorCode.Unimplemented);
  });

  it('a value vzctl rejects undoes the create (nothing left behind)', async () => {
    const e = await failureOf(backend.create(n('bad'), { cpu: { cpus: '0-99999' } }));
    expect(e.code).toBe(ErrorCode.InvalidArgument); // vzctl set exit 21
    expect(await backend.exists(n('bad'))).toBe(false);
    expect(fake.tool('vzlist', ['-a', '-1']).stdout).toBe('');
  });

  it('create without backends.vzctl.ostemplate is FAILED_PRECONDITION naming the key', async () => {
    const cfg = { ...fake.config, backends: { vzctl: { ...fake.config.backends.vzctl, ostemplate: undefined } } };
    delete (cfg.backends.vzctl as Record<string, unknown>).ostemplate;
    const e = await failureOf(new VzctlBackend(cfg, runner).create(n('t'), {}));
    expect(e).toMatchObject({ code: ErrorCode.FailedPrecondition, message: expect.stringContaining('backends.vzctl.ostemplate') });
  });

  it('probe: unavailable without /proc/vz or without vzctl, with the reason', async () => {
    const noVz = { ...fake.config, backends: { vzctl: { ...fake.config.backends.vzctl, procVz: path.join(fake.root, 'none') } } };
    expect(await new VzctlBackend(noVz, runner).probe()).toMatchObject({ available: false, reason: expect.stringContaining('not an OpenVZ kernel') });
    const noTool = { ...fake.config, backends: { vzctl: { ...fake.config.backends.vzctl, vzctl: '/nonexistent/vzctl' } } };
    expect(await new VzctlBackend(noTool, runner).probe()).toMatchObject({ available: false, reason: '/nonexistent/vzctl not found' });
    const bad = { ...fake.config, backends: { vzctl: { typo: 'x' } } };
    expect(await new VzctlBackend(bad, runner).probe()).toMatchObject({ available: false, reason: expect.stringContaining('typo') });
    expect(await backend.probe()).toMatchObject({ available: true, capabilities: { resources: ['cpu', 'memory', 'blkio', 'pids'], exec: false, events: [] } });
  });

  it('destroy refuses a container with a detached process (9) unless forced', async () => {
    made.push(n('busy'));
    await backend.create(n('busy'), {});
    const { pid } = await backend.run(n('busy'), { args: ['sleep', '30'] }, { mode: 'detached' });
    pids.push(pid);
    expect(await backend.listPids(n('busy'))).toEqual([pid]);
    expect((await failureOf(backend.destroy(n('busy')))).code).toBe(ErrorCode.FailedPrecondition);
    await backend.destroy(n('busy'), { force: true });
    await waitFor(() => isDead(pid), 5000, `death of ${pid}`);
    expect(await backend.exists(n('busy'))).toBe(false);
  });

  it('run passes env and cwd through the exec2 command line', async () => {
    made.push(n('env'));
    await backend.create(n('env'), {});
    const r = await backend.run(n('env'), { args: ['sh', '-c', 'test "$PWD" = /tmp && test "$V" = "a b"'], env: { V: 'a b' }, cwd: '/tmp' }, { mode: 'foreground' });
    expect(r.exitCode).toBe(0);
  });

  it('update applies the same mapping with vzctl set --save; killAll empties the container', async () => {
    made.push(n('u'));
    await backend.create(n('u'), { pids: { max: 32 } });
    await backend.update(n('u'), { pids: { max: 64 }, cpu: { weight: 200 } }, 'diff');
    expect(runner.calls).toContain('vzctl set 101 --cpuunits 2000 --numproc 64:64 --save');
    expect(fake.conf(101)).toContain('NUMPROC="64"\n');
    const { pid } = await backend.run(n('u'), { args: ['sleep', '30'] }, { mode: 'detached' });
    pids.push(pid);
    await backend.killAll(n('u'));
    expect(await backend.listPids(n('u'))).toEqual([]);
    expect(isDead(pid) || (await waitFor(() => isDead(pid), 5000))).toBe(true);
  });

  it('watch: NOT_FOUND for a missing container, UNIMPLEMENTED otherwise', async () => {
    const first = (name: string): Promise<unknown> => backend.watch(n(name), { type: 'oom' })[Symbol.asyncIterator]().next();
    expect((await failureOf(first('nope'))).code).toBe(ErrorCode.NotFound);
    made.push(n('w'));
    await backend.create(n('w'), {});
    expect((await failureOf(first('w'))).code).toBe(ErrorCode.Unimplemented);
  });
});
