/**
 * A temp directory posing as cgroupfs (cgroups `fs/util_test.go`), for v1 and v2. Real
 * cgroupfs fills every new directory with the controller files and lets rmdir remove a
 * directory full of them; FakeCgroupFs does both, and mimics the few writes whose effect
 * is read back (cgroup.subtree_control merges, cgroup.freeze -> cgroup.events,
 * memory.oom_control, devices.allow/deny -> devices.list) and records every write.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CONFIG } from '@lmctfy/core';
import type { DeviceRule, LmctfyConfig } from '@lmctfy/core';
import { CgroupFs } from '../src/cgroup-fs';
import { devicePolicy, formatRule, policyRules } from '../src/devices/device-rules';
import { V1_FILES, V2_FILES } from './fake-cgroup-files';

export { V1_FILES, V2_FILES };

/** Where the fake keeps a v2 cgroup's device program (real cgroups have no such file). */
const FAKE_DEVICE_PROGRAM = 'fake.bpf-device-program';

const writeAll = (dir: string, files: Record<string, string>): void => {
  for (const [name, value] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), value);
};

/** v1 devices.list after a write to devices.allow/deny, as the kernel keeps it. */
function devicesList(list: string, file: string, rule: string): string {
  if (rule.startsWith('a')) return file === 'devices.allow' ? 'a *:* rwm' : '';
  if (list === 'a *:* rwm') return list; // allow-all: deny exceptions are not listed
  const lines = list.split('\n').filter((l) => l !== '' && l !== rule);
  return (file === 'devices.allow' ? [...lines, rule] : lines).join('\n');
}

export class FakeCgroupFs extends CgroupFs {
  /** Every write, as "<dir relative to the root>/<file>=<value>", in order. */
  readonly writes: string[] = [];

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
    writeAll(dir, { 'cgroup.type': 'domain', 'cgroup.freeze': '0', 'cgroup.controllers': fs.readFileSync(path.join(dir, '..', 'cgroup.subtree_control'), 'utf8') });
    for (const c of this.read(path.dirname(dir), 'cgroup.subtree_control').split(/\s+/).filter(Boolean)) {
      writeAll(dir, V2_FILES[c] ?? {});
      if (c === 'cpu') writeAll(dir, { 'cpu.stat': 'usage_usec 0\nuser_usec 0\nsystem_usec 0\nnr_periods 0\nnr_throttled 0\nthrottled_usec 0' });
    }
  }

  override write(dir: string, file: string, value: string | number): void {
    this.writes.push(`${path.relative(this.root, path.join(dir, file))}=${value}`);
    if (file === 'memory.oom_control') {
      const kv = this.readKeyValues(dir, file);
      return super.write(dir, file, `oom_kill_disable ${value}\nunder_oom ${kv.under_oom ?? 0}\noom_kill ${kv.oom_kill ?? 0}`);
    }
    if (file === 'devices.allow' || file === 'devices.deny') {
      super.write(dir, 'devices.list', devicesList(this.read(dir, 'devices.list'), file, String(value)));
    }
    super.write(dir, file, value);
    if (file === 'cgroup.freeze') super.write(dir, 'cgroup.events', `populated 0\nfrozen ${value}`);
  }

  /**
   * The kernel's no-internal-processes rule, as far as the fake's tests need it: a non-root
   * cgroup with controllers in cgroup.subtree_control takes no process (EBUSY), nor does a
   * "domain invalid" one (EOPNOTSUPP; a test sets cgroup.type), and a non-root cgroup with
   * processes enables no controller (EBUSY; the kernel lets cpu and pids through, making it
   * a thread root: kernel tests cover that).
   */
  /** The write(2) of the kernel: cgroup.subtree_control merges "+c -c" tokens, and the rule below may refuse. */
  protected override writeFile(p: string, value: string): void {
    if (this.version === 'v2') this.checkNoInternalProcesses(path.dirname(p), path.basename(p), value);
    if (path.basename(p) !== 'cgroup.subtree_control') return super.writeFile(p, value);
    const on = new Set(fs.readFileSync(p, 'utf8').split(/\s+/).filter(Boolean));
    for (const tok of value.split(/\s+/)) {
      if (tok.startsWith('+')) on.add(tok.slice(1));
      else if (tok.startsWith('-')) on.delete(tok.slice(1));
    }
    super.writeFile(p, [...on].join(' '));
  }

  private checkNoInternalProcesses(dir: string, file: string, value: string): void {
    if (path.resolve(dir) === path.resolve(this.root)) return;
    const fail = (code: string): never => {
      throw Object.assign(new Error(`${code}: fake cgroup ${dir}: ${file} ${value}`), { code });
    };
    if (file === 'cgroup.procs') {
      if (this.readOptional(dir, 'cgroup.type') === 'domain invalid') fail('EOPNOTSUPP');
      if ((this.readOptional(dir, 'cgroup.subtree_control') ?? '') !== '') fail('EBUSY');
    }
    if (file === 'cgroup.subtree_control' && value.includes('+') && (this.readOptional(dir, 'cgroup.procs') ?? '') !== '') fail('EBUSY');
  }

  /** The v2 device program, kept as JSON in a file only the fake has. */
  override setDeviceRules(dir: string, rules: readonly DeviceRule[]): void {
    this.writes.push(`${path.relative(this.root, dir)}/<bpf>=${rules.map(formatRule).join(', ')}`);
    fs.writeFileSync(path.join(dir, FAKE_DEVICE_PROGRAM), JSON.stringify(policyRules(devicePolicy(rules))));
  }

  override readDeviceRules(dir: string): DeviceRule[] | undefined {
    const file = path.join(dir, FAKE_DEVICE_PROGRAM);
    return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as DeviceRule[]) : undefined;
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

export const FAKE_CONTROLLERS = ['cpuset', 'cpu', 'cpuacct', 'memory', 'blkio', 'pids', 'hugetlb', 'devices', 'freezer'];

/**
 * Builds a fake v1 host (one hierarchy per controller, listed in a fake mountinfo) or v2
 * host (v1 names: blkio becomes io, cpuacct, devices and freezer have no v2 controller).
 */
export function makeFakeHost(version: 'v1' | 'v2', controllers = FAKE_CONTROLLERS): FakeHost {
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
    const v2Names = controllers.filter((c) => !['cpuacct', 'freezer', 'devices'].includes(c)).map((c) => (c === 'blkio' ? 'io' : c));
    writeAll(root, { 'cgroup.controllers': v2Names.join(' ') });
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
