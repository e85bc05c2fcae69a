/**
 * A temp directory posing as cgroupfs (cgroups `fs/util_test.go`), for v1 and v2. Real
 * cgroupfs fills every new directory with the controller files and lets rmdir remove a
 * directory full of them; FakeCgroupFs does both, and mimics the few writes whose effect
 * is read back (cgroup.subtree_control merges, cgroup.freeze -> cgroup.events).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CONFIG } from '@lmctfy/core';
import type { LmctfyConfig } from '@lmctfy/core';
import { CgroupFs } from '../src/cgroup-fs';

const UNLIMITED = '9223372036854771712';

export const V1_FILES: Record<string, Record<string, string>> = {
  memory: {
    'memory.limit_in_bytes': UNLIMITED,
    'memory.soft_limit_in_bytes': UNLIMITED,
    'memory.memsw.limit_in_bytes': UNLIMITED,
    'memory.usage_in_bytes': '0',
    'memory.max_usage_in_bytes': '0',
    'memory.failcnt': '0',
    'memory.oom_control': 'oom_kill_disable 0\nunder_oom 0\noom_kill 0',
  },
  cpu: {
    'cpu.shares': '1024',
    'cpu.cfs_quota_us': '-1',
    'cpu.cfs_period_us': '100000',
    'cpu.stat': 'nr_periods 0\nnr_throttled 0\nthrottled_time 0',
  },
  cpuacct: { 'cpuacct.usage': '0', 'cpuacct.stat': 'user 0\nsystem 0' },
  cpuset: { 'cpuset.cpus': '', 'cpuset.mems': '' },
  pids: { 'pids.max': 'max', 'pids.current': '0' },
  freezer: { 'freezer.state': 'THAWED' },
};

export const V2_FILES: Record<string, Record<string, string>> = {
  memory: {
    'memory.max': 'max',
    'memory.low': '0',
    'memory.high': 'max',
    'memory.swap.max': 'max',
    'memory.current': '0',
    'memory.peak': '0',
    'memory.events': 'low 0\nhigh 0\nmax 0\noom 0\noom_kill 0',
  },
  cpu: { 'cpu.weight': '100', 'cpu.max': 'max 100000' },
  cpuset: { 'cpuset.cpus': '', 'cpuset.mems': '' },
  pids: { 'pids.max': 'max', 'pids.current': '0' },
};

const writeAll = (dir: string, files: Record<string, string>): void => {
  for (const [name, value] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), value);
};

export class FakeCgroupFs extends CgroupFs {
  constructor(
    root: string,
    private readonly version: 'v1' | 'v2',
  ) {
    super(root);
  }

  /** The v1 controller whose hierarchy holds `dir` (its first component under the root). */
  private controllerOf(dir: string): string {
    return path.relative(this.root, dir).split(path.sep)[0];
  }

  override mkdir(dir: string): boolean {
    const made = super.mkdir(dir);
    if (made) this.populate(dir);
    return made;
  }

  populate(dir: string, isRoot = false): void {
    writeAll(dir, { 'cgroup.procs': '' });
    if (this.version === 'v1') {
      writeAll(dir, V1_FILES[this.controllerOf(dir)] ?? {});
      return;
    }
    writeAll(dir, {
      'cgroup.subtree_control': '',
      'cgroup.events': 'populated 0\nfrozen 0',
      'cpu.stat': 'usage_usec 0\nuser_usec 0\nsystem_usec 0',
    });
    if (isRoot) return;
    writeAll(dir, { 'cgroup.freeze': '0', 'cgroup.controllers': fs.readFileSync(path.join(dir, '..', 'cgroup.subtree_control'), 'utf8') });
    for (const c of this.read(path.dirname(dir), 'cgroup.subtree_control').split(/\s+/).filter(Boolean)) {
      writeAll(dir, V2_FILES[c] ?? {});
      if (c === 'cpu') writeAll(dir, { 'cpu.stat': 'usage_usec 0\nuser_usec 0\nsystem_usec 0\nnr_periods 0\nnr_throttled 0\nthrottled_usec 0' });
    }
  }

  override write(dir: string, file: string, value: string | number): void {
    if (file === 'cgroup.subtree_control') {
      const on = new Set(this.read(dir, file).split(/\s+/).filter(Boolean));
      for (const tok of String(value).split(/\s+/)) {
        if (tok.startsWith('+')) on.add(tok.slice(1));
        else if (tok.startsWith('-')) on.delete(tok.slice(1));
      }
      return super.write(dir, file, [...on].join(' '));
    }
    super.write(dir, file, value);
    if (file === 'cgroup.freeze') super.write(dir, 'cgroup.events', `populated 0\nfrozen ${value}`);
  }

  override rmdir(dir: string): boolean {
    if (!fs.existsSync(dir)) return false;
    if (this.listChildren(dir).length > 0) {
      throw Object.assign(new Error(`EBUSY: fake cgroup ${dir} has children`), { code: 'EBUSY' });
    }
    fs.rmSync(dir, { recursive: true });
    return true;
  }
}

export interface FakeHost {
  root: string;
  io: FakeCgroupFs;
  config: LmctfyConfig;
  procDir: string;
  /** Absolute directory of a cgroup: v1 `dir('memory', 'lmctfy/a')`, v2 `dir('', 'lmctfy/a')`. */
  dir(controller: string, rel: string): string;
  cleanup(): void;
}

/** Builds a fake v1 host (one hierarchy per controller, listed in a fake mountinfo) or v2 host. */
export function makeFakeHost(version: 'v1' | 'v2', controllers = ['cpuset', 'cpu', 'cpuacct', 'memory', 'pids', 'freezer']): FakeHost {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `lmctfy-fake-${version}-`));
  const io = new FakeCgroupFs(root, version);
  const procDir = path.join(root, 'proc');
  fs.mkdirSync(procDir);
  const mountsFile = path.join(root, 'mountinfo');
  if (version === 'v1') {
    const lines = controllers.map((c, i) => {
      const dir = path.join(root, c);
      fs.mkdirSync(dir);
      io.populate(dir, true);
      if (c === 'cpuset') writeAll(dir, { 'cpuset.cpus': '0-3', 'cpuset.mems': '0' });
      return `${30 + i} 20 0:${30 + i} / ${dir} rw,relatime - cgroup cgroup rw,${c}`;
    });
    fs.writeFileSync(mountsFile, lines.join('\n') + '\n');
  } else {
    io.populate(root, true);
    writeAll(root, { 'cgroup.controllers': controllers.filter((c) => c !== 'cpuacct' && c !== 'freezer').join(' ') });
    fs.writeFileSync(mountsFile, '');
  }
  const config: LmctfyConfig = {
    ...DEFAULT_CONFIG,
    cgroupRoot: 'lmctfy',
    backends: { cgroup: { mountPoint: root, version, mountsFile, procDir } },
  };
  return {
    root,
    io,
    config,
    procDir,
    dir: (controller, rel) => path.join(root, controller, rel),
    cleanup: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}
