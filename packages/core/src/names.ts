import { invalidArgument } from './errors';

/** A component: starts alphanumeric, then alphanumerics, '_', '.', '-'. */
const COMPONENT = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
export const MAX_COMPONENT_LENGTH = 64;
export const MAX_NAME_DEPTH = 16;

/**
 * A validated, hierarchical container name. `batch1`, `/batch1` and `batch1/` are the
 * same container; `/batch1/sub` is its child. Names are always resolved against the
 * lmctfy root (never the caller's container), so they can never reach outside it.
 */
export class ContainerName {
  private constructor(readonly components: readonly string[]) {}

  /** The root of lmctfy's tree; it is not a container and cannot be created. */
  static readonly root = new ContainerName([]);

  static parse(raw: string): ContainerName {
    if (typeof raw !== 'string') throw invalidArgument(`name: expected a string, got ${typeof raw}`);
    const shown = JSON.stringify(raw);
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(raw)) {
      throw invalidArgument(`name ${shown}: control characters are not allowed`);
    }
    const trimmed = raw.replace(/^\/+/, '').replace(/\/+$/, '');
    if (trimmed === '') {
      throw invalidArgument(`name ${shown}: the root container cannot be named here`);
    }
    const components = trimmed.split('/');
    if (components.length > MAX_NAME_DEPTH) {
      throw invalidArgument(`name ${shown}: deeper than ${MAX_NAME_DEPTH} levels`);
    }
    for (const c of components) {
      if (c === '') throw invalidArgument(`name ${shown}: empty component`);
      if (c === '.' || c === '..') {
        throw invalidArgument(`name ${shown}: '.' and '..' are not allowed`);
      }
      if (c.length > MAX_COMPONENT_LENGTH) {
        throw invalidArgument(`name ${shown}: component longer than ${MAX_COMPONENT_LENGTH} characters`);
      }
      if (!COMPONENT.test(c)) {
        throw invalidArgument(
          `name ${shown}: component ${JSON.stringify(c)} must start with a letter or digit ` +
            'and contain only letters, digits, "_", "." and "-"',
        );
      }
    }
    return new ContainerName(components);
  }

  /** Builds a name from components already known to be valid (e.g. read from cgroupfs). */
  static fromComponents(components: readonly string[]): ContainerName {
    return components.length === 0 ? ContainerName.root : ContainerName.parse(components.join('/'));
  }

  get isRoot(): boolean {
    return this.components.length === 0;
  }

  /** The canonical form, `/a/b`; the root is `/`. */
  toString(): string {
    return '/' + this.components.join('/');
  }

  /** The path relative to the lmctfy root, `a/b` (empty for the root). */
  get relativePath(): string {
    return this.components.join('/');
  }

  get basename(): string {
    return this.components[this.components.length - 1] ?? '';
  }

  get parent(): ContainerName {
    return this.isRoot ? this : new ContainerName(this.components.slice(0, -1));
  }

  child(component: string): ContainerName {
    return ContainerName.parse([...this.components, component].join('/'));
  }

  equals(other: ContainerName): boolean {
    return this.toString() === other.toString();
  }

  toJSON(): string {
    return this.toString();
  }
}
