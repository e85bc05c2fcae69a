import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromSystemError, internal } from '../errors';
import { ContainerName } from '../names';
import { acquireLock } from './container-lock';

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

  /**
   * Removes the record and the lock file of a container. Unlinking a lock file another
   * process waits on is safe: acquireLock() checks it still holds the current inode.
   */
  remove(name: ContainerName): void {
    try {
      unlinkSync(this.recordPath(name));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw fromSystemError(e, `record of ${name}`);
    }
    rmSync(join(this.locksDir, `${this.key(name)}.lock`), { force: true });
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

  /**
   * Runs `fn` holding the container's lock; mutations of one container never interleave.
   * When no record exists afterwards (destroyed, or a create or a lookup that failed) the
   * lock file goes too, so failed commands leave nothing in the state directory. Removing
   * it while held is safe: a waiter that then gets the old inode notices and retries.
   */
  async withLock<T>(name: ContainerName, fn: () => Promise<T>): Promise<T> {
    const lock = await acquireLock(this.locksDir, this.key(name));
    try {
      return await fn();
    } finally {
      if (!existsSync(this.recordPath(name))) rmSync(lock.path, { force: true });
      lock.release();
    }
  }

  private key(name: ContainerName): string {
    return name.relativePath.replace(/\//g, '%2F');
  }

  private recordPath(name: ContainerName): string {
    return join(this.containersDir, `${this.key(name)}.json`);
  }
}
