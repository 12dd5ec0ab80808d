import type { KubeObject } from '../../apiserver/json.ts';
import { labelsOf, metaString } from '../../apiserver/objects/lifecycle.ts';
import { isNotFound } from '../../apiserver/status-error.ts';
import type { ClusterClient, ResourceRef } from '../cluster-client.ts';
import type { ControllerFactory } from '../controller-host.ts';
import { servicesRef } from '../services/cluster-ip-controller.ts';
import { runInformerController } from '../run-informer-controller.ts';
import { objectCacheKey, type Informer } from '../store-informer.ts';
import {
  desiredEndpointSlices,
  endpointSliceControllerName,
  managedByLabel,
  serviceNameLabel,
} from './desired-endpoint-slices.ts';
import { podsRef } from './endpoints-controller.ts';
import { servicesSelecting } from './service-selector.ts';

/** `discovery.k8s.io/v1 endpointslices`. */
export const endpointSlicesRef: ResourceRef = {
  group: 'discovery.k8s.io',
  version: 'v1',
  resource: 'endpointslices',
};

const manager = 'endpointslice-controller';

interface Caches {
  readonly services: Informer;
  readonly pods: Informer;
  /** Only the slices this controller manages. */
  readonly slices: Informer;
}

/** The key of the Service a managed slice belongs to. */
function serviceKeyOf(slice: KubeObject): string[] {
  const service = labelsOf(slice)[serviceNameLabel];
  return service === undefined ? [] : [`${metaString(slice, 'namespace')}/${service}`];
}

function sameContent(stored: KubeObject, wanted: KubeObject): boolean {
  const part = (o: KubeObject): string =>
    JSON.stringify([
      o.metadata['labels'] ?? {},
      o.metadata['ownerReferences'] ?? [],
      o['addressType'],
      o['endpoints'] ?? [],
      o['ports'] ?? [],
    ]);
  return part(stored) === part(wanted);
}

function ignoreNotFound(error: unknown): void {
  if (isNotFound(error)) return;
  throw error;
}

async function apply(
  client: ClusterClient,
  stored: KubeObject | undefined,
  wanted: KubeObject,
): Promise<void> {
  const options = { fieldManager: manager };
  if (stored === undefined) {
    await client.create(endpointSlicesRef, metaString(wanted, 'namespace'), wanted, options);
    return;
  }
  if (sameContent(stored, wanted)) return;
  const next: KubeObject = {
    ...wanted,
    metadata: { ...stored.metadata, ...wanted.metadata },
  };
  Reflect.deleteProperty(next, 'ports');
  if (wanted['ports'] !== undefined) next['ports'] = wanted['ports'];
  await client.update(endpointSlicesRef, next, options);
}

async function reconcileSlices(client: ClusterClient, caches: Caches, key: string): Promise<void> {
  const [namespace = '', name = ''] = key.split('/');
  const service = caches.services.get(key);
  const wanted =
    service === undefined ? [] : desiredEndpointSlices(service, caches.pods.list(namespace));
  const existing = caches.slices
    .list(namespace)
    .filter((s) => labelsOf(s)[serviceNameLabel] === name);
  const wantedNames = new Set(wanted.map((s) => metaString(s, 'name')));
  for (const slice of wanted) await apply(client, caches.slices.get(objectCacheKey(slice)), slice);
  for (const slice of existing.filter((s) => !wantedNames.has(metaString(s, 'name'))))
    await client
      .delete(endpointSlicesRef, { namespace, name: metaString(slice, 'name') })
      .catch(ignoreNotFound);
}

/**
 * The EndpointSlice controller: keeps the slices it manages (label
 * `endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io`) equal to
 * `desiredEndpointSlices` of each Service's pods, deleting the slices of Services that are gone
 * or no longer select pods. Idle, with a warning, while the API server does not serve
 * `discovery.k8s.io/v1 endpointslices`.
 */
export const endpointSliceController: ControllerFactory = {
  name: 'endpointslice',
  start({ client, logger }) {
    let slices: Informer;
    try {
      slices = client.informer(endpointSlicesRef, {
        labelSelector: `${managedByLabel}=${endpointSliceControllerName}`,
      });
    } catch (error) {
      if (!isNotFound(error)) throw error;
      logger.warn('discovery.k8s.io/v1 endpointslices is not served; no EndpointSlices are kept');
      return { stop: () => Promise.resolve() };
    }
    const caches: Caches = {
      services: client.informer(servicesRef),
      pods: client.informer(podsRef),
      slices,
    };
    return runInformerController({
      name: 'endpointslice',
      logger,
      sources: [
        { informer: caches.services, keys: (svc) => [objectCacheKey(svc)] },
        {
          informer: caches.pods,
          keys: (pod) => servicesSelecting(caches.services.list(metaString(pod, 'namespace')), pod),
        },
        { informer: caches.slices, keys: serviceKeyOf },
      ],
      reconciler: { reconcile: (key) => reconcileSlices(client, caches, key) },
    });
  },
};
