import { compareFieldPaths, type FieldPath } from './field-path.ts';

function keyOf(path: FieldPath): string {
  return JSON.stringify(path);
}

/**
 * An immutable set of field paths, as one managedFields entry owns them. A path in the set is
 * a "member": a leaf value, an atomic list or map owned whole, a list item (`k:`/`v:`), or a
 * map entry that is not a declared field. Declared struct fields that only have members below
 * them are not members themselves (FieldsV1 writes them without `.`).
 */
export class FieldSet {
  static readonly empty: FieldSet = new FieldSet(new Map());

  readonly #paths: ReadonlyMap<string, FieldPath>;
  #prefixes: Set<string> | undefined;

  private constructor(paths: ReadonlyMap<string, FieldPath>) {
    this.#paths = paths;
  }

  /** A set holding exactly these paths. */
  static of(paths: Iterable<FieldPath>): FieldSet {
    const map = new Map<string, FieldPath>();
    for (const path of paths) map.set(keyOf(path), [...path]);
    return new FieldSet(map);
  }

  get size(): number {
    return this.#paths.size;
  }

  isEmpty(): boolean {
    return this.#paths.size === 0;
  }

  has(path: FieldPath): boolean {
    return this.#paths.has(keyOf(path));
  }

  /** Whether some member lies strictly below `path`. */
  hasBelow(path: FieldPath): boolean {
    this.#prefixes ??= this.#computePrefixes();
    return this.#prefixes.has(keyOf(path));
  }

  /** The members, in Kubernetes' path order. */
  paths(): FieldPath[] {
    return [...this.#paths.values()].sort(compareFieldPaths);
  }

  union(other: FieldSet): FieldSet {
    if (other.isEmpty()) return this;
    if (this.isEmpty()) return other;
    return new FieldSet(new Map([...this.#paths, ...other.#paths]));
  }

  intersection(other: FieldSet): FieldSet {
    return this.filter((path) => other.has(path));
  }

  difference(other: FieldSet): FieldSet {
    if (other.isEmpty()) return this;
    return this.filter((path) => !other.has(path));
  }

  /** The members for which `keep` answers true. */
  filter(keep: (path: FieldPath) => boolean): FieldSet {
    const map = new Map<string, FieldPath>();
    for (const [key, path] of this.#paths) if (keep(path)) map.set(key, path);
    return map.size === this.#paths.size ? this : new FieldSet(map);
  }

  /** This set plus every ancestor of every member (Kubernetes' "ensure named fields are members"). */
  withAncestors(): FieldSet {
    const map = new Map(this.#paths);
    for (const path of this.#paths.values()) {
      for (let i = 1; i < path.length; i++) {
        const prefix = path.slice(0, i);
        map.set(keyOf(prefix), prefix);
      }
    }
    return new FieldSet(map);
  }

  equals(other: FieldSet): boolean {
    if (other.size !== this.size) return false;
    for (const key of this.#paths.keys()) if (!other.#paths.has(key)) return false;
    return true;
  }

  #computePrefixes(): Set<string> {
    const prefixes = new Set<string>();
    for (const path of this.#paths.values()) {
      for (let i = 0; i < path.length; i++) prefixes.add(keyOf(path.slice(0, i)));
    }
    return prefixes;
  }
}
