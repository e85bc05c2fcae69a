import { ContainerName, ErrorCode, notFound } from '@lmctfy/core';
import {
  backendContractChecks,
  contractCheck,
  describeBackendContract,
  expectLmctfyCode,
  requireRoot,
  runContractCheck,
  uniqueName,
  waitFor,
} from '../src';
import { CarelessDestroyBackend, DuplicateCreateBackend, FakeBackend, WrongUnitsBackend } from './fake-backend';

// 1. The whole suite, exactly as a plugin author would use it, passes a correct backend.
let cleanedUp = 0;
describeBackendContract('contract suite on the in-memory fake backend', async () => ({
  backend: new FakeBackend(),
  cleanup: async () => {
    cleanedUp += 1;
  },
}));

// 2. ...and fails broken ones, at the check that covers the bug.
describe('the contract suite catches broken backends', () => {
  it('fails a backend whose create ignores duplicates (create-twice)', async () => {
    await expect(runContractCheck(contractCheck('create-twice'), new DuplicateCreateBackend())).rejects.toThrow(
      /expected an LmctfyError with code 6 \(AlreadyExists\), but it resolved/,
    );
  });

  it('fails a backend whose destroy ignores processes and children (destroy-busy, hierarchy)', async () => {
    const backend = new CarelessDestroyBackend();
    await expect(runContractCheck(contractCheck('destroy-busy'), backend)).rejects.toThrow(/code 9/);
    await expect(runContractCheck(contractCheck('hierarchy'), backend)).rejects.toThrow(/code 9/);
  }, 20_000);

  it('fails a backend whose spec() reads limits back in the wrong unit (lifecycle)', async () => {
    await expect(runContractCheck(contractCheck('lifecycle'), new WrongUnitsBackend())).rejects.toThrow();
  });

  it('fails the probe check when told to exercise a section the backend does not list', async () => {
    await expect(
      runContractCheck(contractCheck('probe'), new FakeBackend(), { resources: ['memory', 'blkio'] }),
    ).rejects.toThrow(/told to exercise "blkio"/);
  });

  it('passes every other check on the duplicate-create backend (the failure is specific)', async () => {
    const failed: string[] = [];
    for (const check of backendContractChecks) {
      await runContractCheck(check, new DuplicateCreateBackend()).catch(() => failed.push(check.id));
    }
    expect(failed).toEqual(['create-twice']);
  }, 30_000);

  it('cleans up what a failing check created', async () => {
    const backend = new FakeBackend();
    const created: ContainerName[] = [];
    const exploding = {
      id: 'explodes',
      title: 'explodes half-way',
      async run(ctx: Parameters<(typeof backendContractChecks)[number]['run']>[0]) {
        const name = ctx.name();
        created.push(name);
        await backend.create(name, {});
        await backend.run(name, { args: ['sleep', '30'] }, { mode: 'detached' }).then((r) => ctx.trackPid(r.pid));
        throw new Error('boom');
      },
    };
    await expect(runContractCheck(exploding, backend)).rejects.toThrow('boom');
    expect(await backend.exists(created[0])).toBe(false);
  });

  it('has unique, stable check ids', () => {
    const ids = backendContractChecks.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(() => contractCheck('no-such-check')).toThrow(/no contract check/);
  });
});

describe('testkit helpers', () => {
  it('uniqueName gives distinct valid names with the pid in them', () => {
    const a = uniqueName('x');
    const b = uniqueName('x');
    expect(a).not.toBe(b);
    expect(a).toContain(String(process.pid));
    expect(() => ContainerName.parse(a)).not.toThrow();
  });

  it('waitFor returns the first truthy value and times out with a clear message', async () => {
    let n = 0;
    await expect(waitFor(() => (++n >= 3 ? n : 0), 1000)).resolves.toBe(3);
    await expect(waitFor(() => false, 50, 'the moon')).rejects.toThrow(/the moon not reached within 50 ms/);
  });

  it('requireRoot throws "kernel tests need root" for a non-root uid', () => {
    const spy = jest.spyOn(process, 'getuid').mockReturnValue(1000);
    try {
      expect(() => requireRoot()).toThrow(/kernel tests need root/);
    } finally {
      spy.mockRestore();
    }
  });

  it('expectLmctfyCode checks the canonical code', async () => {
    await expect(expectLmctfyCode(Promise.reject(notFound('gone')), ErrorCode.NotFound, 'op')).resolves.toEqual({
      code: 5,
      message: 'gone',
    });
    await expect(expectLmctfyCode(Promise.reject(notFound('gone')), ErrorCode.AlreadyExists, 'op')).rejects.toThrow(
      /expected code 6 \(AlreadyExists\), got 5 \(NotFound\)/,
    );
    await expect(expectLmctfyCode(Promise.reject(new Error('plain')), ErrorCode.NotFound, 'op')).rejects.toThrow(
      /got Error: plain/,
    );
  });
});

afterAll(() => {
  // describeBackendContract's own afterAll ran before this file-level one.
  expect(cleanedUp).toBe(1);
});
