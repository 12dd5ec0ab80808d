import type { JsonObject } from '../json.ts';

/** One group-version served under `/openapi/v3`, with the hash of its current document. */
export interface OpenApiGroupVersion {
  /** Empty for the core group. */
  readonly group: string;
  readonly version: string;
  readonly hash: string;
}

/** The index key and URL path of a group-version's document: `api/v1`, `apis/apps/v1`. */
export function groupVersionPath(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

/**
 * The `/openapi/v3` index: `{"paths":{"api/v1":{"serverRelativeURL":"/openapi/v3/api/v1?hash=…"}}}`,
 * with keys sorted so the output is stable.
 */
export function openApiV3Index(groupVersions: readonly OpenApiGroupVersion[]): JsonObject {
  const entries = groupVersions
    .map(({ group, version, hash }) => {
      const path = groupVersionPath(group, version);
      const url = `/openapi/v3/${path}?hash=${encodeURIComponent(hash)}`;
      return [path, { serverRelativeURL: url }] as const;
    })
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { paths: Object.fromEntries(entries) };
}
