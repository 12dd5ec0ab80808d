import { isNotFound } from '../../apiserver/status-error.ts';
import type { ResourceRef } from '../cluster-client.ts';
import type { ControllerFactory } from '../controller-host.ts';
import type { ClusterIpRange } from './cluster-ip-range.ts';
import { objectCacheKey } from '../store-informer.ts';
import { desiredClusterIpSpec, usedClusterIps } from './desired-cluster-ip.ts';
import { runInformerController } from '../run-informer-controller.ts';
import { splitCacheKey } from './split-cache-key.ts';

/** `v1 services`. */
export const servicesRef: ResourceRef = { group: '', version: 'v1', resource: 'services' };

/** The field manager of the ClusterIP controller's writes. */
export const clusterIpManager = 'service-ip-allocator';

/**
 * Gives Services without a ClusterIP (or with one outside `range`, see `desiredClusterIpSpec`) one
 * from `range`, with a merge patch conditioned on the resourceVersion it read, so a concurrent
 * change is a 409 and a retry. kube-apiserver allocates while creating the Service, and so does
 * the create path here; this controller fills in `clusterIPs`/`ipFamilies` of Services written
 * before that and re-addresses those a change of range left outside it.
 */
export function clusterIpController(range: ClusterIpRange): ControllerFactory {
  return {
    name: 'service-cluster-ip',
    start({ client, logger }) {
      const services = client.informer(servicesRef);
      return runInformerController({
        name: 'service-cluster-ip',
        logger,
        sources: [{ informer: services, keys: (svc) => [objectCacheKey(svc)] }],
        reconciler: {
          async reconcile(key) {
            const service = services.get(key);
            if (service === undefined) return;
            const used = usedClusterIps(services.list(), service);
            const wanted = desiredClusterIpSpec({ service, used, range });
            if (wanted === undefined) return;
            const patch = {
              metadata: { resourceVersion: service.metadata['resourceVersion'] ?? null },
              spec: wanted,
            };
            try {
              await client.patch(
                servicesRef,
                splitCacheKey(key),
                { type: 'merge', body: patch },
                { fieldManager: clusterIpManager },
              );
            } catch (error) {
              if (isNotFound(error)) return;
              throw error;
            }
          },
        },
      });
    },
  };
}
