import type { KubeObject } from '../../apiserver/json.ts';
import { metaString } from '../../apiserver/objects/lifecycle.ts';
import { controllerKeyOf } from '../replicaset/controller-ref.ts';
import { deploymentsRef, podsRef, replicaSetsRef } from '../replicaset/resource-refs.ts';
import { ownerOrSelectingKeys } from '../replicaset/workload-selector.ts';
import type { ControllerFactory } from '../controller-host.ts';
import { runInformerController } from '../run-informer-controller.ts';
import { objectCacheKey, type Informer } from '../store-informer.ts';
import { deploymentReconciler } from './deployment-reconciler.ts';
import { isRollingUpdate } from './rolling-limits.ts';

/** A pod concerns its ReplicaSet's Deployment only when that one recreates (it waits for old pods to go). */
function recreatingDeploymentOf(
  pod: KubeObject,
  replicaSets: Informer,
  deployments: Informer,
): string[] {
  const rsKey = controllerKeyOf(pod, 'ReplicaSet');
  const rs = rsKey === undefined ? undefined : replicaSets.get(rsKey);
  const dKey = rs === undefined ? undefined : controllerKeyOf(rs, 'Deployment');
  const d = dKey === undefined ? undefined : deployments.get(dKey);
  return d !== undefined && dKey !== undefined && !isRollingUpdate(d) ? [dKey] : [];
}

/**
 * The Deployment controller: rolls each Deployment's pod template out through ReplicaSets.
 * Keys: the Deployment; a ReplicaSet maps to its controlling Deployment or, as an orphan, to the
 * Deployments that select it; a pod maps to its ReplicaSet's Deployment when that uses Recreate.
 */
export const deploymentController: ControllerFactory = {
  name: 'deployment',
  start({ client, logger }) {
    const deployments = client.informer(deploymentsRef);
    const replicaSets = client.informer(replicaSetsRef);
    const pods = client.informer(podsRef);
    return runInformerController({
      name: 'deployment',
      logger,
      reconciler: deploymentReconciler({ client, deployments, replicaSets, pods }),
      sources: [
        { informer: deployments, keys: (d) => [objectCacheKey(d)] },
        {
          informer: replicaSets,
          keys: (rs) =>
            ownerOrSelectingKeys(rs, 'Deployment', deployments.list(metaString(rs, 'namespace'))),
        },
        { informer: pods, keys: (pod) => recreatingDeploymentOf(pod, replicaSets, deployments) },
      ],
    });
  },
};
