import type { ObjectName } from '../cluster-client.ts';

/** The namespace and name of a cache key (`namespace/name`, or `name` when cluster-scoped). */
export function splitCacheKey(key: string): ObjectName {
  const slash = key.indexOf('/');
  return slash < 0
    ? { namespace: '', name: key }
    : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
