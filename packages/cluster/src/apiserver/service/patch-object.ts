import { serverSideApply } from '../apply/index.ts';
import { mediaType, parseJson, parseYamlDocument } from '../http/request-body.ts';
import type { Json, KubeObject } from '../json.ts';
import { metaString, timestamp } from '../objects/lifecycle.ts';
import {
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
  PatchError,
} from '../patch/index.ts';
import { StatusError, statusErrors } from '../status-error.ts';
import { asObjectOfKind, createObject } from './create-object.ts';
import type { ServiceContext, WriteResult } from './service-context.ts';
import { checkResourceVersion, updateObject, type UpdateRequest } from './update-object.ts';
import type { PatchOptions } from './write-options.ts';

const patchTypes = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
] as const;
type PatchType = (typeof patchTypes)[number];

/** The patch type of a Content-Type header; 415 for anything else (and SMP for custom resources). */
export function patchTypeOf(contentType: string | undefined, builtin: boolean): PatchType {
  const type = mediaType(contentType);
  const found = patchTypes.find((t) => t === type);
  const allowed: readonly PatchType[] = builtin
    ? patchTypes
    : patchTypes.filter((t) => t !== 'application/strategic-merge-patch+json');
  if (found === undefined || !allowed.includes(found))
    throw statusErrors.unsupportedMediaType(allowed.join(', '));
  return found;
}

function applyPatchDocument(
  ctx: ServiceContext,
  request: UpdateRequest,
  stored: KubeObject,
  document: { type: PatchType; patch: Json },
): Json {
  const { type, patch } = document;
  try {
    if (type === 'application/json-patch+json') return applyJsonPatch(stored, patch);
    if (type === 'application/merge-patch+json') return applyMergePatch(stored, patch);
    const { schema, resolve } = ctx.schemas(request.def);
    return applyStrategicMergePatch(stored, patch, schema, resolve);
  } catch (error) {
    if (!(error instanceof PatchError)) throw error;
    if (error.malformed) throw statusErrors.badRequest(error.message);
    throw statusErrors.invalid(
      request.def.kind,
      request.name,
      [{ reason: 'FieldValueInvalid', field: 'patch', message: error.message }],
      request.def.group,
    );
  }
}

function checkSameName(request: UpdateRequest, obj: KubeObject): void {
  const name = metaString(obj, 'name');
  if (name !== '' && name !== request.name) {
    throw statusErrors.badRequest(
      `the name of the object (${name}) does not match the name on the URL (${request.name})`,
    );
  }
}

async function applyPatch(
  ctx: ServiceContext,
  request: UpdateRequest,
  type: Exclude<PatchType, 'application/apply-patch+yaml'>,
  body: Buffer,
): Promise<WriteResult> {
  const patch = parseJson(body.toString('utf8'), 'the patch');
  for (let attempt = 0; ; attempt += 1) {
    const stored = getOrNotFound(ctx, request);
    const patched = asObjectOfKind(
      request.def,
      applyPatchDocument(ctx, request, stored, { type, patch }),
      request.namespace,
    );
    checkSameName(request, patched);
    checkResourceVersion(request.def, stored, patched, request.name);
    try {
      return await updateObject(ctx, request, stored, patched);
    } catch (error) {
      const retry =
        error instanceof StatusError &&
        error.reason === 'Conflict' &&
        patched.metadata['resourceVersion'] === stored.metadata['resourceVersion'] &&
        attempt < 5;
      if (!retry) throw error;
    }
  }
}

function getOrNotFound(ctx: ServiceContext, request: UpdateRequest): KubeObject {
  const found = findStored(ctx, request);
  if (found === undefined)
    throw statusErrors.notFound(request.def.plural, request.name, request.def.group);
  return found;
}

function findStored(ctx: ServiceContext, request: UpdateRequest): KubeObject | undefined {
  const { def } = request;
  return ctx.store.get(
    `/${def.group === '' ? 'core' : def.group}/${def.plural}/${def.namespaced ? request.namespace : ''}/${request.name}`,
  );
}

async function serverSideApplyPatch(
  ctx: ServiceContext,
  request: UpdateRequest,
  body: Buffer,
  options: PatchOptions,
): Promise<WriteResult> {
  if (!options.fieldManagerGiven)
    throw statusErrors.badRequest('fieldManager: Required value: is required for apply patch');
  const applied = asObjectOfKind(
    request.def,
    parseYamlDocument(body.toString('utf8')),
    request.namespace,
  );
  checkSameName(request, applied);
  const { schema, resolve } = ctx.schemas(request.def);
  const base = {
    applied,
    manager: options.fieldManager,
    force: options.force,
    now: timestamp(ctx.now()),
    schema,
    resolve,
  };
  const stored = findStored(ctx, request);
  if (stored === undefined) {
    if (request.subresource !== '')
      throw statusErrors.notFound(request.def.plural, request.name, request.def.group);
    const created = serverSideApply({ ...base, live: null });
    created.metadata['name'] = request.name;
    return createObject(ctx, request, created, {
      ...options,
      managedFieldsDone: true,
    });
  }
  const merged = serverSideApply({
    ...base,
    live: stored,
    ...(request.subresource === '' ? {} : { subresource: request.subresource }),
  });
  checkResourceVersion(request.def, stored, merged, request.name);
  return updateObject(
    ctx,
    { ...request, options: { ...options, managedFieldsDone: true } },
    stored,
    merged,
  );
}

/** PATCH of an object (or its status) with any of the four patch types. */
export async function patchObject(
  ctx: ServiceContext,
  request: UpdateRequest & { readonly options: PatchOptions },
  contentType: string | undefined,
  body: Buffer,
): Promise<WriteResult> {
  const { options } = request;
  const type = patchTypeOf(contentType, request.def.source === 'builtin');
  if (body.length === 0) throw statusErrors.badRequest('the patch body is empty');
  if (type === 'application/apply-patch+yaml')
    return serverSideApplyPatch(ctx, request, body, options);
  return applyPatch(ctx, request, type, body);
}
