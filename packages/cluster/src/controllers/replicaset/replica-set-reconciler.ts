import { TerminalError, type Logger, type Reconciler, type ReconcileResult } from '@podvisor/kube';
import type { JsonObject, KubeObject } from '../../apiserver/json.ts';
import { isDeleting, labelsOf, metaString } from '../../apiserver/objects/lifecycle.ts';
import { matchesLabels, type LabelSelector } from '../../apiserver/selectors/index.ts';
import { numberAt, objectAt } from '../../apiserver/selectors/read-json.ts';
import { isNotFound, StatusError } from '../../apiserver/status-error.ts';
import type { ClusterClient } from '../cluster-client.ts';
import { recordEvent } from '../scheduler/record-event.ts';
import type { Informer } from '../store-informer.ts';
import { claimObjects, planClaims } from './claim-objects.ts';
import { isControlledBy } from './controller-ref.ts';
import { isPodActive } from './is-pod-available.ts';
import { podFromTemplate } from './pod-from-template.ts';
import { podsToDelete } from './pods-to-delete.ts';
import { nextAvailabilityCheck, replicaSetStatus } from './replica-set-status.ts';
import { podsRef, replicaSetsRef } from './resource-refs.ts';
import { slowStartBatch } from './slow-start-batch.ts';
import { statusPatch } from './status-patch.ts';
import { workloadSelector } from './workload-selector.ts';

/** The field manager of the ReplicaSet controller's writes. */
export const replicaSetManager = 'replicaset-controller';

/** Pods created or deleted per sync at most (`BurstReplicas`). */
const burstReplicas = 500;

/** What the ReplicaSet reconciler reads and writes through. */
export interface ReplicaSetReconcilerDeps {
  readonly client: ClusterClient;
  readonly replicaSets: Informer;
  readonly pods: Informer;
  readonly now?: () => number;
}

/** Whether a create failed only because the namespace is going away (nothing to retry). */
function namespaceTerminating(error: unknown): boolean {
  return error instanceof StatusError && error.message.includes('because it is being terminated');
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The active pods the ReplicaSet controls and selects, from the cache. */
function ownedActivePods(
  deps: ReplicaSetReconcilerDeps,
  rs: KubeObject,
  selector: LabelSelector,
): KubeObject[] {
  return deps.pods
    .list(metaString(rs, 'namespace'))
    .filter((p) => isPodActive(p) && isControlledBy(p, rs) && matchesLabels(selector, labelsOf(p)));
}

/** Records an event about the ReplicaSet, as the replicaset-controller does. */
function recordRsEvent(
  sync: { deps: ReplicaSetReconcilerDeps; rs: KubeObject; logger: Logger },
  event: { type: 'Normal' | 'Warning'; reason: string; message: string },
): Promise<void> {
  return recordEvent(
    sync.deps.client,
    { involved: sync.rs, component: replicaSetManager, ...event },
    sync.logger,
  );
}

async function createPods(
  sync: { deps: ReplicaSetReconcilerDeps; rs: KubeObject; logger: Logger },
  count: number,
): Promise<string | undefined> {
  const { deps, rs } = sync;
  const template = objectAt(rs, 'spec', 'template') ?? {};
  const namespace = metaString(rs, 'namespace');
  const outcome = await slowStartBatch(count, async () => {
    try {
      const pod = await deps.client.create(
        podsRef,
        namespace,
        podFromTemplate({ template, owner: rs }),
        { fieldManager: replicaSetManager },
      );
      const message = `Created pod: ${metaString(pod, 'name')}`;
      await recordRsEvent(sync, { type: 'Normal', reason: 'SuccessfulCreate', message });
    } catch (error) {
      if (namespaceTerminating(error)) return;
      const message = `Error creating: ${errorText(error)}`;
      await recordRsEvent(sync, { type: 'Warning', reason: 'FailedCreate', message });
      throw error;
    }
  });
  return outcome.error === undefined ? undefined : errorText(outcome.error);
}

async function deletePods(
  sync: { deps: ReplicaSetReconcilerDeps; rs: KubeObject; logger: Logger },
  pods: readonly KubeObject[],
): Promise<string | undefined> {
  const results = await Promise.allSettled(
    pods.map(async (pod) => {
      const name = metaString(pod, 'name');
      await sync.deps.client.delete(
        podsRef,
        { namespace: metaString(pod, 'namespace'), name },
        { preconditions: { uid: metaString(pod, 'uid') } },
      );
      const message = `Deleted pod: ${name}`;
      await recordRsEvent(sync, { type: 'Normal', reason: 'SuccessfulDelete', message });
    }),
  );
  const failed = results.find((r) => r.status === 'rejected');
  return failed === undefined ? undefined : errorText(failed.reason);
}

/** Creates or deletes pods until `spec.replicas` are active; resolves with the failure, if any. */
async function manageReplicas(
  deps: ReplicaSetReconcilerDeps,
  rs: KubeObject,
  pods: readonly KubeObject[],
  logger: Logger,
): Promise<string | undefined> {
  const diff = pods.length - numberAt(rs, 'spec', 'replicas');
  if (diff < 0) {
    const count = Math.min(-diff, burstReplicas);
    logger.debug({ count }, 'creating pods');
    return createPods({ deps, rs, logger }, count);
  }
  if (diff > 0) {
    const victims = podsToDelete(pods, Math.min(diff, burstReplicas));
    logger.debug({ pods: victims.map((p) => metaString(p, 'name')) }, 'deleting pods');
    return deletePods({ deps, rs, logger }, victims);
  }
  return undefined;
}

async function writeStatus(
  deps: ReplicaSetReconcilerDeps,
  rs: KubeObject,
  status: JsonObject,
): Promise<void> {
  const patch = statusPatch(rs, status);
  if (patch === undefined) return;
  try {
    await deps.client.patch(
      replicaSetsRef,
      { namespace: metaString(rs, 'namespace'), name: metaString(rs, 'name') },
      { type: 'merge', body: patch },
      { subresource: 'status', fieldManager: replicaSetManager },
    );
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

async function recordTerminal(
  deps: ReplicaSetReconcilerDeps,
  rs: KubeObject,
  error: TerminalError,
  now: number,
): Promise<never> {
  await writeStatus(deps, rs, replicaSetStatus({ rs, pods: [], manageError: error.message, now }));
  throw error;
}

async function syncReplicaSet(
  deps: ReplicaSetReconcilerDeps,
  key: string,
  logger: Logger,
): Promise<ReconcileResult> {
  const rs = deps.replicaSets.get(key);
  if (rs === undefined) return undefined;
  const now = (deps.now ?? Date.now)();
  let selector: LabelSelector;
  try {
    selector = workloadSelector(rs);
  } catch (error) {
    if (error instanceof TerminalError) return recordTerminal(deps, rs, error, now);
    throw error;
  }
  const candidates = deps.pods.list(metaString(rs, 'namespace')).filter(isPodActive);
  const owned = await claimObjects(deps.client, {
    ref: podsRef,
    owner: rs,
    plan: planClaims(rs, selector, candidates),
    fieldManager: replicaSetManager,
  });
  const manageError = isDeleting(rs) ? undefined : await manageReplicas(deps, rs, owned, logger);
  const pods = ownedActivePods(deps, rs, selector);
  await writeStatus(deps, rs, replicaSetStatus({ rs, pods, manageError, now }));
  if (manageError !== undefined) throw new Error(manageError);
  const minReady = numberAt(rs, 'spec', 'minReadySeconds');
  const wait = nextAvailabilityCheck(pods, minReady, now);
  return wait === undefined ? undefined : { requeueAfterMs: wait };
}

/**
 * The ReplicaSet reconciler (`syncReplicaSet`): claims the active pods its selector matches
 * (adopting orphans, releasing pods that stopped matching), creates pods from the template or
 * deletes the least valuable ones until `spec.replicas` run, then writes the status. The
 * in-process informers see every write before it resolves, so no creation expectations are
 * needed. A selector that is invalid or does not match the template is terminal and recorded
 * as a `ReplicaFailure` condition.
 */
export function replicaSetReconciler(deps: ReplicaSetReconcilerDeps): Reconciler {
  return { reconcile: (key, ctx) => syncReplicaSet(deps, key, ctx.logger) };
}
