import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../apiserver/json.ts';
import { eventFor } from './record-event.ts';

const at = Date.parse('2025-01-01T00:00:00Z');

describe('eventFor', () => {
  it('builds a core/v1 Event in the object’s namespace, named after it', () => {
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: 'shop', uid: 'u1', resourceVersion: '7' },
    };
    const event = eventFor({
      involved: pod,
      type: 'Normal',
      reason: 'Scheduled',
      message: 'Successfully assigned shop/web to node-1',
      component: 'default-scheduler',
      now: at,
    });
    expect(event.metadata['name']).toMatch(/^web\.[0-9a-f]+$/);
    expect(event).toMatchObject({
      metadata: { namespace: 'shop' },
      involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'web', namespace: 'shop', uid: 'u1' },
      reason: 'Scheduled',
      type: 'Normal',
      source: { component: 'default-scheduler' },
      firstTimestamp: '2025-01-01T00:00:00Z',
      lastTimestamp: '2025-01-01T00:00:00Z',
      count: 1,
    });
  });

  it('puts events about cluster-scoped objects in default, and never reuses a name', () => {
    const node: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' } };
    const record = {
      involved: node,
      type: 'Normal',
      reason: 'NodeNotReady',
      message: 'm',
      component: 'c',
      now: at,
    } as const;
    const first = eventFor(record);
    expect(first.metadata['namespace']).toBe('default');
    expect(first['involvedObject']).not.toHaveProperty('namespace');
    expect(eventFor(record).metadata['name']).not.toBe(first.metadata['name']);
  });
});
