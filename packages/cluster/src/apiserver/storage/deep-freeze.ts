import type { Json } from '../json.ts';

/**
 * Freezes a JSON value and everything inside it, so one parsed object can be shared by the
 * history, every watcher and the writer without copies. Already-frozen parts are skipped.
 */
export function deepFreeze<T extends Json>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) {
    return value;
  }
  for (const child of Object.values(value)) {
    deepFreeze(child);
  }
  return Object.freeze(value);
}
