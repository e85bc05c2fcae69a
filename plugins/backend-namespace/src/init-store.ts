import * as fs from 'node:fs';
import * as path from 'node:path';
import { LmctfyConfig, inject, injectable } from '@lmctfy/core';
import type { ContainerName, NamespaceKind, NamespacesSpec } from '@lmctfy/core';

/** What the backend must remember about a container: its init, and what it was asked for. */
export interface InitRecord {
  /** Canonical container name, e.g. "/web1". */
  name: string;
  /** Host pid of the container's PID 1. */
  pid: number;
  /** Its start time (field 22 of /proc/<pid>/stat): with the pid, a cookie against pid reuse. */
  start: string;
  kinds: NamespaceKind[];
  /** The spec's namespaces section as given, for spec(). */
  namespaces: NamespacesSpec;
  /** The host end of the veth pair, when there is one. */
  hostInterface?: string;
}

/** Field 22 of /proc/<pid>/stat, or undefined when the process is gone or a zombie. */
export function startTime(pid: number, procDir = '/proc'): string | undefined {
  try {
    const stat = fs.readFileSync(path.join(procDir, String(pid), 'stat'), 'utf8');
    // Fields after the command (which may hold spaces and parentheses) start at field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ['Z', 'X'].includes(fields[0]) ? undefined : fields[22 - 3];
  } catch {
    return undefined;
  }
}

/**
 * The init is not in the container's cgroups (so that a fresh container has no pids,
 * exactly as under the cgroup backend, and pids.max counts only the payload), hence it is
 * recorded here: `<stateDir>/namespace/<name>.json`, written atomically (temp + rename).
 */
@injectable()
export class InitStore {
  constructor(@inject(LmctfyConfig) private readonly config: LmctfyConfig) {}

  get dir(): string {
    return path.join(this.config.stateDir, 'namespace');
  }

  private file(name: ContainerName | string): string {
    return path.join(this.dir, `${encodeURIComponent(String(name))}.json`);
  }

  read(name: ContainerName | string): InitRecord | undefined {
    try {
      return JSON.parse(fs.readFileSync(this.file(name), 'utf8')) as InitRecord;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  write(record: InitRecord): void {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const tmp = `${this.file(record.name)}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(record, null, 2) + '\n', { mode: 0o600 });
    fs.renameSync(tmp, this.file(record.name));
  }

  remove(name: ContainerName | string): void {
    fs.rmSync(this.file(name), { force: true });
  }

  /** Records of `name` and of every container below it, deepest first. */
  subtree(name: ContainerName): InitRecord[] {
    let files: string[];
    try {
      files = fs.readdirSync(this.dir);
    } catch {
      return [];
    }
    const own = String(name);
    return files
      .filter((f) => f.endsWith('.json'))
      .map((f) => decodeURIComponent(f.slice(0, -5)))
      .filter((n) => n === own || n.startsWith(`${own}/`))
      .sort((a, b) => b.split('/').length - a.split('/').length)
      .map((n) => this.read(n))
      .filter((r): r is InitRecord => r !== undefined);
  }

  /** Whether the recorded init is still the process it was (not gone, pid not reused). */
  alive(record: InitRecord): boolean {
    return startTime(record.pid) === record.start;
  }
}
