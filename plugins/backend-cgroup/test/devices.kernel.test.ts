/**
 * Device rules enforced by the kernel: v1 devices.allow/deny on the hybrid host, the BPF
 * device program on v2. The BPF path also runs on the hybrid host, against its cgroup2 at
 * /sys/fs/cgroup/unified: device programs attach to any cgroup2 directory.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ContainerName, DEFAULT_CONFIG } from '@lmctfy/core';
import type { DeviceRule } from '@lmctfy/core';
import { CgroupBackend } from '../src/cgroup-backend';
import { CgroupResources } from '../src/cgroup-resources';
import { ProcessLauncher } from '../src/process-launcher';
import { removeCgroupRoot } from '../../../test/helpers/cgroups';
import { cgroupMode, kernelBackend } from './kernel-setup';
import type { KernelBackend } from './kernel-setup';
import { n } from './test-util';

const rule = (allow: boolean, type: DeviceRule['type'], major: number | '*', minor: number | '*', access: string): DeviceRule => ({ allow, type, major, minor, access });
const DENY_ALL_BUT_NULL = [rule(false, 'a', '*', '*', 'rwm'), rule(true, 'c', 1, 3, 'rwm')];

/** Exit codes of: read /dev/null, read /dev/zero, write /dev/zero; and the last error. */
async function probeDevices(backend: CgroupBackend, name: ContainerName, dir: string): Promise<{ codes: string; err: string }> {
  const out = path.join(dir, 'codes');
  const err = path.join(dir, 'err');
  const script = `head -c1 /dev/null; a=$?; head -c1 /dev/zero >/dev/null 2>${err}; b=$?; echo x 2>/dev/null >/dev/zero; echo "$a $b $?" > ${out}`;
  const r = await backend.run(name, { args: ['sh', '-c', script] }, { mode: 'foreground' });
  expect(r.exitCode).toBe(0);
  return { codes: fs.readFileSync(out, 'utf8').trim(), err: fs.readFileSync(err, 'utf8') };
}

describe('device rules on this host (real cgroups, root)', () => {
  let k: KernelBackend;
  let tmp: string;
  let v2Backend: CgroupBackend;
  let v2Root: string | undefined;

  beforeAll(async () => {
    k = await kernelBackend('devices');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lmctfy-devices-'));
    if ((await cgroupMode(k)) === 'v2') {
      v2Backend = k.backend;
    } else {
      // The hybrid host's cgroup2 has no controllers to enable, and devices needs none.
      v2Root = `${k.cgroupRoot}-bpf`;
      const config = { ...DEFAULT_CONFIG, cgroupRoot: v2Root, backends: { cgroup: { mountPoint: '/sys/fs/cgroup/unified', version: 'v2' } } };
      v2Backend = new CgroupBackend(new CgroupResources(config), new ProcessLauncher());
    }
  });
  afterAll(async () => {
    fs.rmSync(tmp, { recursive: true, force: true });
    const left = v2Root ? await removeCgroupRoot(v2Root) : [];
    await k?.cleanup();
    expect(left).toEqual([]);
  });

  it('lets a container denied everything but c 1:3 open /dev/null and not /dev/zero (EPERM)', async () => {
    await k.backend.create(n('null-only'), { devices: DENY_ALL_BUT_NULL });
    const { codes, err } = await probeDevices(k.backend, n('null-only'), tmp);
    expect(codes).toBe('0 1 2');
    expect(err).toMatch(/Operation not permitted/);
    expect((await k.backend.spec(n('null-only'))).devices).toEqual(DENY_ALL_BUT_NULL);
    await k.backend.destroy(n('null-only'));
  });

  it('replaces the BPF device program on update and reads the rules back from the kernel (cgroup v2)', async () => {
    await v2Backend.create(n('bpf'), { devices: DENY_ALL_BUT_NULL });
    expect((await probeDevices(v2Backend, n('bpf'), tmp)).codes).toBe('0 1 2');
    const readOnlyZero = [...DENY_ALL_BUT_NULL, rule(true, 'c', 1, 5, 'r')];
    await v2Backend.update(n('bpf'), { devices: readOnlyZero }, 'replace');
    expect((await probeDevices(v2Backend, n('bpf'), tmp)).codes).toBe('0 0 2');
    expect((await v2Backend.spec(n('bpf'))).devices).toEqual(readOnlyZero);
    await v2Backend.destroy(n('bpf'));
  });
});
