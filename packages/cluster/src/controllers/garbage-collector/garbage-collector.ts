import { runController, type Logger, type ReconcileResult, type WorkQueue } from '@podvisor/kube';
import type { KubeObject } from '../../apiserver/json.ts';
import { isDeleting, metaString } from '../../apiserver/objects/lifecycle.ts';
import type { ClusterClient, ResourceRef } from '../cluster-client.ts';
import type { ControllerFactory } from '../controller-host.ts';
import type { Informer } from '../store-informer.ts';
import {
  collectableBuiltins,
  crdResource,
  resourceId,
  type WatchedResource,
} from './collected-resources.ts';
import {
  deleteWithPropagation,
  removeFinalizer,
  removeOwnerReferences,
} from './delete-with-propagation.ts';
import {
  finalizersOf,
  foregroundFinalizer,
  orphanFinalizer,
} from '../../apiserver/objects/finalizers-for-propagation.ts';
import { deletingOwnerAction, dependentAction, type OwnerState } from './gc-decision.ts';
import { OwnerGraph } from './owner-graph.ts';
import { groupOf, ownerReferencesOf, type OwnerReference } from './owner-references.ts';

/** Options of {@link createGarbageCollector}. */
export interface GarbageCollectorOptions {
  /** Resources to watch besides the built-ins and those of CRDs. */
  readonly resources?: readonly WatchedResource[];
  /** How long an object whose owner's kind is not served waits before it is looked at again (30 s). */
  readonly unknownOwnerRetryMs?: number;
}

const crdsRef: ResourceRef = {
  group: 'apiextensions.k8s.io',
  version: 'v1',
  resource: 'customresourcedefinitions',
};
/** The queue key that resynchronises the watched custom resources (object keys have 4 slashes). */
const crdsKey = '#crds';

interface Watched {
  readonly resource: WatchedResource;
  readonly informer: Informer;
  readonly custom: boolean;
}

interface GcState {
  readonly client: ClusterClient;
  readonly queue: WorkQueue;
  readonly graph: OwnerGraph;
  readonly watched: Map<string, Watched>;
  readonly retryMs: number;
}

/** The collector's key of an object: `group/version/resource/namespace/name`. */
function gcKey(resource: ResourceRef, obj: KubeObject): string {
  const { group, version, resource: plural } = resource;
  return [group, version, plural, metaString(obj, 'namespace'), metaString(obj, 'name')].join('/');
}

function parseKey(key: string): { id: string; cacheKey: string } {
  const [group = '', , resource = '', namespace = '', name = ''] = key.split('/');
  return {
    id: resourceId({ group, resource }),
    cacheKey: namespace === '' ? name : `${namespace}/${name}`,
  };
}

function hasGcFinalizer(obj: KubeObject): boolean {
  return finalizersOf(obj).some((f) => f === orphanFinalizer || f === foregroundFinalizer);
}

function enqueueDeletingOwners(state: GcState, obj: KubeObject): void {
  for (const ref of ownerReferencesOf(obj)) {
    const owner = state.graph.byUid(ref.uid);
    if (owner !== undefined && isDeleting(owner.obj)) state.queue.add(owner.key);
  }
}

function enqueueDependents(state: GcState, obj: KubeObject): void {
  for (const dependent of state.graph.dependentsOf(metaString(obj, 'uid')))
    state.queue.add(dependent.key);
}

/** Informer handlers: keep the graph current and enqueue the keys the change concerns (no I/O). */
function watch(state: GcState, resource: WatchedResource, custom: boolean): void {
  const informer = state.client.informer(resource);
  state.watched.set(resourceId(resource), { resource, informer, custom });
  const changed = (obj: KubeObject, old: KubeObject | undefined): void => {
    const key = gcKey(resource, obj);
    state.graph.put(key, obj);
    if (ownerReferencesOf(obj).length > 0 || hasGcFinalizer(obj)) state.queue.add(key);
    if (isDeleting(obj) && hasGcFinalizer(obj)) enqueueDependents(state, obj);
    if (old !== undefined) enqueueDeletingOwners(state, old);
  };
  informer.on('add', changed);
  informer.on('update', changed);
  informer.on('delete', (obj) => {
    state.graph.remove(gcKey(resource, obj));
    enqueueDependents(state, obj);
    enqueueDeletingOwners(state, obj);
  });
}

function unwatch(state: GcState, watched: Watched): void {
  watched.informer.stop();
  state.watched.delete(resourceId(watched.resource));
  for (const obj of watched.informer.list()) state.graph.remove(gcKey(watched.resource, obj));
}

/** Watches the resources of the current CRDs (and stops watching those of deleted ones). */
function syncCustomResources(state: GcState, crds: Informer): void {
  const wanted = new Map<string, WatchedResource>();
  for (const crd of crds.list()) {
    const resource = crdResource(crd);
    if (resource !== undefined) wanted.set(resourceId(resource), resource);
  }
  for (const [id, watched] of state.watched)
    if (watched.custom && !wanted.has(id)) unwatch(state, watched);
  let added = false;
  for (const [id, resource] of wanted) {
    if (state.watched.has(id)) continue;
    watch(state, resource, true);
    added = true;
  }
  if (added) for (const entry of state.graph.withOwners()) state.queue.add(entry.key);
}

function ownerState(state: GcState, ref: OwnerReference, dependent: KubeObject): OwnerState {
  const owner = state.graph.byUid(ref.uid);
  const namespace = owner === undefined ? undefined : metaString(owner.obj, 'namespace');
  if (owner !== undefined && (namespace === '' || namespace === metaString(dependent, 'namespace')))
    return isDeleting(owner.obj) && finalizersOf(owner.obj).includes(foregroundFinalizer)
      ? 'waiting'
      : 'present';
  const kindWatched = [...state.watched.values()].some(
    (w) => w.resource.kind === ref.kind && w.resource.group === groupOf(ref.apiVersion),
  );
  return kindWatched ? 'absent' : 'unknown';
}

function resourceOf(state: GcState, key: string): WatchedResource | undefined {
  return state.watched.get(parseKey(key).id)?.resource;
}

/** Orphans or finishes the foreground deletion of an object being deleted. */
async function processOwner(
  state: GcState,
  resource: WatchedResource,
  obj: KubeObject,
  logger: Logger,
): Promise<void> {
  const uid = metaString(obj, 'uid');
  const dependents = state.graph.dependentsOf(uid);
  const action = deletingOwnerAction(
    obj,
    dependents.map((d) => d.obj),
  );
  if (action.type === 'orphan') {
    for (const d of dependents) {
      const ref = resourceOf(state, d.key);
      if (ref !== undefined) await removeOwnerReferences(state.client, ref, d.obj, [uid]);
    }
    await removeFinalizer(state.client, resource, obj, orphanFinalizer);
    logger.info({ dependents: dependents.length }, 'orphaned dependents');
  } else if (action.type === 'finishForeground') {
    await removeFinalizer(state.client, resource, obj, foregroundFinalizer);
    logger.info('dependents deleted; finishing foreground deletion');
  }
}

/** Deletes an object whose owners are gone, or drops its references to gone owners. */
async function processDependent(
  state: GcState,
  resource: WatchedResource,
  obj: KubeObject,
  logger: Logger,
): Promise<ReconcileResult> {
  const refs = ownerReferencesOf(obj);
  const owners = new Map(refs.map((r) => [r.uid, ownerState(state, r, obj)]));
  const hasDependents = state.graph.dependentsOf(metaString(obj, 'uid')).length > 0;
  const action = dependentAction(obj, owners, hasDependents);
  switch (action.type) {
    case 'keep':
      return;
    case 'wait':
      logger.debug({ kinds: action.kinds }, 'owner kinds are not served; looking again later');
      return { requeueAfterMs: state.retryMs };
    case 'removeOwners':
      await removeOwnerReferences(state.client, resource, obj, action.uids);
      return;
    case 'delete':
      logger.info({ propagationPolicy: action.policy }, 'deleting an object whose owners are gone');
      await deleteWithPropagation(state.client, resource, obj, action.policy);
  }
}

async function reconcileKey(state: GcState, key: string, logger: Logger): Promise<ReconcileResult> {
  const { id, cacheKey } = parseKey(key);
  const watched = state.watched.get(id);
  const obj = watched?.informer.get(cacheKey);
  if (watched === undefined || obj === undefined) return;
  await processOwner(state, watched.resource, obj, logger);
  return processDependent(state, watched.resource, obj, logger);
}

/**
 * The garbage collector: watches every listable, deletable resource (built-ins, the CRDs' and
 * `options.resources`), keeps an ownership graph by UID, deletes objects whose owners are all
 * gone (Background), deletes the dependents of owners being deleted in the Foreground and removes
 * the owners' `foregroundDeletion` finalizer once no dependent with `blockOwnerDeletion` remains,
 * and detaches the dependents of owners carrying the `orphan` finalizer before removing it.
 */
export function createGarbageCollector(options: GarbageCollectorOptions = {}): ControllerFactory {
  return {
    name: 'garbage-collector',
    start({ client, logger }) {
      const crds = client.informer(crdsRef);
      const controller = runController({
        name: 'garbage-collector',
        logger,
        reconciler: {
          reconcile: (key, ctx) => {
            if (key !== crdsKey) return reconcileKey(state, key, ctx.logger);
            syncCustomResources(state, crds);
            return Promise.resolve();
          },
        },
      });
      const state: GcState = {
        client,
        queue: controller.queue,
        graph: new OwnerGraph(),
        watched: new Map(),
        retryMs: options.unknownOwnerRetryMs ?? 30_000,
      };
      for (const resource of [...collectableBuiltins(), ...(options.resources ?? [])])
        if (!state.watched.has(resourceId(resource))) watch(state, resource, false);
      const resync = (): void => {
        controller.queue.add(crdsKey);
      };
      crds.on('add', resync);
      crds.on('update', resync);
      crds.on('delete', resync);
      return {
        stop: async () => {
          await controller.stop();
          crds.stop();
          for (const watched of state.watched.values()) watched.informer.stop();
        },
      };
    },
  };
}

/** The garbage collector with its default options. */
export const garbageCollector: ControllerFactory = createGarbageCollector();
