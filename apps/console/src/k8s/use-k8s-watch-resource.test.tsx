import type { WatchObject, WatchServerMessage } from '@podvisor/bff/protocol';
import { act, renderHook } from '@testing-library/react';
import { StrictMode, type ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeSockets, type FakeWebSocket } from './fake-web-socket.ts';
import type { K8sObject } from './k8s-object.ts';
import { KubeError } from './kube-error.ts';
import { onUnauthorized } from './on-unauthorized.ts';
import {
  useK8sWatchResource,
  type ListWatchResource,
  type ObjectWatchResource,
} from './use-k8s-watch-resource.ts';
import { createWatchSocket, type WatchSocket } from './watch-socket.ts';
import { WatchSocketProvider } from './WatchSocketProvider.tsx';

const vmsWatch: ListWatchResource = {
  groupVersionResource: { group: 'kubevirt.io', version: 'v1', resource: 'virtualmachines' },
  isList: true,
};

function vm(namespace: string, name: string, phase = 'Stopped'): WatchObject {
  return {
    kind: 'VirtualMachine',
    metadata: { namespace, name },
    status: { printableStatus: phase },
  };
}

function keys(objects: readonly K8sObject[]): string[] {
  return objects.map((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`);
}

let fake: ReturnType<typeof fakeSockets>;
let socket: WatchSocket;

function wrapper({ children }: { children: ReactNode }): ReactNode {
  return (
    <StrictMode>
      <WatchSocketProvider socket={socket}>{children}</WatchSocketProvider>
    </StrictMode>
  );
}

/** The open server side, once the hook has subscribed. */
function server(): FakeWebSocket {
  const current = fake.last();
  if (current.readyState === 0) current.open();
  return current;
}

async function serverSends(...messages: WatchServerMessage[]): Promise<void> {
  await act(async () => {
    server().receive(...messages);
    await Promise.resolve();
  });
}

function subscriptionId(): string {
  const [subscription] = server().subscriptions();
  if (subscription === undefined) throw new Error('nothing subscribed');
  return subscription.id;
}

beforeEach(() => {
  fake = fakeSockets();
  socket = createWatchSocket({
    url: 'ws://console.test/api/watch',
    createSocket: fake.createSocket,
  });
});

afterEach(() => {
  socket.close();
  vi.useRealTimers();
});

describe('useK8sWatchResource', () => {
  it('is not loaded until the first snapshot, then lists the objects by namespace and name', async () => {
    const { result } = renderHook(() => useK8sWatchResource<K8sObject>(vmsWatch), { wrapper });
    expect(result.current).toEqual([[], false, undefined]);
    const id = subscriptionId();
    await serverSends({
      type: 'snapshot',
      id,
      items: [vm('b', 'vm-1'), vm('a', 'vm-10'), vm('a', 'vm-2')],
      resourceVersion: '3',
    });
    const [data, loaded, error] = result.current;
    expect(keys(data)).toEqual(['a/vm-2', 'a/vm-10', 'b/vm-1']);
    expect([loaded, error]).toEqual([true, undefined]);
  });

  it('applies added, modified and deleted events', async () => {
    const { result } = renderHook(() => useK8sWatchResource<K8sObject>(vmsWatch), { wrapper });
    const id = subscriptionId();
    await serverSends({
      type: 'snapshot',
      id,
      items: [vm('a', 'one'), vm('a', 'two')],
      resourceVersion: '1',
    });
    await serverSends(
      { type: 'event', id, event: 'ADDED', object: vm('a', 'three') },
      { type: 'event', id, event: 'MODIFIED', object: vm('a', 'one', 'Running') },
      { type: 'event', id, event: 'DELETED', object: vm('a', 'two') },
    );
    const [data] = result.current;
    expect(keys(data)).toEqual(['a/one', 'a/three']);
    expect(data[0]).toMatchObject({ status: { printableStatus: 'Running' } });
  });

  it('reports a refused watch as a KubeError with the server message, and stays not loaded', async () => {
    const { result } = renderHook(() => useK8sWatchResource<K8sObject>(vmsWatch), { wrapper });
    const message =
      'virtualmachines.kubevirt.io is forbidden: User "vera" cannot list resource "virtualmachines"';
    await serverSends({
      type: 'error',
      id: subscriptionId(),
      status: {
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        code: 403,
        reason: 'Forbidden',
        message,
      },
    });
    const [data, loaded, error] = result.current;
    expect([data, loaded]).toEqual([[], false]);
    expect(error).toBeInstanceOf(KubeError);
    expect(error).toMatchObject({ code: 403, reason: 'Forbidden', message });
  });

  it('tells the unauthorized listeners when the watch is answered 401', async () => {
    const heard: KubeError[] = [];
    const stop = onUnauthorized((error) => heard.push(error));
    renderHook(() => useK8sWatchResource<K8sObject>(vmsWatch), { wrapper });
    await serverSends({
      type: 'error',
      id: subscriptionId(),
      status: {
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        code: 401,
        reason: 'Unauthorized',
        message: 'session ended',
      },
    });
    stop();
    expect(heard.map((e) => e.message)).toEqual(['session ended']);
  });

  it('watches one object by name: undefined until it exists, then the object', async () => {
    const one: ObjectWatchResource = {
      groupVersionResource: { group: 'kubevirt.io', version: 'v1', resource: 'virtualmachines' },
      namespace: 'demo',
      name: 'fedora',
      isList: false,
    };
    const { result } = renderHook(() => useK8sWatchResource<K8sObject>(one), { wrapper });
    expect(server().subscriptions()).toMatchObject([{ namespace: 'demo', name: 'fedora' }]);
    const id = subscriptionId();
    await serverSends({ type: 'snapshot', id, items: [], resourceVersion: '1' });
    expect(result.current).toEqual([undefined, true, undefined]);
    await serverSends({ type: 'event', id, event: 'ADDED', object: vm('demo', 'fedora') });
    expect(result.current[0]?.metadata.name).toBe('fedora');
  });

  it('turns matchLabels and a field selector into the subscription selectors', () => {
    renderHook(
      () =>
        useK8sWatchResource<K8sObject>({
          groupVersionResource: { group: '', version: 'v1', resource: 'pods' },
          isList: true,
          selector: {
            matchLabels: { 'vm.kubevirt.io/name': 'fedora', 'kubevirt.io': 'virt-launcher' },
          },
          fieldSelector: 'status.phase=Running',
        }),
      { wrapper },
    );
    expect(server().subscriptions()).toMatchObject([
      {
        resource: 'pods',
        labelSelector: 'kubevirt.io=virt-launcher,vm.kubevirt.io/name=fedora',
        fieldSelector: 'status.phase=Running',
      },
    ]);
  });

  it('watches nothing for a null resource', () => {
    const { result } = renderHook(() => useK8sWatchResource<K8sObject>(null), { wrapper });
    expect(result.current).toEqual([[], false, undefined]);
    expect(fake.sockets).toHaveLength(0);
  });

  it('shares one subscription between components and re-renders do not resubscribe', async () => {
    const first = renderHook(() => useK8sWatchResource<K8sObject>({ ...vmsWatch }), { wrapper });
    const id = subscriptionId();
    await serverSends({ type: 'snapshot', id, items: [vm('a', 'x')], resourceVersion: '1' });
    const second = renderHook(() => useK8sWatchResource<K8sObject>({ ...vmsWatch }), { wrapper });
    await act(async () => {
      await Promise.resolve();
    });
    first.rerender();
    expect(keys(second.result.current[0])).toEqual(['a/x']);
    expect(second.result.current[1]).toBe(true);
    expect(server().sent.filter((m) => m.type === 'subscribe')).toHaveLength(1);
  });

  it('switches to the new query when the resource changes, not loaded until its snapshot', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { result, rerender } = renderHook(
      ({ namespace }: { namespace: string }) =>
        useK8sWatchResource<K8sObject>({ ...vmsWatch, namespace }),
      { wrapper, initialProps: { namespace: 'a' } },
    );
    await serverSends({
      type: 'snapshot',
      id: subscriptionId(),
      items: [vm('a', 'x')],
      resourceVersion: '1',
    });
    rerender({ namespace: 'b' });
    expect(result.current).toEqual([[], false, undefined]);
    act(() => {
      vi.advanceTimersByTime(100);
    });
    expect(server().subscriptions()).toMatchObject([{ namespace: 'b' }]);
  });
});
