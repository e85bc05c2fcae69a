/**
 * runOnce(), the one-step job on the real kernel: the payload is PID 1 of its own
 * namespaces, in the container's cgroups, exit codes and signals pass through, and
 * nothing is left afterwards: no cgroup, init record, mount or process.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ContainerName, ErrorCode } from '@lmctfy/core';
import type { ContainerSpec, RunResult } from '@lmctfy/core';
import { expectLmctfyCode } from '@lmctfy/testkit';
import { buildRootfs, hostMountsUnder, nsKernelBackend, type NsKernelBackend } from './kernel-setup';
import { startTime } from '../src/init-store';

let k: NsKernelBackend;
let fsys: ReturnType<typeof buildRootfs>;
let n = 0;

beforeAll(async () => {
  fsys = buildRootfs();
  fs.writeFileSync(path.join(fsys.rootfs, 'a-file'), '');
  k = await nsKernelBackend('once');
});

afterAll(async () => {
  try {
    await k?.cleanup();
  } finally {
    fsys?.remove();
  }
});

const spec = (extra: ContainerSpec['namespaces'] = {}): ContainerSpec => ({
  memory: { limit: 128 << 20 },
  pids: { max: 64 },
  namespaces: { rootfs: fsys.rootfs, mounts: [{ source: fsys.out, target: '/out' }], ...extra },
});

/** Runs a job; `during(pid)` is called once it runs; checks that nothing is left afterwards. */
async function job(args: string[], during?: (pid: number) => void, ns: ContainerSpec['namespaces'] = {}): Promise<{ name: ContainerName; result: RunResult; pids: number[] }> {
  const name = ContainerName.parse(`once${++n}`);
  const pids: number[] = [];
  const result = await k.backend.runOnce(name, spec(ns), { args }, {
    onStart: (pid) => {
      pids.push(pid);
      during?.(pid);
    },
  });
  await expectNothingLeft(name, pids);
  return { name, result, pids };
}

async function expectNothingLeft(name: ContainerName, pids: number[] = []): Promise<void> {
  expect(await k.backend.exists(name)).toBe(false);
  expect(k.dirsOf(name.relativePath)).toEqual([]);
  expect(k.inits.read(name)).toBeUndefined();
  expect(fs.existsSync(k.inits.dir) ? fs.readdirSync(k.inits.dir) : []).toEqual([]);
  expect(hostMountsUnder(fsys.dir)).toEqual([]);
  for (const pid of pids) expect(startTime(pid)).toBeUndefined();
}

const nsOf = (pid: number | 'self', kind: string): string => fs.readlinkSync(`/proc/${pid}/ns/${kind}`);

it('runs the payload as PID 1 of its own pid, uts and net namespaces, in the rootfs and the cgroups', async () => {
  const out = path.join(fsys.out, 'pid1');
  const seen: { cgroup?: string; nspid?: string; ns?: Record<string, string> } = {};
  const script = 'echo pid=$$; hostname; ls /sys/class/net; ls /; cat /proc/self/cgroup; sleep 0.3';
  const { result, pids } = await job(['/bin/sh', '-c', `(${script}) >/out/pid1 2>&1`], (pid) => {
    seen.cgroup = fs.readFileSync(`/proc/${pid}/cgroup`, 'utf8');
    seen.nspid = /^NSpid:(.*)$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1].trim();
    seen.ns = Object.fromEntries(['pid', 'uts', 'net', 'mnt', 'ipc', 'cgroup'].map((kind) => [kind, nsOf(pid, kind)]));
  }, { hostname: 'job1' });
  expect(result).toEqual({ pid: pids[0], exitCode: 0 });
  expect(seen.nspid).toBe(`${pids[0]}\t1`);
  for (const [kind, id] of Object.entries(seen.ns ?? {})) expect([kind, id]).not.toEqual([kind, nsOf('self', kind)]);
  // Joined to every cgroup of the container (from the host's view) before it ran.
  for (const controller of ['memory', 'pids']) expect(seen.cgroup).toMatch(new RegExp(`:${controller}:/${k.cgroupRoot}/once${n}$`, 'm'));
  const lines = fs.readFileSync(out, 'utf8').split('\n');
  expect(lines[0]).toBe('pid=1');
  expect(lines[1]).toBe('job1');
  expect(lines[2]).toBe('lo'); // the only interface
  expect(lines).toEqual(expect.arrayContaining(['a-file', 'bin', 'out', 'proc', 'tmp']));
  expect(lines).not.toContain('usr'); // the host's root is out of sight
  // Its own cgroup namespace, rooted at the container's cgroups.
  expect(lines.filter((l) => /^\d+:/.test(l)).every((l) => l.endsWith(':/'))).toBe(true);
});

it('passes the exit code through', async () => {
  const { result } = await job(['/bin/sh', '-c', 'exit 7']);
  expect(result.exitCode).toBe(7);
});

it('passes a signal through, and a PID 1 with a handler gets forwarded ones', async () => {
  const killed = await job(['sleep', '30'], (pid) => process.kill(pid, 'SIGKILL'));
  expect(killed.result).toEqual({ pid: killed.pids[0], signal: 'SIGKILL' });
  // PID 1 ignores signals it has no handler for (but SIGKILL); with a trap, SIGTERM ends it.
  const ready = path.join(fsys.out, 'ready');
  fs.rmSync(ready, { force: true });
  const trapped = await job(['/bin/sh', '-c', 'trap "exit 42" TERM; touch /out/ready; for i in $(seq 100); do sleep 0.05; done'], (pid) => {
    const poll = (): void => {
      if (fs.existsSync(ready)) process.kill(pid, 'SIGTERM');
      else setTimeout(poll, 5);
    };
    poll();
  });
  expect(trapped.result.exitCode).toBe(42);
});

it('kills what the payload left running when it ends', async () => {
  const { result } = await job(['/bin/sh', '-c', 'sleep 30 & sleep 30 & exit 0']);
  expect(result.exitCode).toBe(0);
  // expectNothingLeft in job(): the cgroups were removable, so nothing of the sleeps stayed.
});

it('answers a command that cannot be executed as a shell does: 127', async () => {
  const { result } = await job(['/no/such/command']);
  expect(result).toEqual({ pid: -1, exitCode: 127 });
});

it('refuses bad input before anything exists, and leaves nothing after a failed setup', async () => {
  const bad = ContainerName.parse('once-bad');
  await expectLmctfyCode(
    k.backend.runOnce(bad, { namespaces: { rootfs: path.join(fsys.dir, 'nope') } }, { args: ['true'] }, {}),
    ErrorCode.InvalidArgument,
    'runOnce',
  );
  await expectNothingLeft(bad);
  // A directory bound over a file of the rootfs: the launcher fails after the cgroups exist.
  const failed = ContainerName.parse('once-failed');
  const p = k.backend.runOnce(failed, { memory: { limit: 64 << 20 }, namespaces: { rootfs: fsys.rootfs, mounts: [{ source: fsys.out, target: '/a-file' }] } }, { args: ['true'] }, {});
  await expect(p).rejects.toMatchObject({ code: ErrorCode.FailedPrecondition });
  await expectNothingLeft(failed);
});
