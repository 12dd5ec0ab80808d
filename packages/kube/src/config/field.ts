/**
 * One configuration value: where it may come from (a command-line flag, an environment
 * variable), its default, and how its raw text becomes a typed value. `parse` throws an
 * `Error` whose message says what is wrong with the text; the loader adds the field's name.
 */
export interface Field<T> {
  readonly describe: string;
  readonly flag?: string;
  readonly env?: string;
  /** Absent: the value is required. */
  readonly default?: T;
  /** Flags of a boolean field take no value (`--verbose`). */
  readonly boolean?: true;
  parse(raw: string): T;
}

interface Source<T> {
  describe: string;
  flag?: string;
  env?: string;
  default?: T;
}

function withSource<T>(
  source: Source<T>,
  parse: (raw: string) => T,
  extra: { boolean?: true } = {},
): Field<T> {
  return { ...source, ...extra, parse };
}

/** Builders for the field types our processes use. */
export const field = {
  string(source: Source<string> & { nonEmpty?: boolean }): Field<string> {
    return withSource(source, (raw) => {
      if (source.nonEmpty !== false && raw.trim() === '') throw new Error('must not be empty');
      return raw;
    });
  },

  integer(source: Source<number> & { min?: number; max?: number }): Field<number> {
    const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = source;
    return withSource(source, (raw) => {
      const text = raw.trim();
      if (!/^[+-]?\d+$/.test(text)) throw new Error(`${JSON.stringify(raw)} is not an integer`);
      const value = Number(text);
      if (value < min || value > max) throw new Error(`${value} is outside ${min}..${max}`);
      return value;
    });
  },

  /** A TCP port; 0 asks the operating system for a free one. */
  port(source: Source<number>): Field<number> {
    return field.integer({ ...source, min: 0, max: 65535 });
  },

  boolean(source: Source<boolean>): Field<boolean> {
    return withSource(
      source,
      (raw) => {
        const text = raw.trim().toLowerCase();
        if (['true', '1', 'yes', 'on'].includes(text)) return true;
        if (['false', '0', 'no', 'off'].includes(text)) return false;
        throw new Error(
          `${JSON.stringify(raw)} is not a boolean (true/false, 1/0, yes/no, on/off)`,
        );
      },
      { boolean: true },
    );
  },

  oneOf<const V extends string>(values: readonly V[], source: Source<V>): Field<V> {
    return withSource(source, (raw) => {
      const found = values.find((v) => v === raw);
      if (found === undefined)
        throw new Error(`${JSON.stringify(raw)} is not one of ${values.join(', ')}`);
      return found;
    });
  },

  /** A duration such as `500ms`, `30s`, `5m` or `1h`, as milliseconds. */
  duration(source: Source<number>): Field<number> {
    const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
    return withSource(source, (raw) => {
      const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(raw.trim());
      const unit = match?.[2] === undefined ? undefined : units[match[2]];
      if (match?.[1] === undefined || unit === undefined) {
        throw new Error(
          `${JSON.stringify(raw)} is not a duration (for example 500ms, 30s, 5m, 1h)`,
        );
      }
      return Number(match[1]) * unit;
    });
  },
};
