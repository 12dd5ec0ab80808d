// Test fixtures: core/v1 events about an object in namespace `apps`.
import type { KubeEvent } from '../vms/vm-events.ts';

/** An event for tests: Normal, `Reason-<name>`, `message <name>`, about `kind/object` in `apps`. */
export function eventFixture(fixture: {
  readonly name: string;
  readonly kind: string;
  readonly object: string;
  /** lastTimestamp. */
  readonly at: string;
  readonly count?: number;
}): KubeEvent {
  const { name, kind, object, at, count } = fixture;
  return {
    metadata: { name, namespace: 'apps', uid: name },
    involvedObject: { kind, name: object, namespace: 'apps' },
    type: 'Normal',
    reason: `Reason-${name}`,
    message: `message ${name}`,
    ...(count === undefined ? {} : { count }),
    lastTimestamp: at,
  };
}
