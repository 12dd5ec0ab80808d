import { randomUUID } from 'node:crypto';
import { isJsonObject, type Json, type JsonObject, type KubeObject } from '../json.ts';
import type { ResourceDefinition } from '../registry/resource-definition.ts';
import { statusErrors, type StatusCause } from '../status-error.ts';
import { generateName, nameCauses, nameRuleFor } from './names.ts';

/** RFC 3339 in UTC with whole seconds, as Kubernetes writes timestamps. */
export function timestamp(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Metadata fields only the server sets; a client's values are ignored on create. */
const serverOwnedOnCreate = [
  'uid',
  'resourceVersion',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'generation',
  'selfLink',
];

/** Metadata fields carried over from the stored object on every update. */
const immutableOnUpdate = [
  'uid',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'name',
  'namespace',
  'generation',
  'selfLink',
];

function metadataOf(obj: KubeObject): JsonObject {
  return obj.metadata;
}

function equalJson(a: Json | undefined, b: Json | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Everything outside metadata and status: a change here bumps `metadata.generation`. */
function specPart(obj: KubeObject): JsonObject {
  const rest: JsonObject = {};
  for (const [k, v] of Object.entries(obj))
    if (k !== 'metadata' && k !== 'status' && k !== 'apiVersion' && k !== 'kind') rest[k] = v;
  return rest;
}

/**
 * Fills in the metadata of a new object: name (from generateName), uid, creationTimestamp,
 * generation 1; checks the name. `status` is dropped when it is a subresource.
 */
export function prepareCreate(
  def: ResourceDefinition,
  input: KubeObject,
  namespace: string,
  now: number,
): KubeObject {
  const obj = structuredClone(input);
  const meta = metadataOf(obj);
  for (const field of serverOwnedOnCreate) Reflect.deleteProperty(meta, field);
  const given = typeof meta['name'] === 'string' ? meta['name'] : '';
  const prefix = typeof meta['generateName'] === 'string' ? meta['generateName'] : '';
  if (given === '' && prefix === '') {
    throw statusErrors.invalid(
      def.kind,
      '',
      [
        {
          reason: 'FieldValueRequired',
          field: 'metadata.name',
          message: 'Required value: name or generateName is required',
        },
      ],
      def.group,
    );
  }
  const name = given === '' ? generateName(prefix) : given;
  const causes: StatusCause[] = nameCauses(name, nameRuleFor(def.kind));
  if (causes.length > 0) throw statusErrors.invalid(def.kind, name, causes, def.group);
  meta['name'] = name;
  if (def.namespaced) meta['namespace'] = namespace;
  else Reflect.deleteProperty(meta, 'namespace');
  meta['uid'] = randomUUID();
  meta['creationTimestamp'] = timestamp(now);
  meta['generation'] = 1;
  if (def.hasStatus) Reflect.deleteProperty(obj, 'status');
  return obj;
}

/**
 * The object to store for an update of `stored` with `input`. For the main resource, `.status`
 * is kept from the stored object when status is a subresource; for `/status`, only `.status` is
 * taken from the input. Immutable metadata is carried over and `generation` is bumped when the
 * spec changed. Finalizers cannot be added once deletion has started.
 */
export function prepareUpdate(
  def: ResourceDefinition,
  stored: KubeObject,
  input: KubeObject,
  subresource: '' | 'status',
): KubeObject {
  const obj = structuredClone(input);
  if (subresource === 'status') {
    const result = structuredClone(stored);
    if (input['status'] === undefined) Reflect.deleteProperty(result, 'status');
    else result['status'] = structuredClone(input['status']);
    return result;
  }
  const meta = metadataOf(obj);
  const old = metadataOf(stored);
  for (const field of immutableOnUpdate) {
    if (old[field] === undefined) Reflect.deleteProperty(meta, field);
    else meta[field] = old[field] ?? null;
  }
  if (def.hasStatus) {
    if (stored['status'] === undefined) Reflect.deleteProperty(obj, 'status');
    else obj['status'] = structuredClone(stored['status']);
  }
  checkFinalizersDuringDeletion(def, stored, obj);
  if (!equalJson(specPart(stored), specPart(obj)))
    meta['generation'] = (typeof old['generation'] === 'number' ? old['generation'] : 0) + 1;
  return obj;
}

function finalizersOf(obj: KubeObject): string[] {
  const list = metadataOf(obj)['finalizers'];
  return Array.isArray(list) ? list.filter((f): f is string => typeof f === 'string') : [];
}

function checkFinalizersDuringDeletion(
  def: ResourceDefinition,
  stored: KubeObject,
  next: KubeObject,
): void {
  if (metadataOf(stored)['deletionTimestamp'] === undefined) return;
  const before = new Set(finalizersOf(stored));
  const added = finalizersOf(next).filter((f) => !before.has(f));
  if (added.length === 0) return;
  throw statusErrors.forbidden(
    `${def.kind.toLowerCase()} "${metaString(stored, 'name')}" is forbidden: no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(added)}`,
    { name: metaString(stored, 'name'), group: def.group, kind: def.plural },
  );
}

/** Whether an object has finalizers left (its deletion then waits). */
export function hasFinalizers(obj: KubeObject): boolean {
  return finalizersOf(obj).length > 0;
}

/** Whether an object is marked for deletion. */
export function isDeleting(obj: KubeObject): boolean {
  return typeof metadataOf(obj)['deletionTimestamp'] === 'string';
}

/** Marks an object for deletion (it stays until its finalizers are gone). */
export function markDeleting(obj: KubeObject, now: number, gracePeriodSeconds: number): KubeObject {
  const next = structuredClone(obj);
  const meta = metadataOf(next);
  if (meta['deletionTimestamp'] === undefined) {
    meta['deletionTimestamp'] = timestamp(now + gracePeriodSeconds * 1000);
    meta['deletionGracePeriodSeconds'] = gracePeriodSeconds;
  }
  return next;
}

/** Reads `metadata.<field>` as a string, or '' when absent. */
export function metaString(obj: KubeObject, field: string): string {
  const value = metadataOf(obj)[field];
  return typeof value === 'string' ? value : '';
}

/** Labels of an object as a plain string map. */
export function labelsOf(obj: KubeObject): Record<string, string> {
  const labels = metadataOf(obj)['labels'];
  const result: Record<string, string> = {};
  if (!isJsonObject(labels)) return result;
  for (const [k, v] of Object.entries(labels)) if (typeof v === 'string') result[k] = v;
  return result;
}

/** Sets `metadata.managedFields`, leaving the field out when nothing is owned (as Kubernetes does). */
export function setManagedFields(obj: KubeObject, entries: Json[]): void {
  if (entries.length === 0) Reflect.deleteProperty(obj.metadata, 'managedFields');
  else obj.metadata['managedFields'] = entries;
}
