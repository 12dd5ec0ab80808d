import { type Logger, type Reconciler, type ReconcileResult } from '@podvisor/kube';
import type { JsonObject, KubeObject } from '../../apiserver/json.ts';
import { isDeleting, metaString } from '../../apiserver/objects/lifecycle.ts';
import { objectAt, readPath } from '../../apiserver/selectors/read-json.ts';
import { isNotFound } from '../../apiserver/status-error.ts';
import type { ClusterClient } from '../cluster-client.ts';
import { podTemplateHash } from '../deployment/pod-template-hash.ts';
import { claimObjects, planClaims } from '../replicaset/claim-objects.ts';
import { isControlledBy } from '../replicaset/controller-ref.ts';
import { podFromTemplate } from '../replicaset/pod-from-template.ts';
import { daemonSetsRef, podsRef } from '../replicaset/resource-refs.ts';
import { slowStartBatch } from '../replicaset/slow-start-batch.ts';
import { statusPatch } from '../replicaset/status-patch.ts';
import { workloadSelector } from '../replicaset/workload-selector.ts';
import { recordEvent } from '../scheduler/record-event.ts';
import type { Informer } from '../store-informer.ts';
import { withDaemonTolerations, withNodeNameAffinity } from './daemon-pod-spec.ts';
import {
  groupByNode,
  managePlan,
  revisionHashLabel,
  rollingUpdatePlan,
  type DaemonSetObservation,
  type DaemonSetPlan,
} from './daemon-set-plan.ts';
import { daemonSetStatus, nextDaemonAvailabilityCheck } from './daemon-set-status.ts';

/** The field manager of the DaemonSet controller's writes. */
export const daemonSetManager = 'daemonset-controller';

/** Pods created per sync at most. */
const burstReplicas = 250;

/** What the DaemonSet reconciler reads and writes through. */
export interface DaemonSetReconcilerDeps {
  readonly client: ClusterClient;
  readonly daemonSets: Informer;
  readonly pods: Informer;
  readonly nodes: Informer;
  readonly now?: () => number;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(JSON.stringify(error));
}

function ignoreNotFound(error: unknown): undefined {
  if (isNotFound(error)) return undefined;
  throw error;
}

/** The DaemonSet's pods by node, from the cache. */
function observe(
  deps: DaemonSetReconcilerDeps,
  ds: KubeObject,
  hash: string,
  now: number,
): DaemonSetObservation {
  const pods = deps.pods.list(metaString(ds, 'namespace')).filter((p) => isControlledBy(p, ds));
  return { ds, nodes: deps.nodes.list(), nodeToPods: groupByNode(pods), hash, now };
}

/** A daemon pod for one node: the template plus the default tolerations, pinned to the node. */
function daemonPod(ds: KubeObject, hash: string, node: string): KubeObject {
  const template = objectAt(ds, 'spec', 'template') ?? {};
  const spec = withNodeNameAffinity(withDaemonTolerations(objectAt(template, 'spec') ?? {}), node);
  return podFromTemplate({
    template: { ...template, spec },
    owner: ds,
    extraLabels: { [revisionHashLabel]: hash },
  });
}

/** Creates and deletes pods as planned (`syncNodes`); throws the first failure. */
async function syncNodes(
  deps: DaemonSetReconcilerDeps,
  context: { ds: KubeObject; hash: string; logger: Logger },
  plan: DaemonSetPlan,
): Promise<void> {
  const { ds, hash, logger } = context;
  if (plan.create.length === 0 && plan.delete.length === 0) return;
  logger.debug(
    { create: plan.create, delete: plan.delete.map((p) => metaString(p, 'name')) },
    'syncing nodes',
  );
  const nodes = plan.create.slice(0, burstReplicas);
  const event = (type: 'Normal' | 'Warning', reason: string, message: string): Promise<void> =>
    recordEvent(
      deps.client,
      { involved: ds, component: daemonSetManager, type, reason, message },
      logger,
    );
  const created = await slowStartBatch(nodes.length, async (i) => {
    try {
      const pod = await deps.client.create(
        podsRef,
        metaString(ds, 'namespace'),
        daemonPod(ds, hash, nodes[i] ?? ''),
        { fieldManager: daemonSetManager },
      );
      await event('Normal', 'SuccessfulCreate', `Created pod: ${metaString(pod, 'name')}`);
    } catch (error) {
      await event('Warning', 'FailedCreate', `Error creating: ${asError(error).message}`);
      throw error;
    }
  });
  for (const pod of plan.delete) {
    const deleted = await deps.client
      .delete(
        podsRef,
        { namespace: metaString(pod, 'namespace'), name: metaString(pod, 'name') },
        { preconditions: { uid: metaString(pod, 'uid') } },
      )
      .catch(ignoreNotFound);
    if (deleted !== undefined)
      await event('Normal', 'SuccessfulDelete', `Deleted pod: ${metaString(pod, 'name')}`);
  }
  if (created.error !== undefined) throw asError(created.error);
}

async function writeStatus(
  deps: DaemonSetReconcilerDeps,
  ds: KubeObject,
  status: JsonObject,
): Promise<void> {
  const patch = statusPatch(ds, status);
  if (patch === undefined) return;
  await deps.client
    .patch(
      daemonSetsRef,
      { namespace: metaString(ds, 'namespace'), name: metaString(ds, 'name') },
      { type: 'merge', body: patch },
      {
        subresource: 'status',
        fieldManager: daemonSetManager,
      },
    )
    .catch(ignoreNotFound);
}

async function syncDaemonSet(
  deps: DaemonSetReconcilerDeps,
  key: string,
  logger: Logger,
): Promise<ReconcileResult> {
  const ds = deps.daemonSets.get(key);
  if (ds === undefined || isDeleting(ds)) return undefined;
  const now = (deps.now ?? Date.now)();
  const selector = workloadSelector(ds);
  const collisionCount = readPath(ds, 'status', 'collisionCount');
  const hash = podTemplateHash(
    readPath(ds, 'spec', 'template') ?? null,
    typeof collisionCount === 'number' ? collisionCount : undefined,
  );
  await claimObjects(deps.client, {
    ref: podsRef,
    owner: ds,
    plan: planClaims(ds, selector, deps.pods.list(metaString(ds, 'namespace'))),
    fieldManager: daemonSetManager,
  });
  const context = { ds, hash, logger };
  await syncNodes(deps, context, managePlan(observe(deps, ds, hash, now)));
  await syncNodes(deps, context, rollingUpdatePlan(observe(deps, ds, hash, now)));
  const observed = observe(deps, ds, hash, now);
  await writeStatus(deps, ds, daemonSetStatus(observed));
  const wait = nextDaemonAvailabilityCheck(observed);
  return wait === undefined ? undefined : { requeueAfterMs: wait };
}

/**
 * The DaemonSet reconciler (`syncDaemonSet`): claims the pods its selector matches, runs one
 * pod on every eligible node (pinned through a `metadata.name` node affinity for the scheduler
 * to bind, labelled with the template hash), takes one rolling-update step, and writes the
 * status `kubectl rollout status ds/…` reads.
 */
export function daemonSetReconciler(deps: DaemonSetReconcilerDeps): Reconciler {
  return { reconcile: (key, ctx) => syncDaemonSet(deps, key, ctx.logger) };
}
