import { metaString } from '../../apiserver/objects/lifecycle.ts';
import type { ControllerFactory } from '../controller-host.ts';
import { daemonSetsRef, nodesRef, podsRef } from '../replicaset/resource-refs.ts';
import { ownerOrSelectingKeys } from '../replicaset/workload-selector.ts';
import { runInformerController } from '../run-informer-controller.ts';
import { objectCacheKey } from '../store-informer.ts';
import { daemonSetReconciler } from './daemon-set-reconciler.ts';

/**
 * The DaemonSet controller: one pod of each DaemonSet on every node it fits. Keys: the DaemonSet;
 * a pod maps to its controlling DaemonSet or, as an orphan, to the DaemonSets that select it; a
 * node change maps to every DaemonSet.
 */
export const daemonSetController: ControllerFactory = {
  name: 'daemonset',
  start({ client, logger }) {
    const daemonSets = client.informer(daemonSetsRef);
    const pods = client.informer(podsRef);
    const nodes = client.informer(nodesRef);
    return runInformerController({
      name: 'daemonset',
      logger,
      reconciler: daemonSetReconciler({ client, daemonSets, pods, nodes }),
      sources: [
        { informer: daemonSets, keys: (ds) => [objectCacheKey(ds)] },
        {
          informer: pods,
          keys: (pod) =>
            ownerOrSelectingKeys(pod, 'DaemonSet', daemonSets.list(metaString(pod, 'namespace'))),
        },
        { informer: nodes, keys: () => daemonSets.list().map(objectCacheKey) },
      ],
    });
  },
};
