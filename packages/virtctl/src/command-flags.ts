import type { CommandContext } from './virtctl-command.ts';
import { UsageError } from './usage-error.ts';

/** The value of a string flag, or undefined when it was not given. */
export function stringFlag(context: CommandContext, name: string): string | undefined {
  const value = context.flags[name];
  if (Array.isArray(value)) {
    const last = value.at(-1);
    return typeof last === 'string' ? last : undefined;
  }
  return typeof value === 'string' ? value : undefined;
}

/** Every value of a repeatable string flag, in order. */
export function stringListFlag(context: CommandContext, name: string): string[] {
  const value = context.flags[name];
  const values = Array.isArray(value) ? value : [value];
  return values.filter((v): v is string => typeof v === 'string');
}

/** Whether a boolean flag was given. */
export function booleanFlag(context: CommandContext, name: string): boolean {
  return context.flags[name] === true;
}

/** The value of an integer flag (at least `min`), or undefined when it was not given. */
export function integerFlag(
  context: CommandContext,
  name: string,
  min = Number.MIN_SAFE_INTEGER,
): number | undefined {
  const raw = stringFlag(context, name);
  if (raw === undefined) return undefined;
  if (!/^[+-]?\d+$/.test(raw.trim())) {
    throw new UsageError(
      `invalid argument ${JSON.stringify(raw)} for "--${name}" flag: not an integer`,
    );
  }
  const value = Number(raw.trim());
  if (value < min) {
    throw new UsageError(
      `invalid argument ${JSON.stringify(raw)} for "--${name}" flag: must be at least ${min}`,
    );
  }
  return value;
}
