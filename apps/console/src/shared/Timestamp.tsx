import type { ReactNode } from 'react';
import { formatAge } from './format-age.ts';

/** What a table shows where a time is missing. */
export const missingTime = '-';

/** The age of `at` (epoch ms) as kubectl prints it, in a `<time>`; `-` when there is none. */
export function Age({
  at,
  now,
}: {
  readonly at: number | undefined;
  readonly now: number;
}): ReactNode {
  if (at === undefined) return missingTime;
  return <time dateTime={new Date(at).toISOString()}>{formatAge(at, now)}</time>;
}

/** `at` (epoch ms) as a local date and time, in a `<time>`; `-` when there is none. */
export function LocalTime({ at }: { readonly at: number | undefined }): ReactNode {
  if (at === undefined) return missingTime;
  const date = new Date(at);
  return <time dateTime={date.toISOString()}>{date.toLocaleString()}</time>;
}
