import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromSystemError, internal } from '../errors';
import { ContainerName } from '../names';
import { acquireLock, type HeldLock } from './container-lock';

/** Which backend owns a container. Resources are never stored: the kernel is their truth. */
export interface ContainerRecord {
  name: string;
  backend: string;
  createdAt: string;
}

/**
 * Records live in `<stateDir>/containers/<name>.json`, one per container, with '/' in
 * hierarchical names written as '%2F' (names cannot contain '%', so this is reversible).
 */
export class RecordStore {
  private readonly containersDir: string;
  private readonly locksDir: string;

  constructor(readonly stateDir: string) {
    this.containersDir = join(stateDir, 'containers');
    this.locksDir = join(stateDir, 'locks');
  }

  read(name: ContainerName): ContainerRecord | undefined {
    let text: string;
    try {
      text = readFileSync(this.recordPath(name), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw fromSystemError(e, `record of ${name}`);
    }
    try {
      return JSON.parse(text) as ContainerRecord;
    } catch {
      throw internal(`record of ${name} (${this.recordPath(name)}) is corrupt`, {
        hint: `remove it after checking no container ${name} exists`,
      });
    }
  }

  /** Writes atomically: a reader sees the old record or the new one, never half of one. */
  write(record: ContainerRecord): void {
    const file = this.recordPath(ContainerName.parse(record.name));
    const temp = `${file}.${process.pid}.tmp`;
    try {
      mkdirSync(this.containersDir, { recursive: true, mode: 0o700 });
      writeFileSync(temp, JSON.stringify(record) + '\n', { mode: 0o600 });
      renameSync(temp, file);
    } catch (e) {
      rmSync(temp, { force: true });
      throw fromSystemError(e, `record of ${record.name}`);
    }
  }

  remove(name: ContainerName): void {
    try {
      unlinkSync(this.recordPath(name));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw fromSystemError(e, `record of ${name}`);
    }
  }

  /** Every record, sorted by name (so parents come before their children). */
  list(): ContainerRecord[] {
    let files: string[];
    try {
      files = readdirSync(this.containersDir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw fromSystemError(e, `state directory ${this.containersDir}`);
    }
    return files
      .filter((f) => f.endsWith('.json'))
      .map((f) => this.read(ContainerName.parse(decodeURIComponent(f.slice(0, -'.json'.length)))))
      .filter((r): r is ContainerRecord => r !== undefined)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Runs `fn` holding the container's lock; mutations of one container never interleave. */
  async withLock<T>(name: ContainerName, fn: (lock: HeldLock) => Promise<T>): Promise<T> {
    const lock = await acquireLock(this.locksDir, this.key(name));
    try {
      return await fn(lock);
    } finally {
      lock.release();
    }
  }

  /** Removes the lock file of a container that no longer exists; call while holding it. */
  removeLockFile(lock: HeldLock): void {
    rmSync(lock.path, { force: true });
  }

  private key(name: ContainerName): string {
    return name.relativePath.replace(/\//g, '%2F');
  }

  private recordPath(name: ContainerName): string {
    return join(this.containersDir, `${this.key(name)}.json`);
  }
}
