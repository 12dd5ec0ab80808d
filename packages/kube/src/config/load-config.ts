import type { Field } from './field.ts';

/** A process's configuration, described field by field. */
export type ConfigSpec = Readonly<Record<string, Field<unknown>>>;

/** The typed configuration a spec describes. */
export type ConfigOf<S extends ConfigSpec> = {
  readonly [K in keyof S]: S[K] extends Field<infer T> ? T : never;
};

/** Where the raw values come from. Flags win over the environment, the environment over defaults. */
export interface ConfigSources {
  /** Parsed flags by flag name (`data-dir`), as `node:util` parseArgs returns them. */
  readonly flags?: Readonly<Record<string, string | boolean | undefined>>;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** One problem with one field. */
export interface ConfigIssue {
  readonly field: string;
  /** `--data-dir`, `$PODVISOR_DATA_DIR`, or `default`. */
  readonly source: string;
  readonly message: string;
}

/** Thrown by {@link loadConfig} with every problem found, each naming its field and source. */
export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    super(
      `invalid configuration:\n${issues.map((i) => `  ${i.field} (${i.source}): ${i.message}`).join('\n')}`,
    );
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

function sourceName(f: Field<unknown>): string {
  const names = [
    f.flag === undefined ? null : `--${f.flag}`,
    f.env === undefined ? null : `$${f.env}`,
  ];
  return names.filter((n) => n !== null).join(' or ') || 'no source';
}

type Lookup = { found: false } | { found: true; raw: string; source: string };

function lookup(f: Field<unknown>, sources: ConfigSources): Lookup {
  const flag = f.flag === undefined ? undefined : sources.flags?.[f.flag];
  if (flag !== undefined) return { found: true, raw: String(flag), source: `--${f.flag}` };
  const env = f.env === undefined ? undefined : sources.env?.[f.env];
  if (env !== undefined && env !== '') return { found: true, raw: env, source: `$${f.env}` };
  return { found: false };
}

/**
 * Parses a process's configuration once, at start-up. Every field is checked and all problems
 * are reported together in one {@link ConfigError}; nothing else in the process reads
 * `process.env` or the argument list.
 */
export function loadConfig<S extends ConfigSpec>(spec: S, sources: ConfigSources): ConfigOf<S> {
  const values: Record<string, unknown> = {};
  const issues: ConfigIssue[] = [];
  for (const [name, f] of Object.entries(spec)) {
    const raw = lookup(f, sources);
    if (!raw.found) {
      if ('default' in f) values[name] = f.default;
      else issues.push({ field: name, source: sourceName(f), message: 'is required' });
      continue;
    }
    try {
      values[name] = f.parse(raw.raw);
    } catch (error) {
      issues.push({
        field: name,
        source: raw.source,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return values as ConfigOf<S>;
}

/** `node:util` parseArgs options for the flag fields of a spec. */
export function flagOptions(spec: ConfigSpec): Record<string, { type: 'string' | 'boolean' }> {
  const options: Record<string, { type: 'string' | 'boolean' }> = {};
  for (const f of Object.values(spec)) {
    if (f.flag !== undefined) options[f.flag] = { type: f.boolean ? 'boolean' : 'string' };
  }
  return options;
}

/**
 * Help text lines for the flag fields of a spec: `--flag VALUE  what it is (default: …; env $X)`,
 * aligned together with any `extra` rows (such as `-h, --help`).
 */
export function describeFlags(
  spec: ConfigSpec,
  extra: readonly (readonly [string, string])[] = [],
): string[] {
  const rows: (readonly [string, string])[] = Object.values(spec)
    .filter((f) => f.flag !== undefined)
    .map((f): readonly [string, string] => {
      const left = `--${f.flag}${f.boolean ? '' : ' VALUE'}`;
      const notes = [
        'default' in f ? `default: ${JSON.stringify(f.default)}` : 'required',
        f.env === undefined ? null : `env $${f.env}`,
      ].filter((n) => n !== null);
      return [left, `${f.describe} (${notes.join('; ')})`];
    })
    .concat(extra);
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
}
