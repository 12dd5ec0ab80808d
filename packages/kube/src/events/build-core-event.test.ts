import { describe, expect, it } from 'vitest';
import {
  aggregateKeyOf,
  buildCoreEvent,
  eventNameFor,
  eventNamespaceOf,
  eventTimestamp,
  involvedObjectOf,
  maxEventMessageLength,
} from './build-core-event.ts';

const vm = {
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachine',
  metadata: { name: 'vm1', namespace: 'ns', uid: 'u-1', resourceVersion: '7' },
};
const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1', uid: 'u-2' } };
const source = { component: 'virt-controller', host: 'host-a' };
const news = { type: 'Normal', reason: 'SuccessfulCreate', message: 'Started the VM' } as const;

describe('involvedObjectOf', () => {
  it('names the object by apiVersion, kind, name, namespace and uid', () => {
    expect(involvedObjectOf(vm)).toEqual({
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachine',
      name: 'vm1',
      namespace: 'ns',
      uid: 'u-1',
    });
  });

  it('leaves the namespace out for a cluster-scoped object', () => {
    expect(involvedObjectOf(node)).not.toHaveProperty('namespace');
  });
});

describe('eventNamespaceOf', () => {
  it.each([
    { object: vm, namespace: 'ns' },
    { object: node, namespace: 'default' },
  ])('puts an event about $object.kind in $namespace', ({ object, namespace }) => {
    expect(eventNamespaceOf(involvedObjectOf(object))).toBe(namespace);
  });
});

describe('aggregateKeyOf', () => {
  const ref = involvedObjectOf(vm);
  it('is the same for the same news about the same object', () => {
    expect(aggregateKeyOf(ref, news, source)).toBe(aggregateKeyOf({ ...ref }, { ...news }, source));
  });

  it.each([
    { change: 'the reason', other: { ...news, reason: 'SuccessfulDelete' }, otherRef: ref },
    { change: 'the message', other: { ...news, message: 'Stopped' }, otherRef: ref },
    { change: 'the type', other: { ...news, type: 'Warning' as const }, otherRef: ref },
    { change: 'the object uid', other: news, otherRef: { ...ref, uid: 'u-9' } },
  ])('differs when $change differs', ({ other, otherRef }) => {
    expect(aggregateKeyOf(otherRef, other, source)).not.toBe(aggregateKeyOf(ref, news, source));
  });
});

describe('eventTimestamp', () => {
  it('is RFC 3339 with whole seconds', () => {
    expect(eventTimestamp(Date.UTC(2025, 0, 2, 3, 4, 5, 678))).toBe('2025-01-02T03:04:05Z');
  });
});

describe('eventNameFor', () => {
  it('is the object name and the time in hex nanoseconds', () => {
    expect(eventNameFor({ name: 'vm1' }, 1, 0)).toBe(`vm1.${(1_000_000).toString(16)}`);
  });

  it('tells apart events of the same millisecond', () => {
    expect(eventNameFor({ name: 'vm1' }, 5, 1)).not.toBe(eventNameFor({ name: 'vm1' }, 5, 2));
  });
});

describe('buildCoreEvent', () => {
  it('fills a core/v1 Event with source, reporting fields, timestamps and count 1', () => {
    const ms = Date.UTC(2025, 5, 1, 12, 0, 0);
    const event = buildCoreEvent({ ref: involvedObjectOf(vm), news, source, name: 'vm1.1', ms });
    expect(event).toEqual({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'vm1.1', namespace: 'ns' },
      involvedObject: involvedObjectOf(vm),
      type: 'Normal',
      reason: 'SuccessfulCreate',
      message: 'Started the VM',
      source: { component: 'virt-controller', host: 'host-a' },
      reportingComponent: 'virt-controller',
      reportingInstance: 'host-a',
      firstTimestamp: '2025-06-01T12:00:00Z',
      lastTimestamp: '2025-06-01T12:00:00Z',
      count: 1,
    });
  });

  it('cuts an overlong message to the API limit', () => {
    const long = { ...news, message: 'x'.repeat(5000) };
    const event = buildCoreEvent({ ref: {}, news: long, source, name: 'n', ms: 0 });
    expect(event.message).toHaveLength(maxEventMessageLength);
  });
});
