import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CONFIG, ErrorCode } from '@lmctfy/core';
import { detectCgroupMode, parseV1Mounts, readCgroupOptions } from '../src/detect-cgroup-mode';

describe('parseV1Mounts', () => {
  it('reads one hierarchy per controller from mountinfo and ignores cgroup2 and name= hierarchies', () => {
    const text = [
      '31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755',
      '32 31 0:29 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory',
      '33 31 0:30 / /sys/fs/cgroup/freezer rw,relatime shared:5 - cgroup cgroup rw,freezer',
      '40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd',
      '41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw',
    ].join('\n');
    expect(Object.fromEntries(parseV1Mounts(text))).toEqual({
      memory: '/sys/fs/cgroup/memory',
      freezer: '/sys/fs/cgroup/freezer',
    });
  });

  it('maps co-mounted controllers ("cpu,cpuacct") to the same directory', () => {
    const text = '25 24 0:22 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid - cgroup cgroup rw,cpu,cpuacct\n';
    const m = parseV1Mounts(text);
    expect(m.get('cpu')).toBe('/sys/fs/cgroup/cpu,cpuacct');
    expect(m.get('cpuacct')).toBe('/sys/fs/cgroup/cpu,cpuacct');
  });

  it('reads the /proc/mounts format too and unescapes octal spaces', () => {
    const text = 'cgroup /sys/fs/cgroup/pids cgroup rw,nosuid,nodev,noexec,relatime,pids 0 0\ncgroup /my\\040cgroups/memory cgroup rw,memory 0 0\n';
    expect(Object.fromEntries(parseV1Mounts(text))).toEqual({ pids: '/sys/fs/cgroup/pids', memory: '/my cgroups/memory' });
  });
});

describe('readCgroupOptions', () => {
  it('defaults to /sys/fs/cgroup, /proc/self/mountinfo and the config cgroupRoot', () => {
    expect(readCgroupOptions({ ...DEFAULT_CONFIG })).toEqual({
      mountPoint: '/sys/fs/cgroup',
      version: undefined,
      mountsFile: '/proc/self/mountinfo',
      procDir: '/proc',
      cgroupRoot: 'lmctfy',
    });
  });

  it('refuses an unknown version and a cgroupRoot escaping the mount point', () => {
    const bad = (backends: Record<string, unknown>, cgroupRoot = 'lmctfy'): ErrorCode | undefined => {
      try {
        readCgroupOptions({ ...DEFAULT_CONFIG, cgroupRoot, backends: { cgroup: backends } });
      } catch (e) {
        return (e as { code: ErrorCode }).code;
      }
      return undefined;
    };
    expect(bad({ version: 'v3' })).toBe(ErrorCode.InvalidArgument);
    expect(bad({}, '../etc')).toBe(ErrorCode.InvalidArgument);
    expect(bad({}, '/')).toBe(ErrorCode.InvalidArgument);
  });
});

describe('detectCgroupMode', () => {
  it('honours backends.cgroup.version', () => {
    const options = readCgroupOptions({ ...DEFAULT_CONFIG, backends: { cgroup: { version: 'v2', mountPoint: '/nonexistent' } } });
    expect(detectCgroupMode(options)).toBe('v2');
  });

  it('calls a plain directory v1 and a missing one unavailable', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lmctfy-detect-'));
    try {
      expect(detectCgroupMode(readCgroupOptions({ ...DEFAULT_CONFIG, backends: { cgroup: { mountPoint: dir } } }))).toBe('v1');
      expect(() => detectCgroupMode(readCgroupOptions({ ...DEFAULT_CONFIG, backends: { cgroup: { mountPoint: path.join(dir, 'x') } } }))).toThrow(/no cgroup filesystem/);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });
});
