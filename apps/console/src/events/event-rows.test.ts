// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { KubeEvent } from '../vms/vm-events.ts';
import {
  buildEventRows,
  eventObjectHref,
  filterEventRows,
  type EventObject,
} from './event-rows.ts';

function makeEvent(fixture: {
  readonly name: string;
  readonly type?: string;
  readonly reason?: string;
  readonly message?: string;
  readonly kind?: string;
  readonly object?: string;
  readonly at?: string;
  readonly count?: number;
}): KubeEvent {
  return {
    metadata: { name: fixture.name, namespace: 'apps', uid: `uid-${fixture.name}` },
    involvedObject: { kind: fixture.kind ?? 'Pod', name: fixture.object ?? 'web-1' },
    type: fixture.type ?? 'Normal',
    reason: fixture.reason ?? 'Started',
    message: fixture.message ?? 'Started container',
    ...(fixture.count === undefined ? {} : { count: fixture.count }),
    ...(fixture.at === undefined ? {} : { lastTimestamp: fixture.at }),
  };
}

const events = [
  makeEvent({ name: 'old', at: '2025-01-01T00:00:00Z' }),
  makeEvent({ name: 'untimed' }),
  makeEvent({
    name: 'new',
    type: 'Warning',
    reason: 'FailedScheduling',
    message: '0/2 nodes are available',
    kind: 'VirtualMachineInstance',
    object: 'vm-db',
    at: '2025-01-01T00:05:00Z',
    count: 3,
  }),
];

describe('buildEventRows', () => {
  it('lists events newest first, untimed ones last, with the namespace of the object', () => {
    const rows = buildEventRows(events);
    expect(rows.map((row) => row.key)).toEqual(['uid-new', 'uid-old', 'uid-untimed']);
    expect(rows[0]).toMatchObject({
      type: 'Warning',
      count: 3,
      time: Date.parse('2025-01-01T00:05:00Z'),
      object: { kind: 'VirtualMachineInstance', name: 'vm-db', namespace: 'apps' },
    });
    expect(rows[2]).toMatchObject({ count: 1, time: undefined });
  });
});

describe('filterEventRows', () => {
  const rows = buildEventRows(events);
  it.each([
    [{}, ['uid-new', 'uid-old', 'uid-untimed']],
    [{ type: 'Warning' }, ['uid-new']],
    [{ type: 'Normal' }, ['uid-old', 'uid-untimed']],
    [{ text: 'failedsched' }, ['uid-new']],
    [{ text: 'pod/web' }, ['uid-old', 'uid-untimed']],
    [{ text: 'nodes are' }, ['uid-new']],
    [{ type: 'Normal', text: 'vm-db' }, []],
  ])('filters with %j', (filters, keys) => {
    expect(filterEventRows(rows, filters).map((row) => row.key)).toEqual(keys);
  });
});

describe('eventObjectHref', () => {
  it.each<[EventObject, string | undefined]>([
    [{ kind: 'Pod', name: 'web-1', namespace: 'apps' }, '/pods/apps/web-1'],
    [{ kind: 'VirtualMachine', name: 'vm-a', namespace: 'apps' }, '/vms/apps/vm-a'],
    [{ kind: 'VirtualMachineInstance', name: 'vm-a', namespace: 'apps' }, '/vms/apps/vm-a'],
    [{ kind: 'Node', name: 'n1', namespace: 'default' }, '/nodes?q=n1'],
    [
      { kind: 'VirtualMachineInstanceMigration', name: 'm1', namespace: 'apps' },
      '/migrations?ns=apps&q=m1',
    ],
    [{ kind: 'ConfigMap', name: 'cm', namespace: 'apps' }, undefined],
    [{ kind: 'Pod', name: 'web-1', namespace: undefined }, undefined],
    [{ kind: 'Pod', name: '', namespace: 'apps' }, undefined],
  ])('links %j to %s', (object, href) => {
    expect(eventObjectHref(object)).toBe(href);
  });
});
