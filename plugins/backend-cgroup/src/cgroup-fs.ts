import * as fs from 'node:fs';
import * as path from 'node:path';
import { LmctfyError, fromSystemError } from '@lmctfy/core';
import type { DeviceRule } from '@lmctfy/core';
import { readDeviceRules, setDeviceRules } from './devices/device-program';
import { explainWriteError } from './write-errors';

export const DEFAULT_MOUNT_POINT = '/sys/fs/cgroup';

/**
 * The one seam for kernel file I/O (lmctfy `KernelApi`, cgroups `file.go`). Calls are
 * synchronous on purpose: cgroupfs lives in memory, so a sync call costs microseconds while
 * an async one pays a libuv thread-pool round trip on every file of a create/destroy.
 * Directories are absolute paths; `root` is the mount point (a temp dir in unit tests).
 */
export class CgroupFs {
  constructor(readonly root: string = DEFAULT_MOUNT_POINT) {}

  read(dir: string, file: string): string {
    const p = path.join(dir, file);
    try {
      return fs.readFileSync(p, 'utf8').trim();
    } catch (e) {
      throw fromSystemError(e, `read ${p}`);
    }
  }

  /** Like read(), but undefined when the file does not exist (a feature the kernel lacks). */
  readOptional(dir: string, file: string): string | undefined {
    try {
      return fs.readFileSync(path.join(dir, file), 'utf8').trim();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw fromSystemError(e, `read ${path.join(dir, file)}`);
    }
  }

  readLines(dir: string, file: string): string[] {
    const text = this.read(dir, file);
    return text === '' ? [] : text.split('\n');
  }

  /** Parses "key value" files such as memory.stat, cpu.stat, memory.events, oom_control. */
  readKeyValues(dir: string, file: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const line of this.readLines(dir, file)) {
      const [key, value] = line.split(/\s+/, 2);
      if (key && value !== undefined) out[key] = Number(value);
    }
    return out;
  }

  /** Writes one value; kernel errnos become messages naming the file and the value. */
  write(dir: string, file: string, value: string | number): void {
    const p = path.join(dir, file);
    try {
      this.writeFile(p, String(value));
    } catch (e) {
      const base = fromSystemError(e, `${file}: cannot write ${JSON.stringify(String(value))} to ${p}`);
      const why = explainWriteError(this, dir, file, String(value), (e as NodeJS.ErrnoException).code);
      throw why === undefined
        ? base
        : new LmctfyError(why.code ?? base.code, `${file}: ${why.message}`, { cause: e, hint: base.hint });
    }
  }

  /** The write itself: one write(2) per value, as cgroupfs parses each write call separately. */
  protected writeFile(file: string, value: string): void {
    fs.writeFileSync(file, value);
  }

  /** Creates one directory; false (not an error) when it already exists. */
  mkdir(dir: string): boolean {
    try {
      fs.mkdirSync(dir);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw fromSystemError(e, `mkdir ${dir}`);
    }
  }

  /** Removes one cgroup directory; false when it was already gone. */
  rmdir(dir: string): boolean {
    try {
      fs.rmdirSync(dir);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw fromSystemError(e, `rmdir ${dir}`);
    }
  }

  exists(dir: string, file?: string): boolean {
    return fs.existsSync(file === undefined ? dir : path.join(dir, file));
  }

  /** Names of the child directories (child cgroups), sorted. */
  listChildren(dir: string): string[] {
    try {
      return fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort();
    } catch (e) {
      throw fromSystemError(e, `list ${dir}`);
    }
  }

  /** Names of the plain files (interface files) in `dir`, sorted. */
  listFiles(dir: string): string[] {
    try {
      return fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isFile())
        .map((d) => d.name)
        .sort();
    } catch (e) {
      throw fromSystemError(e, `list ${dir}`);
    }
  }

  /** Replaces the cgroup v2 device program of `dir` (bpf(2); v2 has no devices file). */
  setDeviceRules(dir: string, rules: readonly DeviceRule[]): void {
    setDeviceRules(dir, rules);
  }

  /** The rules of the lmctfy device program attached to `dir`, or undefined when none is. */
  readDeviceRules(dir: string): DeviceRule[] | undefined {
    return readDeviceRules(dir);
  }

  /** Whether this process may create cgroups under `dir`. */
  writable(dir: string): boolean {
    try {
      fs.accessSync(dir, fs.constants.W_OK);
      return true;
    } catch {
      return false;
    }
  }
}
