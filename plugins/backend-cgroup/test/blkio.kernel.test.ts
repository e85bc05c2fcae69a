/**
 * IO limits enforced by the kernel on a loop device (blk-throttle / io.max work on any
 * whole block device; a loop device is one the test can make and remove).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ErrorCode } from '@lmctfy/core';
import { resolveBlockDevice } from '../src/block-devices';
import { kernelBackend } from './kernel-setup';
import type { KernelBackend } from './kernel-setup';
import { MiB, n } from './test-util';

describe('block IO limits on this host (real cgroups, loop device, root)', () => {
  let k: KernelBackend;
  let tmp: string;
  let loop: string | undefined;

  beforeAll(async () => {
    k = await kernelBackend('blkio');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lmctfy-blkio-'));
    const image = path.join(tmp, 'disk.img');
    fs.writeFileSync(image, Buffer.alloc(8 * MiB, 1));
    loop = execFileSync('losetup', ['--find', '--show', image], { encoding: 'utf8' }).trim();
  });
  afterAll(async () => {
    try {
      if (loop) execFileSync('losetup', ['-d', loop]);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
      await k?.cleanup();
    }
  });

  it('throttles reads to 1 MB/s (3 MB of direct reads take well over a second) and counts them per device', async () => {
    const dev = resolveBlockDevice(loop as string, 'loop');
    await k.backend.create(n('throttled'), { blkio: { devices: [{ device: loop as string, readBps: MiB }] } });
    expect((await k.backend.spec(n('throttled'))).blkio?.devices).toEqual([{ device: `${dev.major}:${dev.minor}`, readBps: MiB }]);
    const started = Date.now();
    const r = await k.backend.run(n('throttled'), { args: ['dd', `if=${loop}`, 'of=/dev/null', 'bs=1M', 'count=3', 'iflag=direct', 'status=none'] }, { mode: 'foreground' });
    const seconds = (Date.now() - started) / 1000;
    expect(r.exitCode).toBe(0);
    // Unthrottled this takes milliseconds; at 1 MB/s about 2 s (the first slice may pass at once).
    expect(seconds).toBeGreaterThanOrEqual(1.5);
    const io = (await k.backend.stats(n('throttled'))).io?.devices.find((d) => d.major === dev.major && d.minor === dev.minor);
    expect(io?.readBytes).toBeGreaterThanOrEqual(3 * MiB);
    expect(io?.readOps).toBeGreaterThanOrEqual(3);
    await k.backend.destroy(n('throttled'));
  });

  it('sets an IO weight where the kernel has a weight file, else refuses with code 14 naming the file', async () => {
    try {
      await k.backend.create(n('weighted'), { blkio: { weight: 500 } });
    } catch (e) {
      expect((e as { code: ErrorCode }).code).toBe(ErrorCode.Unavailable);
      expect((e as Error).message).toMatch(/blkio\.weight: the (blkio|io) controller has no weight file/);
      expect(await k.backend.exists(n('weighted'))).toBe(false);
      return;
    }
    const weight = (await k.backend.spec(n('weighted'))).blkio?.weight as number;
    // BFQ and v1 take 10..1000: the spec's 1..10000 comes back within one step.
    expect(Math.abs(weight - 500)).toBeLessThanOrEqual(11);
    await k.backend.destroy(n('weighted'));
  });
});
