import type { V1OwnerReference } from '@kubernetes/client-node';
import type { KubeObject } from '../client/kube-object.ts';
import { describe, expect, it } from 'vitest';
import { controllerOwnerKey, enqueueOnChange } from './enqueue-on-change.ts';
import type { InformerHandlers } from './informer.ts';

function vmiOwner(overrides: Partial<V1OwnerReference> = {}): V1OwnerReference {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    name: 'vm1',
    uid: 'u1',
    controller: true,
    ...overrides,
  };
}

function pod(ownerReferences: V1OwnerReference[], namespace = 'ns'): KubeObject {
  return { metadata: { name: 'virt-launcher-vm1', namespace, ownerReferences } };
}

type Handlers = InformerHandlers<KubeObject>;

/** A minimal event source that records its handlers so a test can fire events. */
function source() {
  const handlers = new Map<keyof Handlers, Handlers[keyof Handlers]>();
  return {
    handlers,
    fire(event: keyof Handlers, object: KubeObject, old: KubeObject = object): void {
      handlers.get(event)?.(object, old);
    },
    on<E extends keyof Handlers>(event: E, handler: Handlers[E]) {
      handlers.set(event, handler);
      return () => handlers.delete(event);
    },
  };
}

describe('controllerOwnerKey', () => {
  const toVmi = controllerOwnerKey({ kind: 'VirtualMachineInstance', apiGroup: 'kubevirt.io' });

  it.each([
    { case: 'the controlling owner of that kind', refs: [vmiOwner()], keys: ['ns/vm1'] },
    { case: 'no owner', refs: [], keys: [] },
    { case: 'a non-controlling owner', refs: [vmiOwner({ controller: false })], keys: [] },
    { case: 'an owner of another kind', refs: [vmiOwner({ kind: 'Other' })], keys: [] },
    { case: 'an owner of another group', refs: [vmiOwner({ apiVersion: 'x.io/v1' })], keys: [] },
  ])('maps an object with $case to $keys', ({ refs, keys }) => {
    expect(toVmi(pod(refs))).toEqual(keys);
  });

  it('keys a cluster-scoped owner by name alone', () => {
    const toNode = controllerOwnerKey({ kind: 'Node', apiGroup: '', clusterScoped: true });
    const ref = { apiVersion: 'v1', kind: 'Node', name: 'node-1', uid: 'n', controller: true };
    expect(toNode(pod([ref]))).toEqual(['node-1']);
  });
});

describe('enqueueOnChange', () => {
  it('enqueues the own key on add and delete, and both old and new keys on update', () => {
    const events = source();
    const added: string[] = [];
    enqueueOnChange(events, { add: (key: string) => added.push(key) }, (o) => [
      o.metadata?.labels?.['owner'] ?? 'none',
    ]);
    const at = (owner: string): KubeObject => ({
      metadata: { name: 'x', labels: { owner } },
    });
    events.fire('add', at('a'));
    events.fire('update', at('b'), at('a'));
    events.fire('delete', at('b'));
    expect(added).toEqual(['a', 'b', 'a', 'b']);
  });

  it('stops enqueueing once unsubscribed', () => {
    const events = source();
    const off = enqueueOnChange(events, { add: () => undefined });
    off();
    expect(events.handlers.size).toBe(0);
  });
});
