/** Whether `value` is one of `allowed` (a type guard over a list of string literals). */
export function isOneOf<T extends string>(value: string, allowed: readonly T[]): value is T {
  return (allowed as readonly string[]).includes(value);
}
