import { isJsonObject, type Json, type JsonObject, type KubeObject } from '../json.ts';
import { finalizersForPropagation } from '../objects/finalizers-for-propagation.ts';
import { hasFinalizers, isDeleting, markDeleting, metaString } from '../objects/lifecycle.ts';
import { crdResourceDefinitions } from '../crd/crd-resources.ts';
import {
  isBuiltinKind,
  isCrdKind,
  objectKey,
  resourcePrefix,
  type ResourceDefinition,
} from '../registry/resource-definition.ts';
import { statusErrors } from '../status-error.ts';
import type { UserInfo } from '../user-info.ts';
import type { ObjectTarget, ServiceContext } from './service-context.ts';
import { storeCall } from './store-errors.ts';
import { getStored } from './update-object.ts';

/** `DeleteOptions`, from the body or the query string. */
export interface DeleteOptions {
  readonly dryRun: boolean;
  readonly gracePeriodSeconds: number | undefined;
  readonly propagationPolicy: 'Background' | 'Foreground' | 'Orphan' | undefined;
  readonly preconditions: { readonly uid?: string; readonly resourceVersion?: string };
  /** The requesting user, for admission; absent for the server's own deletions. */
  readonly user?: UserInfo;
}

function integerOption(value: Json | string | undefined | null, name: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw statusErrors.badRequest(
      `${name}: Invalid value: ${JSON.stringify(value)}: must be a non-negative integer`,
    );
  return n;
}

function policyOption(value: Json | string | undefined | null): DeleteOptions['propagationPolicy'] {
  if (value === undefined || value === null || value === '') return undefined;
  if (value === 'Background' || value === 'Foreground' || value === 'Orphan') return value;
  throw statusErrors.badRequest(
    `propagationPolicy: Unsupported value: ${JSON.stringify(value)}: supported values: "Foreground", "Background", "Orphan"`,
  );
}

/** Reads DeleteOptions: body fields win over query parameters. */
export function deleteOptions(body: JsonObject | undefined, query: URLSearchParams): DeleteOptions {
  const dryRun = body?.['dryRun'] ?? query.getAll('dryRun');
  const dry = Array.isArray(dryRun) ? dryRun : [dryRun];
  if (dry.some((v) => v !== 'All'))
    throw statusErrors.badRequest('dryRun: Unsupported value: supported values: "All"');
  return {
    dryRun: dry.length > 0,
    gracePeriodSeconds: integerOption(
      body?.['gracePeriodSeconds'] ?? query.get('gracePeriodSeconds'),
      'gracePeriodSeconds',
    ),
    propagationPolicy: policyOption(body?.['propagationPolicy'] ?? query.get('propagationPolicy')),
    preconditions: preconditionsOf(body),
  };
}

function preconditionsOf(body: JsonObject | undefined): DeleteOptions['preconditions'] {
  const pre = isJsonObject(body?.['preconditions']) ? body['preconditions'] : {};
  const { uid, resourceVersion } = pre;
  return {
    ...(typeof uid === 'string' ? { uid } : {}),
    ...(typeof resourceVersion === 'string' ? { resourceVersion } : {}),
  };
}

function checkPreconditions(
  def: ResourceDefinition,
  obj: KubeObject,
  options: DeleteOptions,
): void {
  const { uid, resourceVersion } = options.preconditions;
  const name = metaString(obj, 'name');
  if (uid !== undefined && uid !== metaString(obj, 'uid')) {
    throw statusErrors.conflict(
      def.plural,
      name,
      def.group,
      `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${metaString(obj, 'uid')}`,
    );
  }
  if (resourceVersion !== undefined && resourceVersion !== metaString(obj, 'resourceVersion')) {
    throw statusErrors.conflict(
      def.plural,
      name,
      def.group,
      `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${metaString(obj, 'resourceVersion')}`,
    );
  }
}

/** A pod bound to a node is deleted gracefully: the node stops it and completes the deletion. */
function gracefulSeconds(def: ResourceDefinition, obj: KubeObject, options: DeleteOptions): number {
  if (!isBuiltinKind(def, '', 'Pod')) return 0;
  const spec = isJsonObject(obj['spec']) ? obj['spec'] : {};
  if (typeof spec['nodeName'] !== 'string' || spec['nodeName'] === '') return 0;
  const fromSpec =
    typeof spec['terminationGracePeriodSeconds'] === 'number'
      ? spec['terminationGracePeriodSeconds']
      : 30;
  return options.gracePeriodSeconds ?? fromSpec;
}

/** Whether the deletion must wait: finalizers, a terminating namespace, or a graceful pod. */
function deferredDeletion(
  ctx: ServiceContext,
  def: ResourceDefinition,
  obj: KubeObject,
  options: DeleteOptions,
): KubeObject | undefined {
  const grace = gracefulSeconds(def, obj, options);
  if (isBuiltinKind(def, '', 'Namespace')) {
    const marked = markDeleting(obj, ctx.now(), 0);
    marked['status'] = {
      ...(isJsonObject(obj['status']) ? obj['status'] : {}),
      phase: 'Terminating',
    };
    return marked;
  }
  const finalizers = finalizersForPropagation(options.propagationPolicy, obj);
  if (finalizers.length === 0 && grace === 0) return undefined;
  const marked = markDeleting(obj, ctx.now(), grace);
  if (finalizers.length > 0) marked.metadata['finalizers'] = finalizers;
  return marked;
}

/** DELETE of one object. Returns the object as deleted, or as marked for a deletion that waits. */
export async function deleteObject(
  ctx: ServiceContext,
  target: ObjectTarget,
  options: DeleteOptions,
): Promise<KubeObject> {
  const { def, namespace, name } = target;
  const stored = getStored(ctx, def, namespace, name);
  checkPreconditions(def, stored, options);
  if (isDeleting(stored) && (hasFinalizers(stored) || isBuiltinKind(def, '', 'Namespace')))
    return stored;
  await ctx.admission.validate({
    operation: 'DELETE',
    def,
    subresource: '',
    namespace,
    name,
    object: undefined,
    oldObject: stored,
    dryRun: options.dryRun,
    user: options.user,
  });
  const deferred = deferredDeletion(ctx, def, stored, options);
  if (options.dryRun) return deferred ?? stored;
  const key = objectKey(def, def.namespaced ? namespace : '', name);
  const expected = Number(metaString(stored, 'resourceVersion'));
  if (deferred === undefined) return removeNow(ctx, target, stored);
  const written = storeCall(def, name, () => ctx.store.update(key, deferred, expected));
  if (isBuiltinKind(def, '', 'Namespace')) ctx.onNamespaceTerminating(name);
  return written;
}

/** Removes an object from storage (a CRD takes its custom resources with it). */
function removeNow(ctx: ServiceContext, target: ObjectTarget, stored: KubeObject): KubeObject {
  const { def, namespace, name } = target;
  const key = objectKey(def, def.namespaced ? namespace : '', name);
  if (isCrdKind(def)) removeCustomResources(ctx, stored);
  const deleted = storeCall(def, name, () =>
    ctx.store.delete(key, Number(metaString(stored, 'resourceVersion'))),
  );
  if (isCrdKind(def)) ctx.onCrdChange(deleted, true);
  return deleted;
}

/** Deleting a CRD deletes every object of its kind first. */
function removeCustomResources(ctx: ServiceContext, crd: KubeObject): void {
  const [def] = crdResourceDefinitions(crd);
  if (def === undefined) return;
  const prefix = resourcePrefix(def);
  for (;;) {
    const { items } = ctx.store.list(prefix, { limit: 500 });
    if (items.length === 0) return;
    for (const item of items) {
      const ns = metaString(item, 'namespace');
      ctx.store.delete(`${prefix}${ns}/${metaString(item, 'name')}`);
    }
  }
}
