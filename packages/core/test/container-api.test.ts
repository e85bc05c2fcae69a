import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ContainerApi, ErrorCode } from '../src';
import { codeOf } from './code-of';
import { useTempDir } from './temp-dir';

const fixtures = join(__dirname, 'fixtures');

async function openApi(stateDir: string, plugins = [join(fixtures, 'fake-plugin')]): Promise<ContainerApi> {
  return ContainerApi.open({
    overrides: { stateDir, plugins, defaultBackend: 'fake' },
    pluginSearchPaths: [],
    env: {},
    cwd: stateDir,
  });
}


describe('ContainerApi', () => {
  const dir = useTempDir();

  it('creates through the named backend, records it, and destroys both', async () => {
    const api = await openApi(dir());
    await expect(api.create('job', { memory: { limit: '64M' } })).resolves.toEqual({ name: '/job', backend: 'fake' });
    await expect(api.spec('job')).resolves.toEqual({ memory: { limit: 64 * 2 ** 20 } });
    await expect(api.listContainers()).resolves.toEqual(['/job']);
    await api.destroy('job');
    await expect(api.listContainers()).resolves.toEqual([]);
    await expect(codeOf(api.spec('job'))).resolves.toBe(ErrorCode.NotFound);
  });

  it('of 20 concurrent creates of one name, exactly one succeeds and 19 say ALREADY_EXISTS', async () => {
    const api = await openApi(dir());
    const codes = await Promise.all(Array.from({ length: 20 }, () => codeOf(api.create('x', {}))));
    expect(codes.filter((c) => c === undefined)).toHaveLength(1);
    expect(codes.filter((c) => c === ErrorCode.AlreadyExists)).toHaveLength(19);
  });

  it('refuses sections the backend cannot apply with UNIMPLEMENTED naming them, leaving nothing', async () => {
    const api = await openApi(dir());
    const err = await api.create('job', { cpu: { max: 1 } }).catch((e) => e);
    expect(err).toMatchObject({ code: ErrorCode.Unimplemented });
    expect(err.message).toMatch(/^cpu: the fake backend cannot apply/);
    await expect(api.listContainers()).resolves.toEqual([]);
  });

  it('rejects a bad spec before touching the backend', async () => {
    const api = await openApi(dir());
    await expect(codeOf(api.create('job', { memory: { limit: '12Q' } }))).resolves.toBe(ErrorCode.InvalidArgument);
    await expect(api.listContainers()).resolves.toEqual([]);
  });

  it('puts children on their parent, which must exist, and removes their records with it', async () => {
    const api = await openApi(dir());
    await expect(codeOf(api.create('a/b'))).resolves.toBe(ErrorCode.NotFound);
    await api.create('a');
    await api.create('a/b');
    await expect(codeOf(api.create('a/c', {}, { backend: 'other' }))).resolves.toBe(ErrorCode.InvalidArgument);
    await expect(api.listContainers('a')).resolves.toEqual(['/a/b']);
    await expect(api.listContainers('/', { recursive: true })).resolves.toEqual(['/a', '/a/b']);
    await api.destroy('a', { force: true });
    await expect(api.listContainers('/', { recursive: true })).resolves.toEqual([]);
  });

  it('treats a record whose kernel objects vanished as absent on create', async () => {
    const stateDir = dir();
    await (await openApi(stateDir)).create('job');
    // A new process (a fresh fake backend) has no such container: the record is stale.
    jest.resetModules();
    const { ContainerApi: FreshApi } = await import('../src');
    const fresh = await FreshApi.open({
      overrides: { stateDir, plugins: [join(fixtures, 'fake-plugin')], defaultBackend: 'fake' },
      pluginSearchPaths: [],
      env: {},
    });
    await expect(fresh.create('job')).resolves.toMatchObject({ name: '/job' });
  });

  it('uses the probe\'s code and hint when a backend is unavailable to this caller', async () => {
    const api = await openApi(dir());
    const err = await api.create('job', {}, { backend: 'denied' }).catch((e) => e);
    expect(err).toMatchObject({ code: ErrorCode.PermissionDenied, hint: 'run as root' });
    expect(err.message).toBe('backend denied is unavailable: no write access to /fake');
  });

  it('leaves no record or lock file behind failed commands or a forced destroy', async () => {
    const stateDir = dir();
    const api = await openApi(stateDir);
    await expect(codeOf(api.create('bad', { memory: { limit: '12Q' } }))).resolves.toBe(ErrorCode.InvalidArgument);
    await expect(codeOf(api.create('bad2', { cpu: { max: 1 } }))).resolves.toBe(ErrorCode.Unimplemented);
    await expect(codeOf(api.destroy('missing'))).resolves.toBe(ErrorCode.NotFound);
    await expect(codeOf(api.pause('missing'))).resolves.toBe(ErrorCode.NotFound);
    await api.create('a');
    await api.create('a/b');
    await api.destroy('a', { force: true });
    expect(filesUnder(stateDir)).toEqual([]);
  });

  it('names an unknown backend as an invalid argument with the known ones in the hint', async () => {
    const api = await openApi(dir());
    const err = await api.create('job', {}, { backend: 'nope' }).catch((e) => e);
    expect(err).toMatchObject({ code: ErrorCode.InvalidArgument, hint: 'known backends: fake, denied, composed' });
  });

  it('reports a plugin that fails to load as a row and a warning, and keeps working', async () => {
    const api = await openApi(dir(), [join(fixtures, 'fake-plugin'), join(fixtures, 'broken-plugin'), '/no/such/plugin']);
    const rows = await api.backends();
    expect(rows.map((r) => [r.name, r.status])).toEqual([
      ['fake', 'available'],
      ['denied', 'unavailable'],
      ['composed', 'available'],
      ['broken', 'failed'],
      ['-', 'failed'],
    ]);
    expect(rows[3].reason).toContain('broken on purpose');
    expect(api.warnings().join('\n')).toMatch(/lmctfy-broken-plugin failed to load/);
    await expect(codeOf(api.create('job', {}, { backend: 'broken' }))).resolves.toBe(ErrorCode.Unavailable);
    await expect(api.create('job')).resolves.toMatchObject({ backend: 'fake' });
  });

  it('runs a one-shot job through the backend\'s runOnce, recorded only while it runs', async () => {
    const stateDir = dir();
    const api = await openApi(stateDir);
    let during: Promise<string[]> | undefined;
    let started: number | undefined;
    const result = await api.runOnce('job', { memory: { limit: '64M' }, process: { args: ['exit', '3'] } }, {
      onStart: (pid) => {
        started = pid;
        during = api.listContainers();
      },
    });
    expect(result).toEqual({ pid: 1, exitCode: 3 }); // the fake's runOnce, not run()
    expect(started).toBe(1);
    await expect(during).resolves.toEqual(['/job']);
    await expect(api.listContainers()).resolves.toEqual([]);
    expect(filesUnder(stateDir)).toEqual([]);
  });

  it('gives a concurrent create of a running one-shot job\'s name ALREADY_EXISTS', async () => {
    const api = await openApi(dir());
    let created: Promise<ErrorCode | undefined> | undefined;
    await api.runOnce('job', { process: { args: ['exit', '0'] } }, { onStart: () => (created = codeOf(api.create('job'))) });
    await expect(created).resolves.toBe(ErrorCode.AlreadyExists);
    await expect(api.listContainers()).resolves.toEqual([]);
  });

  it('checks a one-shot job like create: bad sections and unavailable backends leave nothing', async () => {
    const stateDir = dir();
    const api = await openApi(stateDir);
    await expect(codeOf(api.runOnce('job', { cpu: { max: 1 }, process: { args: ['true'] } }))).resolves.toBe(ErrorCode.Unimplemented);
    await expect(codeOf(api.runOnce('job', { process: { args: ['true'] } }, { backend: 'denied' }))).resolves.toBe(ErrorCode.PermissionDenied);
    await expect(codeOf(api.runOnce('job', { memory: { limit: '64M' } }))).resolves.toBe(ErrorCode.InvalidArgument);
    await api.create('job');
    await expect(codeOf(api.runOnce('job', { process: { args: ['true'] } }))).resolves.toBe(ErrorCode.AlreadyExists);
    await api.destroy('job');
    expect(filesUnder(stateDir)).toEqual([]);
  });

  it('composes create, run and destroy for a backend without runOnce', async () => {
    const stateDir = dir();
    const api = await openApi(stateDir);
    let during: Promise<string[]> | undefined;
    const result = await api.runOnce('job', { process: { args: ['exit', '4'] } }, { backend: 'composed', onStart: () => (during = api.listContainers()) });
    expect(result).toEqual({ pid: 4243, exitCode: 4 }); // run(), after create()
    expect(during).toBeUndefined(); // the fake run() reports no start
    await expect(api.listContainers()).resolves.toEqual([]);
    await expect(codeOf(api.spec('job'))).resolves.toBe(ErrorCode.NotFound);
    expect(filesUnder(stateDir)).toEqual([]);
  });

  it('detects the container of a pid through the owning backends', async () => {
    const api = await openApi(dir());
    await expect(api.detect(4242)).resolves.toEqual({ name: '/' });
    await api.create('job');
    await expect(api.detect(4242)).resolves.toEqual({ name: '/job', backend: 'fake' });
    await expect(codeOf(api.detect(-1))).resolves.toBe(ErrorCode.InvalidArgument);
  });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name));
}
