import type { KubeObject } from '../../apiserver/json.ts';
import { metaString } from '../../apiserver/objects/lifecycle.ts';
import { isNotFound } from '../../apiserver/status-error.ts';
import type { ClusterClient, ResourceRef } from '../cluster-client.ts';
import type { ControllerFactory } from '../controller-host.ts';
import { servicesRef } from '../services/cluster-ip-controller.ts';
import { endpointsRef } from '../services/kubernetes-service-controller.ts';
import { runInformerController } from '../run-informer-controller.ts';
import { splitCacheKey } from '../services/split-cache-key.ts';
import { objectCacheKey, type Informer } from '../store-informer.ts';
import { desiredEndpoints } from './desired-endpoints.ts';
import { isManagedBy } from './is-managed-by.ts';
import { servicesSelecting } from './service-selector.ts';

/** `v1 pods`. */
export const podsRef: ResourceRef = { group: '', version: 'v1', resource: 'pods' };

/** The field manager of the Endpoints controller's writes (how it recognises its Endpoints). */
export const endpointsManager = 'endpoint-controller';

function sameContent(stored: KubeObject, wanted: KubeObject): boolean {
  const part = (o: KubeObject): string =>
    JSON.stringify([o.metadata['labels'] ?? {}, o['subsets'] ?? []]);
  return part(stored) === part(wanted);
}

function ignoreNotFound(error: unknown): void {
  if (isNotFound(error)) return;
  throw error;
}

interface Caches {
  readonly services: Informer;
  readonly pods: Informer;
  readonly endpoints: Informer;
}

async function reconcileEndpoints(
  client: ClusterClient,
  caches: Caches,
  key: string,
): Promise<void> {
  const service = caches.services.get(key);
  const stored = caches.endpoints.get(key);
  if (service === undefined) {
    if (stored !== undefined && isManagedBy(stored, endpointsManager))
      await client.delete(endpointsRef, splitCacheKey(key)).catch(ignoreNotFound);
    return;
  }
  const { namespace } = splitCacheKey(key);
  const wanted = desiredEndpoints(service, caches.pods.list(namespace));
  if (wanted === undefined) return;
  const options = { fieldManager: endpointsManager };
  if (stored === undefined) {
    await client.create(endpointsRef, namespace, wanted, options);
    return;
  }
  if (sameContent(stored, wanted)) return;
  const next: KubeObject = {
    ...stored,
    metadata: { ...stored.metadata, labels: wanted.metadata['labels'] ?? {} },
  };
  Reflect.deleteProperty(next, 'subsets');
  if (wanted['subsets'] !== undefined) next['subsets'] = wanted['subsets'];
  await client.update(endpointsRef, next, options);
}

/**
 * The Endpoints controller: keeps `v1 Endpoints` of every Service with a selector equal to
 * `desiredEndpoints` of the pods it selects, on Service, pod and Endpoints changes, and deletes
 * the Endpoints it wrote when their Service is gone. Selector-less Services' Endpoints are left
 * to their users.
 */
export const endpointsController: ControllerFactory = {
  name: 'endpoints',
  start({ client, logger }) {
    const caches: Caches = {
      services: client.informer(servicesRef),
      pods: client.informer(podsRef),
      endpoints: client.informer(endpointsRef),
    };
    return runInformerController({
      name: 'endpoints',
      logger,
      sources: [
        { informer: caches.services, keys: (svc) => [objectCacheKey(svc)] },
        {
          informer: caches.pods,
          keys: (pod) => servicesSelecting(caches.services.list(metaString(pod, 'namespace')), pod),
        },
        { informer: caches.endpoints, keys: (eps) => [objectCacheKey(eps)] },
      ],
      reconciler: { reconcile: (key) => reconcileEndpoints(client, caches, key) },
    });
  },
};
