import { join } from 'node:path';
import { ContainerApi, ErrorCode } from '../src';
import { codeOf } from './code-of';
import { useTempDir } from './temp-dir';

const MiB = 2 ** 20;

async function openApi(stateDir: string): Promise<ContainerApi> {
  return ContainerApi.open({
    overrides: { stateDir, plugins: [join(__dirname, 'fixtures', 'fake-plugin')], defaultBackend: 'fake' },
    pluginSearchPaths: [],
    env: {},
    cwd: stateDir,
  });
}


describe('ContainerApi.update', () => {
  const dir = useTempDir();

  it('diff changes the given fields and resolves with the spec read back', async () => {
    const api = await openApi(dir());
    await api.create('job', { memory: { limit: '64M' }, pids: { max: 10 } });
    await expect(api.update('job', { memory: { limit: '128M' } })).resolves.toEqual({ memory: { limit: 128 * MiB }, pids: { max: 10 } });
  });

  it('replace resets the unset fields of every isolated section', async () => {
    const api = await openApi(dir());
    await api.create('job', { memory: { limit: '64M' }, pids: { max: 10 } });
    await expect(api.update('job', { memory: {}, pids: { max: 5 } }, { policy: 'replace' })).resolves.toEqual({
      memory: { limit: 'max' },
      pids: { max: 5 },
    });
    await expect(codeOf(api.update('job', { memory: {} }, { policy: 'replace' }))).resolves.toBe(ErrorCode.InvalidArgument);
  });

  it('refuses what lmctfy refuses, with the canonical codes', async () => {
    const api = await openApi(dir());
    await api.create('job', { memory: { limit: '64M' } });
    await expect(codeOf(api.update('job', { pids: { max: 5 } }))).resolves.toBe(ErrorCode.InvalidArgument);
    await expect(codeOf(api.update('job', { cpu: { max: 1 } }))).resolves.toBe(ErrorCode.Unimplemented);
    await expect(codeOf(api.update('job', { memory: { limit: '12Q' } }))).resolves.toBe(ErrorCode.InvalidArgument);
    await expect(codeOf(api.update('job', {}, { policy: 'merge' as 'diff' }))).resolves.toBe(ErrorCode.InvalidArgument);
    await expect(codeOf(api.update('nope', { memory: {} }))).resolves.toBe(ErrorCode.NotFound);
    await expect(api.spec('job')).resolves.toEqual({ memory: { limit: 64 * MiB } });
  });
});

describe('ContainerApi.watch', () => {
  const dir = useTempDir();

  it('yields the backend events, then throws NOT_FOUND once the container is destroyed', async () => {
    const api = await openApi(dir());
    await api.create('job', {});
    const it = api.watch('job', { type: 'empty' })[Symbol.asyncIterator]();
    await expect(it.next()).resolves.toMatchObject({ done: false, value: { type: 'empty', container: '/job' } });
    const next = it.next();
    await api.destroy('job');
    await expect(codeOf(next)).resolves.toBe(ErrorCode.NotFound);
  });

  it('ends quietly when its signal aborts', async () => {
    const api = await openApi(dir());
    await api.create('job', {});
    const abort = new AbortController();
    const seen: string[] = [];
    for await (const e of api.watch('job', { type: 'empty' }, { signal: abort.signal })) {
      seen.push(e.type);
      abort.abort();
    }
    expect(seen).toEqual(['empty']);
  });

  it('refuses bad events, events the backend lacks and missing containers on the first next()', async () => {
    const api = await openApi(dir());
    await api.create('job', {});
    const first = (event: unknown, name = 'job'): Promise<unknown> => api.watch(name, event)[Symbol.asyncIterator]().next();
    await expect(codeOf(first({ type: 'boom' }))).resolves.toBe(ErrorCode.InvalidArgument);
    await expect(codeOf(first({ type: 'oom' }))).resolves.toBe(ErrorCode.Unimplemented);
    await expect(codeOf(first({ type: 'memory-threshold', bytes: '1G' }))).resolves.toBe(ErrorCode.Unimplemented);
    await expect(codeOf(first({ type: 'empty' }, 'nope'))).resolves.toBe(ErrorCode.NotFound);
  });
});
