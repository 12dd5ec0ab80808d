import { InvalidFieldError } from './invalid-field-error.ts';

/** What a value is, for error messages: `a number`, `null`, `an array`... */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return type === 'object' || type === 'undefined' ? type : `a ${type}`;
}

/** True for a plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads the fields of one JSON object and checks their shapes. Every failed check throws an
 * {@link InvalidFieldError} naming the field's path. Unknown fields are ignored, so that a peer
 * may add optional fields without breaking this side (see the README's versioning rule).
 */
export class FieldReader {
  readonly path: string;
  readonly #record: Record<string, unknown>;

  private constructor(record: Record<string, unknown>, path: string) {
    this.#record = record;
    this.path = path;
  }

  /** A reader over `value`, which must be a JSON object; `path` names it in errors. */
  static of(value: unknown, path: string): FieldReader {
    if (!isRecord(value)) {
      throw new InvalidFieldError(path, `must be an object, got ${describeValue(value)}`);
    }
    return new FieldReader(value, path);
  }

  /** The path of one field of this object. */
  pathOf(key: string): string {
    return this.path === '' ? key : `${this.path}.${key}`;
  }

  /** The raw value of a field (`undefined` when absent). */
  raw(key: string): unknown {
    return Object.hasOwn(this.#record, key) ? this.#record[key] : undefined;
  }

  /** True when the field is present (even when it is `null`). */
  has(key: string): boolean {
    return this.raw(key) !== undefined;
  }

  /** A required string; `nonEmpty` also refuses `""`. */
  string(key: string, options: { nonEmpty?: boolean } = {}): string {
    const value = this.raw(key);
    if (typeof value !== 'string') {
      throw this.#error(key, `must be a string, got ${describeValue(value)}`);
    }
    if (options.nonEmpty === true && value === '') throw this.#error(key, 'must not be empty');
    return value;
  }

  /** An optional string. */
  optionalString(key: string): string | undefined {
    return this.has(key) ? this.string(key) : undefined;
  }

  /** An optional boolean. */
  optionalBoolean(key: string): boolean | undefined {
    const value = this.raw(key);
    if (value === undefined || typeof value === 'boolean') return value;
    throw this.#error(key, `must be a boolean, got ${describeValue(value)}`);
  }

  /** An optional number, at least `min`; `integer` refuses fractions. */
  optionalNumber(
    key: string,
    options: { min?: number; integer?: boolean } = {},
  ): number | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw this.#error(key, `must be a finite number, got ${describeValue(value)}`);
    }
    if (options.integer === true && !Number.isSafeInteger(value)) {
      throw this.#error(key, `must be an integer, got ${value}`);
    }
    if (options.min !== undefined && value < options.min) {
      throw this.#error(key, `must be at least ${options.min}, got ${value}`);
    }
    return value;
  }

  /** A required string that is one of `allowed`. */
  oneOf<T extends string>(key: string, allowed: readonly T[]): T {
    const value = this.string(key);
    const match = allowed.find((candidate) => candidate === value);
    if (match === undefined) {
      throw this.#error(key, `must be one of ${allowed.join(', ')}, got "${value}"`);
    }
    return match;
  }

  /** A required nested object. */
  object(key: string): FieldReader {
    return FieldReader.of(this.raw(key), this.pathOf(key));
  }

  /** An optional nested object. */
  optionalObject(key: string): FieldReader | undefined {
    return this.has(key) ? this.object(key) : undefined;
  }

  /** An optional array; `each` checks every item, given the item's path (`interfaces[2]`). */
  optionalArray(key: string, each: (item: unknown, path: string) => void): void {
    const value = this.raw(key);
    if (value === undefined) return;
    if (!Array.isArray(value)) {
      throw this.#error(key, `must be an array, got ${describeValue(value)}`);
    }
    value.forEach((item: unknown, index) => {
      each(item, `${this.pathOf(key)}[${index}]`);
    });
  }

  /** An optional array of strings. */
  optionalStringArray(key: string): void {
    this.optionalArray(key, (item, path) => {
      if (typeof item !== 'string') {
        throw new InvalidFieldError(path, `must be a string, got ${describeValue(item)}`);
      }
    });
  }

  #error(key: string, problem: string): InvalidFieldError {
    return new InvalidFieldError(this.pathOf(key), problem);
  }
}
