import { trackUpdate } from '../apply/index.ts';
import { establishedStatus } from '../crd/crd-resources.ts';
import { isJsonObject, type Json, type KubeObject } from '../json.ts';
import { metaString, prepareCreate, setManagedFields, timestamp } from '../objects/lifecycle.ts';
import {
  groupVersion,
  isBuiltinKind,
  isCrdKind,
  objectKey,
  type ResourceDefinition,
} from '../registry/resource-definition.ts';
import { statusErrors } from '../status-error.ts';
import { admitWrite, defaultObject, pruneUnknown } from './admit.ts';
import { ensureNamespaceAcceptsContent } from './namespaces.ts';
import { assignClusterIp } from './service-cluster-ip.ts';
import type { ServiceContext, Target, WriteResult } from './service-context.ts';
import { storeCall } from './store-errors.ts';
import type { WriteOptions } from './write-options.ts';

/** Checks that a decoded body is an object of the endpoint's kind, filling in apiVersion/kind when absent. */
export function asObjectOfKind(def: ResourceDefinition, body: Json, namespace: string): KubeObject {
  if (!isJsonObject(body))
    throw statusErrors.badRequest('the request body must be a JSON or YAML object');
  const apiVersion = body['apiVersion'] ?? groupVersion(def);
  const kind = body['kind'] ?? def.kind;
  if (apiVersion !== groupVersion(def)) {
    throw statusErrors.badRequest(
      `the API version in the data (${JSON.stringify(apiVersion)}) does not match the expected API version (${groupVersion(def)})`,
    );
  }
  if (kind !== def.kind)
    throw statusErrors.badRequest(
      `the kind in the data (${JSON.stringify(kind)}) does not match the expected kind (${def.kind})`,
    );
  const metadata = body['metadata'] ?? {};
  if (!isJsonObject(metadata)) throw statusErrors.badRequest('metadata must be an object');
  const bodyNamespace = metadata['namespace'];
  if (
    def.namespaced &&
    typeof bodyNamespace === 'string' &&
    bodyNamespace !== '' &&
    bodyNamespace !== namespace
  ) {
    throw statusErrors.badRequest(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  }
  return { ...body, apiVersion: groupVersion(def), kind: def.kind, metadata };
}

/**
 * Creates an object: unknown-field handling, metadata, defaults, validation, managed fields,
 * then storage (unless dry-run). Pre-computed managedFields (server-side apply) are kept.
 */
export async function createObject(
  ctx: ServiceContext,
  target: Target,
  input: KubeObject,
  options: WriteOptions & { managedFieldsDone?: boolean },
): Promise<WriteResult> {
  const { def, namespace } = target;
  if (def.namespaced) ensureNamespaceAcceptsContent(ctx, namespace);
  const { object: pruned, warnings } = pruneUnknown(ctx, def, input, options.fieldValidation);
  const now = ctx.now();
  const prepared = defaultObject(ctx, def, prepareCreate(def, pruned, namespace, now), true);
  if (isBuiltinKind(def, '', 'Service')) assignClusterIp(ctx, prepared);
  const admitted = await admitWrite(ctx, {
    operation: 'CREATE',
    def,
    subresource: '',
    namespace,
    name: metaString(prepared, 'name'),
    object: prepared,
    oldObject: undefined,
    dryRun: options.dryRun,
    user: options.user,
  });
  const obj = admitted.object;
  warnings.push(...admitted.warnings);
  if (isCrdKind(def)) obj['status'] = establishedStatus(obj, timestamp(now));
  if (options.managedFieldsDone !== true) {
    const { schema, resolve } = ctx.schemas(def);
    setManagedFields(
      obj,
      trackUpdate({
        before: null,
        after: obj,
        manager: options.fieldManager,
        now: timestamp(now),
        schema,
        resolve,
      }),
    );
  }
  const name = metaString(obj, 'name');
  if (options.dryRun) return { object: obj, created: true, warnings };
  const stored = storeCall(def, name, () =>
    ctx.store.create(objectKey(def, def.namespaced ? namespace : '', name), obj),
  );
  if (isCrdKind(def)) ctx.onCrdChange(stored, false);
  return { object: stored, created: true, warnings };
}
