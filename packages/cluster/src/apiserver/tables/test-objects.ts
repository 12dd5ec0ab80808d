import type { Json, KubeObject } from '../json.ts';

/** The fixed "now" of printer tests. */
export const testNow = Date.parse('2025-01-01T12:00:00Z');

/** An RFC 3339 timestamp `ms` before {@link testNow}. */
export function ago(ms: number): string {
  return new Date(testNow - ms).toISOString();
}

/** A test object named `x`, created five minutes before {@link testNow}. */
export function testObject(
  kind: string,
  body: Record<string, Json>,
  metadata: Record<string, Json> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind,
    metadata: { name: 'x', namespace: 'default', creationTimestamp: ago(5 * 60_000), ...metadata },
    ...body,
  };
}
