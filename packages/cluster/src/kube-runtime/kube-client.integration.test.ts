// KubeClient and the error classifiers from @podvisor/kube against the real embedded API server.
import { KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import {
  isAlreadyExists,
  isConflict,
  isNotFound,
  KubeClient,
  type ResourceType,
} from '@podvisor/kube';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '../testing/test-cluster.ts';

interface Widget extends KubernetesObject {
  spec?: { size?: number; color?: string };
  status?: { phase?: string };
}

const widgets: ResourceType = {
  apiVersion: 'test.podvisor.io/v1',
  plural: 'widgets',
  namespaced: true,
};
const configMaps: ResourceType = { apiVersion: 'v1', plural: 'configmaps', namespaced: true };

const crd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.test.podvisor.io' },
  spec: {
    group: 'test.podvisor.io',
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: { status: {} },
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                properties: { size: { type: 'integer' }, color: { type: 'string' } },
              },
              status: { type: 'object', properties: { phase: { type: 'string' } } },
            },
          },
        },
      },
    ],
  },
};

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error: unknown) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('KubeClient on the embedded API server', () => {
  let cluster: TestCluster;
  let controller: KubeClient;
  let handler: KubeClient;

  beforeAll(async () => {
    cluster = await startTestCluster();
    const kc = new KubeConfig();
    kc.loadFromFile(cluster.kubeconfigPath);
    controller = new KubeClient({ kubeConfig: kc, fieldManager: 'podvisor-virt-controller' });
    handler = new KubeClient({ kubeConfig: kc, fieldManager: 'podvisor-virt-handler' });
    const applied = await cluster.kubectl(['apply', '-f', '-'], { stdin: JSON.stringify(crd) });
    expect(applied.stderr).toBe('');
    const established = await cluster.kubectl([
      'wait',
      '--for=condition=Established',
      'crd/widgets.test.podvisor.io',
      '--timeout=30s',
    ]);
    expect(established.code).toBe(0);
  });
  afterAll(async () => {
    await cluster.close();
  });

  const widget = (spec: NonNullable<Widget['spec']>): Widget => ({
    apiVersion: 'test.podvisor.io/v1',
    kind: 'Widget',
    metadata: { name: 'w', namespace: 'default' },
    spec,
  });

  it('server-side applies with one field manager per component, and reads back', async () => {
    const created = await controller.apply(widgets, widget({ size: 1 }));
    expect(created.spec).toEqual({ size: 1 });
    await handler.apply(widgets, widget({ color: 'red' }));
    const read = await controller.get<Widget>(widgets, 'default/w');
    expect(read?.spec).toEqual({ size: 1, color: 'red' });
    const managers = (read?.metadata?.managedFields ?? []).map((f) => f.manager);
    expect(managers).toEqual(
      expect.arrayContaining(['podvisor-virt-controller', 'podvisor-virt-handler']),
    );
  });

  it('patches the status subresource without touching the spec', async () => {
    const patched = await handler.patchStatus<Widget>(widgets, 'default/w', { phase: 'Running' });
    expect(patched.status).toEqual({ phase: 'Running' });
    expect(patched.spec).toMatchObject({ size: 1 });
  });

  it('patches the status only at the resourceVersion it was given', async () => {
    const read = await handler.get<Widget>(widgets, 'default/w');
    const version = read?.metadata?.resourceVersion;
    if (version === undefined) throw new Error('the widget is missing');
    const first = await handler.patchStatus<Widget>(
      widgets,
      'default/w',
      { phase: 'Scheduled' },
      { resourceVersion: version },
    );
    expect(first.status).toEqual({ phase: 'Scheduled' });
    const stale = await failure(
      handler.patchStatus(widgets, 'default/w', { phase: 'Lost' }, { resourceVersion: version }),
    );
    expect(isConflict(stale)).toBe(true);
    expect((await handler.get<Widget>(widgets, 'default/w'))?.status).toEqual({
      phase: 'Scheduled',
    });
  });

  it('merge-patches an object, keeping its labels next to the resourceVersion guard', async () => {
    const read = await controller.get<Widget>(widgets, 'default/w');
    const version = read?.metadata?.resourceVersion;
    if (version === undefined) throw new Error('the widget is missing');
    const patched = await controller.patch<Widget>(
      widgets,
      'default/w',
      { metadata: { labels: { tier: 'gold' } } },
      { resourceVersion: version },
    );
    expect(patched.metadata?.labels).toMatchObject({ tier: 'gold' });
    const stale = await failure(
      controller.patch(
        widgets,
        'default/w',
        { metadata: { labels: { tier: 'x' } } },
        {
          resourceVersion: version,
        },
      ),
    );
    expect(isConflict(stale)).toBe(true);
  });

  it('adds and removes a finalizer, refusing a stale object with a conflict', async () => {
    const fresh = await controller.get<Widget>(widgets, 'default/w');
    if (!fresh) throw new Error('the widget is missing');
    const withFinalizer = await controller.addFinalizer(widgets, fresh, 'kubevirt.io/test');
    expect(withFinalizer.metadata?.finalizers).toEqual(['kubevirt.io/test']);
    expect(await controller.addFinalizer(widgets, withFinalizer, 'kubevirt.io/test')).toBe(
      withFinalizer,
    );

    const stale = await failure(controller.addFinalizer(widgets, fresh, 'other.io/x'));
    expect(isConflict(stale)).toBe(true);

    const without = await controller.removeFinalizer(widgets, withFinalizer, 'kubevirt.io/test');
    expect(without.metadata?.finalizers ?? []).toEqual([]);
  });

  it('classifies not-found, already-exists and deletes of missing objects', async () => {
    expect(await controller.get(configMaps, 'default/missing')).toBeUndefined();
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'once', namespace: 'default' },
    };
    await controller.create(configMaps, cm);
    const again = await failure(controller.create(configMaps, cm));
    expect([isAlreadyExists(again), isConflict(again)]).toEqual([true, false]);
    expect(await controller.delete(configMaps, 'default/once')).toBe(true);
    expect(await controller.delete(configMaps, 'default/once')).toBe(false);
    const gone = await failure(controller.patchStatus(widgets, 'default/nope', { phase: 'x' }));
    expect(isNotFound(gone)).toBe(true);
  });
});
