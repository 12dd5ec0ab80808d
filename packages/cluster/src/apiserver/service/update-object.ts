import { isCrdKind } from '../registry/resource-definition.ts';
import { trackUpdate } from '../apply/index.ts';
import { isJsonObject, type JsonObject, type KubeObject } from '../json.ts';
import {
  hasFinalizers,
  isDeleting,
  metaString,
  prepareUpdate,
  setManagedFields,
  timestamp,
} from '../objects/lifecycle.ts';
import { objectKey, type ResourceDefinition } from '../registry/resource-definition.ts';
import { statusErrors } from '../status-error.ts';
import { admitWrite, defaultObject, pruneUnknown } from './admit.ts';
import type { ServiceContext, WriteResult } from './service-context.ts';
import { storeCall } from './store-errors.ts';
import type { WriteOptions } from './write-options.ts';

/** Where an update comes from: a PUT carries the client's resourceVersion precondition. */
export interface UpdateRequest {
  readonly def: ResourceDefinition;
  readonly namespace: string;
  readonly name: string;
  readonly subresource: '' | 'status';
  readonly options: WriteOptions & { managedFieldsDone?: boolean };
}

/** The object as compared for no-op detection: without resourceVersion and managed-field times. */
function comparable(obj: KubeObject): string {
  const { metadata, ...rest } = obj;
  const meta: JsonObject = { ...metadata };
  const managedFields = meta['managedFields'];
  Reflect.deleteProperty(meta, 'managedFields');
  Reflect.deleteProperty(meta, 'resourceVersion');
  const entries = Array.isArray(managedFields)
    ? managedFields.map((e) => (isJsonObject(e) ? { ...e, time: null } : e))
    : managedFields;
  return JSON.stringify({ ...rest, metadata: { ...meta, managedFields: entries ?? null } });
}

/** Reads the stored object or answers 404. */
export function getStored(
  ctx: ServiceContext,
  def: ResourceDefinition,
  namespace: string,
  name: string,
): KubeObject {
  const stored = ctx.store.get(objectKey(def, def.namespaced ? namespace : '', name));
  if (stored === undefined) throw statusErrors.notFound(def.plural, name, def.group);
  return stored;
}

/** Checks the client's resourceVersion precondition against the stored object. */
export function checkResourceVersion(
  def: ResourceDefinition,
  stored: KubeObject,
  input: KubeObject,
  name: string,
): void {
  const wanted = metaString(input, 'resourceVersion');
  if (wanted === '') {
    if (!def.allowUnconditionalUpdate) {
      throw statusErrors.invalid(
        def.kind,
        name,
        [
          {
            reason: 'FieldValueInvalid',
            field: 'metadata.resourceVersion',
            message: 'Invalid value: 0x0: must be specified for an update',
          },
        ],
        def.group,
      );
    }
    return;
  }
  if (wanted !== metaString(stored, 'resourceVersion'))
    throw statusErrors.conflict(def.plural, name, def.group);
}

/**
 * Replaces a stored object with `input` (already checked against the resourceVersion precondition):
 * immutable metadata kept, status/spec split by subresource, defaults, validation, managed fields.
 * A no-op write returns the stored object unchanged; removing the last finalizer of an object
 * being deleted completes its deletion.
 */
export async function updateObject(
  ctx: ServiceContext,
  request: UpdateRequest,
  stored: KubeObject,
  input: KubeObject,
): Promise<WriteResult> {
  const { def, name, subresource, options } = request;
  const { object: pruned, warnings } = pruneUnknown(ctx, def, input, options.fieldValidation);
  const prepared = defaultObject(ctx, def, prepareUpdate(def, stored, pruned, subresource), false);
  const admitted = await admitWrite(ctx, {
    operation: 'UPDATE',
    def,
    subresource,
    namespace: request.namespace,
    name,
    object: prepared,
    oldObject: stored,
    dryRun: options.dryRun,
    user: options.user,
  });
  const next = admitted.object;
  warnings.push(...admitted.warnings);
  if (options.managedFieldsDone !== true) {
    const { schema, resolve } = ctx.schemas(def);
    const managed = trackUpdate({
      before: stored,
      after: next,
      manager: options.fieldManager,
      now: timestamp(ctx.now()),
      schema,
      resolve,
      ...(subresource === '' ? {} : { subresource }),
    });
    setManagedFields(next, managed);
  }
  if (comparable(next) === comparable(stored)) return { object: stored, created: false, warnings };
  if (options.dryRun) return { object: next, created: false, warnings };
  const key = objectKey(def, def.namespaced ? request.namespace : '', name);
  const expected = Number(metaString(stored, 'resourceVersion'));
  if (isDeleting(next) && !hasFinalizers(next)) {
    const deleted = storeCall(def, name, () => ctx.store.delete(key, expected));
    notifyCrd(ctx, def, deleted, true);
    return { object: deleted, created: false, warnings };
  }
  const written = storeCall(def, name, () => ctx.store.update(key, next, expected));
  notifyCrd(ctx, def, written, false);
  return { object: written, created: false, warnings };
}

function notifyCrd(
  ctx: ServiceContext,
  def: ResourceDefinition,
  obj: KubeObject,
  deleted: boolean,
): void {
  if (isCrdKind(def)) ctx.onCrdChange(obj, deleted);
}
