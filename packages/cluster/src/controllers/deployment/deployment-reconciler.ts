import { TerminalError, type Logger, type Reconciler, type ReconcileResult } from '@podvisor/kube';
import type { JsonObject, KubeObject } from '../../apiserver/json.ts';
import { isDeleting, metaString } from '../../apiserver/objects/lifecycle.ts';
import { numberAt, objectAt, readPath } from '../../apiserver/selectors/read-json.ts';
import { isNotFound, StatusError } from '../../apiserver/status-error.ts';
import type { ClusterClient, ObjectName } from '../cluster-client.ts';
import { claimObjects, planClaims } from '../replicaset/claim-objects.ts';
import { isControlledBy } from '../replicaset/controller-ref.ts';
import { podPhase } from '../replicaset/is-pod-available.ts';
import { deploymentsRef, replicaSetsRef } from '../replicaset/resource-refs.ts';
import { statusPatch } from '../replicaset/status-patch.ts';
import { workloadSelector } from '../replicaset/workload-selector.ts';
import { recordEvent } from '../scheduler/record-event.ts';
import type { Informer } from '../store-informer.ts';
import {
  conditionsOf,
  findCondition,
  hasProgressDeadline,
  newCondition,
  pausedConditions,
  reasons,
  setCondition,
} from './deployment-conditions.ts';
import {
  deploymentComplete,
  deploymentStatus,
  progressRecheck,
  rolloutStatus,
} from './deployment-status.ts';
import { desiredNewReplicaSet } from './desired-replica-set.ts';
import { equalIgnoreHash, splitReplicaSets } from './find-new-replica-set.ts';
import { historyToDelete } from './history-cleanup.ts';
import { podTemplateHash } from './pod-template-hash.ts';
import {
  maxRevision,
  newReplicaSetAnnotations,
  replicasAnnotations,
} from './replica-set-annotations.ts';
import {
  activeOf,
  replicaSetView,
  revisionAnnotation,
  sumOf,
  type ReplicaSetView,
} from './replica-set-view.ts';
import { deploymentReplicas, isRollingUpdate } from './rolling-limits.ts';
import {
  isScalingEvent,
  newReplicaSetSize,
  newReplicaSetTarget,
  oldReplicaSetsScaleDown,
  proportionalScale,
  type Sizes,
} from './rollout-steps.ts';

/** The field manager of the Deployment controller's writes. */
export const deploymentManager = 'deployment-controller';

/** What the Deployment reconciler reads and writes through. */
export interface DeploymentReconcilerDeps {
  readonly client: ClusterClient;
  readonly deployments: Informer;
  readonly replicaSets: Informer;
  readonly pods: Informer;
  readonly now?: () => number;
}

/** One sync of one Deployment: what it read, and what it changed so far. */
interface Sync {
  readonly deps: DeploymentReconcilerDeps;
  readonly d: KubeObject;
  readonly now: number;
  readonly logger: Logger;
  /** The Deployment's ReplicaSets, replaced by the server's answer after each write. */
  rsList: ReplicaSetView[];
  conditions: JsonObject[];
  collisionCount: number | undefined;
}

interface Split {
  readonly newRS: ReplicaSetView | undefined;
  readonly old: ReplicaSetView[];
}

function nameOf(obj: KubeObject): ObjectName {
  return { namespace: metaString(obj, 'namespace'), name: metaString(obj, 'name') };
}

function ignoreNotFound(error: unknown): undefined {
  if (isNotFound(error)) return undefined;
  throw error;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sameStrings(
  a: Readonly<Record<string, string>>,
  b: Readonly<Record<string, string>>,
): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** Merge-patches a ReplicaSet (conditioned on the version read) and records the answer. */
async function patchReplicaSet(
  sync: Sync,
  rs: ReplicaSetView,
  body: JsonObject,
): Promise<ReplicaSetView> {
  const metadata = {
    ...objectAt(body, 'metadata'),
    resourceVersion: metaString(rs.obj, 'resourceVersion'),
  };
  const updated = await sync.deps.client.patch(
    replicaSetsRef,
    nameOf(rs.obj),
    { type: 'merge', body: { ...body, metadata } },
    { fieldManager: deploymentManager },
  );
  const view = replicaSetView(updated);
  sync.rsList = sync.rsList.map((r) => (r.uid === view.uid ? view : r));
  return view;
}

/** Sets a ReplicaSet's size and replica annotations (`scaleReplicaSet`), when either differs. */
async function scaleReplicaSet(
  sync: Sync,
  rs: ReplicaSetView,
  size: number,
): Promise<ReplicaSetView> {
  const annotations = replicasAnnotations(sync.d);
  const current = Object.fromEntries(
    Object.keys(annotations).map((k) => [k, rs.annotations[k] ?? '']),
  );
  if (rs.replicas === size && sameStrings(current, annotations)) return rs;
  sync.logger.debug({ replicaSet: rs.name, from: rs.replicas, to: size }, 'scaling ReplicaSet');
  const scaled = await patchReplicaSet(sync, rs, {
    metadata: { annotations },
    spec: { replicas: size },
  });
  if (rs.replicas !== size) {
    const direction = size > rs.replicas ? 'up' : 'down';
    await scalingEvent(
      sync,
      `Scaled ${direction} replica set ${rs.name} from ${rs.replicas} to ${size}`,
    );
  }
  return scaled;
}

/** The `ScalingReplicaSet` event `kubectl describe deployment` lists. */
function scalingEvent(sync: Sync, message: string): Promise<void> {
  return recordEvent(
    sync.deps.client,
    {
      involved: sync.d,
      type: 'Normal',
      reason: 'ScalingReplicaSet',
      message,
      component: deploymentManager,
    },
    sync.logger,
  );
}

async function applySizes(sync: Sync, sizes: Sizes): Promise<void> {
  for (const [name, size] of sizes) {
    const rs = sync.rsList.find((r) => r.name === name);
    if (rs !== undefined) await scaleReplicaSet(sync, rs, size);
  }
}

async function setDeploymentRevision(sync: Sync, revision: string | undefined): Promise<void> {
  if (revision === undefined) return;
  const annotations = objectAt(sync.d, 'metadata', 'annotations') ?? {};
  if (annotations[revisionAnnotation] === revision) return;
  await sync.deps.client
    .patch(
      deploymentsRef,
      nameOf(sync.d),
      { type: 'merge', body: { metadata: { annotations: { [revisionAnnotation]: revision } } } },
      { fieldManager: deploymentManager },
    )
    .catch(ignoreNotFound);
}

async function writeStatus(sync: Sync, status: JsonObject): Promise<void> {
  const patch = statusPatch(sync.d, status);
  if (patch === undefined) return;
  await sync.deps.client
    .patch(
      deploymentsRef,
      nameOf(sync.d),
      { type: 'merge', body: patch },
      {
        subresource: 'status',
        fieldManager: deploymentManager,
      },
    )
    .catch(ignoreNotFound);
}

/** Writes the conditions and collision count recorded so far onto the stored status. */
async function writeDraft(sync: Sync): Promise<void> {
  const status: JsonObject = { ...objectAt(sync.d, 'status'), conditions: sync.conditions };
  if (sync.collisionCount !== undefined) status['collisionCount'] = sync.collisionCount;
  await writeStatus(sync, status);
}

function currentSplit(sync: Sync, newUid: string | undefined): Split {
  const newRS = sync.rsList.find((rs) => rs.uid === newUid);
  return { newRS, old: sync.rsList.filter((rs) => rs !== newRS) };
}

/** Brings an existing new ReplicaSet's annotations and minReadySeconds up to date. */
async function syncExistingNewReplicaSet(
  sync: Sync,
  rs: ReplicaSetView,
  revision: number,
): Promise<ReplicaSetView> {
  const { d } = sync;
  const annotations = newReplicaSetAnnotations(d, rs.annotations, { revision, creating: false });
  const minReady = numberAt(d, 'spec', 'minReadySeconds');
  let updated = rs;
  if (
    !sameStrings(annotations, rs.annotations) ||
    numberAt(rs.obj, 'spec', 'minReadySeconds') !== minReady
  )
    updated = await patchReplicaSet(sync, rs, {
      metadata: { annotations },
      spec: { minReadySeconds: minReady === 0 ? null : minReady },
    });
  await setDeploymentRevision(sync, updated.annotations[revisionAnnotation]);
  if (hasProgressDeadline(d) && findCondition(sync.conditions, 'Progressing') === undefined)
    sync.conditions = setCondition(
      sync.conditions,
      newCondition(
        {
          type: 'Progressing',
          status: 'True',
          reason: reasons.foundNewReplicaSet,
          message: `Found new replica set "${updated.name}"`,
        },
        sync.now,
      ),
    );
  return updated;
}

/** The ReplicaSet an AlreadyExists answer names, when it is this Deployment's new one after all. */
function existingNewReplicaSet(sync: Sync, name: string): KubeObject | undefined {
  const existing = sync.deps.replicaSets.get(`${metaString(sync.d, 'namespace')}/${name}`);
  const template = readPath(sync.d, 'spec', 'template');
  if (existing === undefined || !isControlledBy(existing, sync.d)) return undefined;
  return equalIgnoreHash(readPath(existing, 'spec', 'template'), template) ? existing : undefined;
}

async function createFailed(sync: Sync, name: string, error: unknown): Promise<never> {
  if (error instanceof StatusError && error.reason === 'AlreadyExists') {
    sync.collisionCount = (sync.collisionCount ?? 0) + 1;
    await writeDraft(sync);
    throw new Error(
      `replica set "${name}" already exists: hash collision, collisionCount is now ${sync.collisionCount}`,
    );
  }
  if (hasProgressDeadline(sync.d) && !(error instanceof StatusError && error.code === 403)) {
    const message = `Failed to create new replica set "${name}": ${errorText(error)}`;
    sync.conditions = setCondition(
      sync.conditions,
      newCondition(
        { type: 'Progressing', status: 'False', reason: reasons.replicaSetCreateError, message },
        sync.now,
      ),
    );
    await writeDraft(sync);
  }
  throw error;
}

/** Creates the new ReplicaSet for the Deployment's current template. */
async function createNewReplicaSet(
  sync: Sync,
  old: readonly ReplicaSetView[],
): Promise<ReplicaSetView> {
  const { d } = sync;
  const revision = maxRevision(old) + 1;
  const desired = desiredNewReplicaSet(d, {
    hash: podTemplateHash(readPath(d, 'spec', 'template') ?? null, sync.collisionCount),
    replicas: newReplicaSetSize(d, old, { replicas: 0 }),
    annotations: newReplicaSetAnnotations(d, {}, { revision, creating: true }),
  });
  const name = metaString(desired, 'name');
  let created: KubeObject;
  let alreadyExisted = false;
  try {
    created = await sync.deps.client.create(replicaSetsRef, metaString(d, 'namespace'), desired, {
      fieldManager: deploymentManager,
    });
  } catch (error) {
    const existing = existingNewReplicaSet(sync, name);
    if (existing === undefined) return createFailed(sync, name, error);
    created = existing;
    alreadyExisted = true;
  }
  const view = replicaSetView(created);
  sync.rsList = [...sync.rsList.filter((rs) => rs.uid !== view.uid), view];
  if (!alreadyExisted && view.replicas > 0)
    await scalingEvent(sync, `Scaled up replica set ${name} from 0 to ${view.replicas}`);
  await setDeploymentRevision(sync, String(revision));
  if (!alreadyExisted && hasProgressDeadline(d))
    sync.conditions = setCondition(
      sync.conditions,
      newCondition(
        {
          type: 'Progressing',
          status: 'True',
          reason: reasons.newReplicaSetCreated,
          message: `Created new replica set "${name}"`,
        },
        sync.now,
      ),
    );
  return view;
}

/** The new and old ReplicaSets, the new one synced and, with `create`, created (`getAllReplicaSetsAndSyncRevision`). */
async function resolveReplicaSets(sync: Sync, create: boolean): Promise<Split> {
  const { newRS, old } = splitReplicaSets(sync.d, sync.rsList);
  if (newRS !== undefined) {
    const updated = await syncExistingNewReplicaSet(sync, newRS, maxRevision(old) + 1);
    return { newRS: updated, old };
  }
  if (!create) return { newRS: undefined, old };
  return { newRS: await createNewReplicaSet(sync, old), old };
}

async function cleanupHistory(sync: Sync, old: readonly ReplicaSetView[]): Promise<void> {
  for (const rs of historyToDelete(sync.d, old)) {
    sync.logger.debug({ replicaSet: rs.name }, 'deleting old ReplicaSet beyond the history limit');
    await sync.deps.client
      .delete(replicaSetsRef, nameOf(rs.obj), { preconditions: { uid: rs.uid } })
      .catch(ignoreNotFound);
    sync.rsList = sync.rsList.filter((r) => r.uid !== rs.uid);
  }
}

function observation(sync: Sync, newUid: string | undefined): Parameters<typeof rolloutStatus>[0] {
  return {
    d: sync.d,
    all: sync.rsList,
    newRS: sync.rsList.find((rs) => rs.uid === newUid),
    conditions: sync.conditions,
    collisionCount: sync.collisionCount,
    now: sync.now,
  };
}

/** Writes the status (with rollout progress for a rollout) and says when to check the deadline. */
async function finish(
  sync: Sync,
  newUid: string | undefined,
  rollout: boolean,
): Promise<ReconcileResult> {
  const seen = observation(sync, newUid);
  const status = rollout ? rolloutStatus(seen) : deploymentStatus(seen);
  await writeStatus(sync, status);
  const recheck = rollout ? progressRecheck(sync.d, status, sync.now) : undefined;
  return recheck === undefined ? undefined : { requeueAfterMs: recheck };
}

async function cleanupWhenComplete(sync: Sync, newUid: string): Promise<void> {
  if (deploymentComplete(sync.d, deploymentStatus(observation(sync, newUid))))
    await cleanupHistory(sync, currentSplit(sync, newUid).old);
}

/** One step of a rolling update (`rolloutRolling`): grow the new ReplicaSet, else shrink old ones. */
async function rolloutRolling(sync: Sync, found: Split): Promise<ReconcileResult> {
  const { d } = sync;
  const newRS = found.newRS ?? (await createNewReplicaSet(sync, found.old));
  const target = newReplicaSetTarget(d, sync.rsList, newRS);
  if (target !== undefined) {
    await scaleReplicaSet(sync, newRS, target);
    return finish(sync, newRS.uid, true);
  }
  const { old } = currentSplit(sync, newRS.uid);
  const shrink = oldReplicaSetsScaleDown(d, { all: sync.rsList, oldActive: activeOf(old), newRS });
  if (shrink.size > 0) {
    await applySizes(sync, shrink);
    return finish(sync, newRS.uid, true);
  }
  await cleanupWhenComplete(sync, newRS.uid);
  return finish(sync, newRS.uid, true);
}

/** Whether pods of old ReplicaSets still run (or terminate), which Recreate waits out. */
function oldPodsRunning(sync: Sync, old: readonly ReplicaSetView[]): boolean {
  if (sumOf(old, 'statusReplicas') > 0) return true;
  return sync.deps.pods.list(metaString(sync.d, 'namespace')).some((pod) => {
    const phase = podPhase(pod);
    if (phase === 'Succeeded' || phase === 'Failed') return false;
    return old.some((rs) => isControlledBy(pod, rs.obj));
  });
}

/** One step of a Recreate rollout: old ReplicaSets to 0, wait for their pods, then the new one. */
async function rolloutRecreate(sync: Sync, found: Split): Promise<ReconcileResult> {
  const activeOld = activeOf(found.old);
  if (activeOld.length > 0) {
    await applySizes(sync, new Map(activeOld.map((rs) => [rs.name, 0])));
    return finish(sync, found.newRS?.uid, true);
  }
  if (oldPodsRunning(sync, currentSplit(sync, found.newRS?.uid).old))
    return finish(sync, found.newRS?.uid, true);
  const newRS = found.newRS ?? (await createNewReplicaSet(sync, found.old));
  const replicas = deploymentReplicas(sync.d);
  if (newRS.replicas !== replicas) await scaleReplicaSet(sync, newRS, replicas);
  await cleanupWhenComplete(sync, newRS.uid);
  return finish(sync, newRS.uid, true);
}

/** A paused Deployment, or one whose replicas changed: resize without rolling (`sync`). */
async function scaleOnly(sync: Sync, found: Split): Promise<ReconcileResult> {
  await applySizes(sync, proportionalScale(sync.d, found.newRS, found.old));
  if (readPath(sync.d, 'spec', 'paused') === true)
    await cleanupHistory(sync, currentSplit(sync, found.newRS?.uid).old);
  return finish(sync, found.newRS?.uid, false);
}

async function claimReplicaSets(
  deps: DeploymentReconcilerDeps,
  d: KubeObject,
): Promise<ReplicaSetView[]> {
  const selector = workloadSelector(d);
  const claimed = await claimObjects(deps.client, {
    ref: replicaSetsRef,
    owner: d,
    plan: planClaims(d, selector, deps.replicaSets.list(metaString(d, 'namespace'))),
    fieldManager: deploymentManager,
  });
  return claimed.map(replicaSetView);
}

async function syncDeployment(
  deps: DeploymentReconcilerDeps,
  key: string,
  logger: Logger,
): Promise<ReconcileResult> {
  const d = deps.deployments.get(key);
  if (d === undefined) return undefined;
  const collisionCount = readPath(d, 'status', 'collisionCount');
  const sync: Sync = {
    deps,
    d,
    now: (deps.now ?? Date.now)(),
    logger,
    rsList: [],
    conditions: conditionsOf(d),
    collisionCount: typeof collisionCount === 'number' ? collisionCount : undefined,
  };
  try {
    sync.rsList = await claimReplicaSets(deps, d);
  } catch (error) {
    if (error instanceof TerminalError)
      await writeStatus(sync, {
        ...objectAt(d, 'status'),
        observedGeneration: numberAt(d, 'metadata', 'generation'),
      });
    throw error;
  }
  if (isDeleting(d)) {
    const found = await resolveReplicaSets(sync, false);
    return finish(sync, found.newRS?.uid, false);
  }
  sync.conditions = pausedConditions(d, sync.conditions, sync.now);
  const found = await resolveReplicaSets(sync, false);
  if (readPath(d, 'spec', 'paused') === true || isScalingEvent(d, found.newRS, found.old))
    return scaleOnly(sync, found);
  return isRollingUpdate(d) ? rolloutRolling(sync, found) : rolloutRecreate(sync, found);
}

/**
 * The Deployment reconciler (`syncDeployment`): claims the ReplicaSets its selector matches,
 * finds or creates the new ReplicaSet (`<name>-<pod-template-hash>`, revision annotations), then
 * either resizes proportionally (paused, or `spec.replicas` changed) or takes one step of the
 * RollingUpdate or Recreate strategy, cleans up history beyond revisionHistoryLimit once
 * complete, and writes the status `kubectl rollout status` reads. An invalid selector is
 * terminal.
 */
export function deploymentReconciler(deps: DeploymentReconcilerDeps): Reconciler {
  return { reconcile: (key, ctx) => syncDeployment(deps, key, ctx.logger) };
}
