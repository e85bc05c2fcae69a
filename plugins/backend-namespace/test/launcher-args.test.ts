import { ErrorCode } from '@lmctfy/core';
import { capabilityMask, DEFAULT_CAPABILITIES, MASKED_PATHS, READONLY_PATHS } from '../src/hardening';
import { initArgs, joinArgs, MAX_LIST, runArgs } from '../src/launcher-args';
import type { NamespacePlan } from '../src/namespace-plan';

const plan: NamespacePlan = {
  kinds: ['pid', 'mount', 'uts', 'net', 'user'],
  hostname: 'web1',
  rootfs: '/srv/root fs',
  binds: [{ source: '/data', target: '/mnt/data', readOnly: true }],
  uidMappings: [{ containerId: 0, hostId: 100000, size: 65536 }],
  gidMappings: [{ containerId: 0, hostId: 200000, size: 10 }],
};

describe('initArgs', () => {
  it('encodes the plan, hardening and the ready fd, one value per argument', () => {
    const args = initArgs(plan);
    expect(args.slice(0, 3)).toEqual(['init', '--ns', 'pid,mount,uts,net,user']);
    const pair = (flag: string): string[] => args.flatMap((a, i) => (a === flag ? [args[i + 1]] : []));
    expect(pair('--uid-map')).toEqual(['0 100000 65536']);
    expect(pair('--gid-map')).toEqual(['0 200000 10']);
    expect(pair('--hostname')).toEqual(['web1']);
    expect(pair('--rootfs')).toEqual(['/srv/root fs']); // spaces survive: argv, not a shell string
    const bind = args.indexOf('--bind');
    expect(args.slice(bind, bind + 4)).toEqual(['--bind', '/data', '/mnt/data', 'ro']);
    expect(pair('--mask')).toEqual([...MASKED_PATHS]);
    expect(pair('--ro')).toEqual([...READONLY_PATHS]);
    expect(pair('--caps')).toEqual([capabilityMask()]);
    expect(args).toContain('--nnp');
    expect(args.slice(-2)).toEqual(['--ready-fd', '3']);
  });

  it('refuses more mounts than the launcher holds', () => {
    const many = { ...plan, binds: Array.from({ length: MAX_LIST + 1 }, (_, i) => ({ source: '/d', target: `/m${i}`, readOnly: false })) };
    expect(() => initArgs(many)).toThrow(expect.objectContaining({ code: ErrorCode.InvalidArgument }));
  });
});

describe('joinArgs', () => {
  const init = { pid: 4242, start: '987654' };

  it('puts cgroups, cwd, user and detach before -- and the command after it', () => {
    const args = joinArgs(init, ['/sys/fs/cgroup/memory/lmctfy/a/cgroup.procs'], { args: ['sh', '-c', 'echo --'], cwd: '/srv', user: { uid: 1000, gid: 100, additionalGids: [5, 6] } }, { detach: true });
    expect(args.slice(0, 5)).toEqual(['join', '--pid', '4242', '--start', '987654']);
    expect(args).toEqual(expect.arrayContaining(['--procs', '/sys/fs/cgroup/memory/lmctfy/a/cgroup.procs']));
    expect(args[args.indexOf('--cwd') + 1]).toBe('/srv');
    expect(args[args.indexOf('--user') + 1]).toBe('1000:100:5,6');
    expect(args).toContain('--detach');
    expect(args.slice(args.indexOf('--') + 1)).toEqual(['sh', '-c', 'echo --']);
  });

  it('reports no pid in exec mode and refuses an empty command', () => {
    expect(joinArgs(init, [], { args: ['true'] }, { report: false })).not.toContain('--ready-fd');
    expect(() => joinArgs(init, [], { args: [] })).toThrow(/process\.args/);
  });
});

describe('runArgs', () => {
  it('encodes the plan as init does, plus cgroups, cwd and user, then -- and the command', () => {
    const procs = '/sys/fs/cgroup/pids/lmctfy/a/cgroup.procs';
    const args = runArgs(plan, [procs], { args: ['sh', '-c', 'echo --'], cwd: '/srv', user: { uid: 1000, gid: 100 } });
    const init = initArgs(plan);
    const setup = init.slice(1, init.indexOf('--caps')); // namespaces, maps, mounts, masks
    expect(args.slice(0, setup.length + 1)).toEqual(['run', ...setup]);
    expect(args[args.indexOf('--caps') + 1]).toBe(capabilityMask());
    expect(args).toContain('--nnp');
    expect(args).toEqual(expect.arrayContaining(['--procs', procs]));
    expect(args[args.indexOf('--cwd') + 1]).toBe('/srv');
    expect(args[args.indexOf('--user') + 1]).toBe('1000:100');
    const dashes = args.indexOf('--');
    expect(args.slice(dashes - 2, dashes)).toEqual(['--ready-fd', '3']);
    expect(args.slice(dashes + 1)).toEqual(['sh', '-c', 'echo --']);
  });

  it('refuses an empty command and too many mounts', () => {
    expect(() => runArgs(plan, [], { args: [] })).toThrow(/process\.args/);
    const many = { ...plan, binds: Array.from({ length: MAX_LIST + 1 }, (_, i) => ({ source: '/d', target: `/m${i}`, readOnly: false })) };
    expect(() => runArgs(many, [], { args: ['true'] })).toThrow(expect.objectContaining({ code: ErrorCode.InvalidArgument }));
  });
});

describe('capabilityMask', () => {
  it('keeps the default set and never CAP_SYS_ADMIN (21) or CAP_MKNOD (27)', () => {
    const mask = BigInt('0x' + capabilityMask());
    for (const bit of Object.values(DEFAULT_CAPABILITIES)) expect(mask & (1n << BigInt(bit))).not.toBe(0n);
    expect(mask & (1n << 21n)).toBe(0n);
    expect(mask & (1n << 27n)).toBe(0n);
  });
});
