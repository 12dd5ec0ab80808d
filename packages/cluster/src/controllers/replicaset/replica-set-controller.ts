import { metaString } from '../../apiserver/objects/lifecycle.ts';
import type { ControllerFactory } from '../controller-host.ts';
import { runInformerController } from '../run-informer-controller.ts';
import { objectCacheKey } from '../store-informer.ts';
import { replicaSetReconciler } from './replica-set-reconciler.ts';
import { podsRef, replicaSetsRef } from './resource-refs.ts';
import { ownerOrSelectingKeys } from './workload-selector.ts';

/**
 * The ReplicaSet controller: keeps `spec.replicas` pods of each ReplicaSet running. Keys: the
 * ReplicaSet itself; a pod maps to its controlling ReplicaSet, or, when it is an orphan, to the
 * ReplicaSets whose selector matches it (they may adopt it).
 */
export const replicaSetController: ControllerFactory = {
  name: 'replicaset',
  start({ client, logger }) {
    const replicaSets = client.informer(replicaSetsRef);
    const pods = client.informer(podsRef);
    return runInformerController({
      name: 'replicaset',
      logger,
      reconciler: replicaSetReconciler({ client, replicaSets, pods }),
      sources: [
        { informer: replicaSets, keys: (rs) => [objectCacheKey(rs)] },
        {
          informer: pods,
          keys: (pod) =>
            ownerOrSelectingKeys(pod, 'ReplicaSet', replicaSets.list(metaString(pod, 'namespace'))),
        },
      ],
    });
  },
};
