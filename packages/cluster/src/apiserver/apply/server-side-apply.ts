import type { Json, JsonObject, KubeObject } from '../json.ts';
import type { JsonSchema, SchemaResolver } from '../json-schema.ts';
import { statusErrors } from '../status-error.ts';
import { applyConflictError, type ApplyConflict } from './apply-conflict.ts';
import { compareMembers, jsonEqual } from './compare-members.ts';
import {
  collectMembers,
  isTrackedPath,
  trackedSet,
  type FieldSetOptions,
  type MemberMap,
} from './field-set-of.ts';
import { FieldSet } from './field-set.ts';
import {
  decodeManagedFields,
  encodeManagedFields,
  managerIdentity,
  sameOwnership,
  withFields,
  type ManagedEntry,
} from './managed-fields.ts';
import { mergeApplied } from './merge-applied.ts';
import { removeFields } from './remove-fields.ts';
import { ShapeError, type ShapeContext } from './schema-shape.ts';

/** The inputs of one server-side apply. */
export interface ServerSideApplyInput {
  /** The stored object, or null when the apply creates it. */
  readonly live: KubeObject | null;
  /** The applied configuration, already parsed. */
  readonly applied: KubeObject;
  /** The `fieldManager` query parameter (already checked to be present). */
  readonly manager: string;
  /** The `force` query parameter: take over conflicting fields instead of failing. */
  readonly force: boolean;
  /** RFC 3339 time recorded on the manager's entry. */
  readonly now: string;
  /** The kind's schema (built-in OpenAPI v3 or CRD `openAPIV3Schema`), or undefined. */
  readonly schema: JsonSchema | undefined;
  readonly resolve: SchemaResolver;
  /** `status` for an apply to the status subresource. */
  readonly subresource?: string | undefined;
  /** Whether the kind has a status subresource (default true). */
  readonly statusSubresource?: boolean | undefined;
}

/** Metadata only the server sets: the result always keeps the live values. */
const serverMetadata = [
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'selfLink',
] as const;

function contentOf(object: KubeObject): KubeObject {
  const metadata = { ...object.metadata };
  delete metadata['managedFields'];
  return { ...object, metadata };
}

function describeObject(applied: KubeObject): string {
  const [group, version] = applied.apiVersion.includes('/')
    ? applied.apiVersion.split('/')
    : ['', applied.apiVersion];
  const namespace =
    typeof applied.metadata['namespace'] === 'string' ? applied.metadata['namespace'] : '';
  const name = typeof applied.metadata['name'] === 'string' ? applied.metadata['name'] : '';
  return `${group ?? ''}/${version ?? ''}, Kind=${applied.kind} ${namespace}/${name}`;
}

function asBadRequest(error: unknown, applied: KubeObject): unknown {
  if (!(error instanceof ShapeError)) return error;
  return statusErrors.badRequest(
    `failed to create typed patch object (${describeObject(applied)}): ${error.message}`,
  );
}

function liveEntries(live: KubeObject | null): ManagedEntry[] {
  try {
    return decodeManagedFields(live?.metadata['managedFields']);
  } catch {
    // Stored managedFields are written by this module; anything else is reset, not fatal.
    return [];
  }
}

/** The part of the applied configuration this write may change. */
function appliedScope(applied: KubeObject, options: FieldSetOptions): JsonObject {
  if (options.statusSubresource === false) return applied;
  if (options.subresource === 'status') {
    return applied['status'] === undefined ? {} : { status: applied['status'] };
  }
  const scoped: JsonObject = { ...applied };
  delete scoped['status'];
  return scoped;
}

interface PruneStep {
  readonly last: FieldSet;
  readonly owned: FieldSet;
  readonly options: FieldSetOptions;
}

/**
 * What the manager stops applying and nobody else owns: its previous set (with the fields
 * that lead to its members) minus everything still owned (likewise), never untracked fields.
 */
function fieldsToRemove(step: PruneStep): FieldSet {
  const stillOwned = step.owned.withAncestors();
  return step.last
    .withAncestors()
    .filter((path) => isTrackedPath(path, step.options) && !stillOwned.has(path));
}

function restoreServerMetadata(object: JsonObject, live: KubeObject | null): KubeObject {
  const result = object as KubeObject;
  if (live === null) return result;
  const server = new Set<string>(serverMetadata);
  const metadata: JsonObject = Object.fromEntries(
    Object.entries(result.metadata).filter(([field]) => !server.has(field)),
  );
  for (const field of serverMetadata) {
    const value = live.metadata[field];
    if (value !== undefined) metadata[field] = value;
  }
  return { ...result, metadata };
}

function findConflicts(others: readonly ManagedEntry[], changed: FieldSet): ApplyConflict[] {
  return others.flatMap((owner) =>
    owner.fields
      .intersection(changed)
      .paths()
      .map((path) => ({ owner, path })),
  );
}

function appliedMembers(input: ServerSideApplyInput, ctx: ShapeContext): MemberMap {
  try {
    return collectMembers(input.applied, input.schema, ctx);
  } catch (error) {
    throw asBadRequest(error, input.applied);
  }
}

function checkApplied(applied: KubeObject): void {
  const managed = applied.metadata['managedFields'];
  if (managed !== undefined && managed !== null) {
    throw statusErrors.badRequest('metadata.managedFields must be nil');
  }
}

interface Outcome {
  readonly object: KubeObject;
  readonly entries: ManagedEntry[];
}

function applyToLive(input: ServerSideApplyInput, previous: readonly ManagedEntry[]): Outcome {
  const options: FieldSetOptions = input;
  const strict: ShapeContext = { resolve: input.resolve, strict: true };
  const lenient: ShapeContext = { resolve: input.resolve, strict: false };
  const applied = trackedSet(appliedMembers(input, strict), options);
  const identity = managerIdentity({
    manager: input.manager,
    operation: 'Apply',
    apiVersion: input.applied.apiVersion,
    subresource: input.subresource,
  });
  const last = previous.find((entry) => managerIdentity(entry) === identity);
  const others = previous.filter((entry) => entry !== last);
  const liveContent = contentOf(input.live ?? skeletonOf(input.applied));
  const merged = mergeApplied(
    liveContent,
    appliedScope(input.applied, options),
    input.schema,
    strict,
  );
  const owned = others.reduce((set, entry) => set.union(entry.fields), applied);
  const remove = fieldsToRemove({ last: last?.fields ?? FieldSet.empty, owned, options });
  const pruned = removeFields(merged, input.schema, remove, lenient) as JsonObject;
  const object = restoreServerMetadata(pruned, input.live);
  const comparison = compareMembers(
    collectMembers(liveContent, input.schema, lenient),
    collectMembers(object, input.schema, lenient),
  );
  // A null in the configuration clears a field: that is a change too when others own it.
  const cleared = comparison.removed.filter((path) =>
    path.some((_, i) => applied.has(path.slice(0, i + 1))),
  );
  const conflicts = findConflicts(others, comparison.changed.union(cleared));
  if (conflicts.length > 0 && !input.force) throw applyConflictError(conflicts);
  const lost = comparison.changed.union(comparison.removed);
  const mine: ManagedEntry = {
    manager: input.manager,
    operation: 'Apply',
    apiVersion: input.applied.apiVersion,
    time: input.now,
    subresource: input.subresource,
    fields: applied,
  };
  const entries = [
    ...others.map((entry) => withFields(entry, entry.fields.difference(lost))),
    mine,
  ];
  return { object, entries };
}

function skeletonOf(applied: KubeObject): KubeObject {
  return { apiVersion: applied.apiVersion, kind: applied.kind, metadata: {} };
}

/**
 * Server-side apply: merges the applied configuration into the live object (or creates it),
 * removes what this manager applied last time but no longer applies (unless another manager
 * owns it), and records the manager's `Apply` entry in `metadata.managedFields`. Fields other
 * managers own with a different value are conflicts unless `force`, which moves them to this
 * manager. Server-set metadata (uid, resourceVersion, ...) keeps its live value; `.status` is
 * left alone by main-resource applies and is all a status apply changes. When nothing but
 * timestamps would change, the live object comes back unchanged.
 * @throws StatusError 409 (apply conflict) or 400 (managedFields in the configuration, or
 *   duplicate or unkeyable items in an associative list).
 */
export function serverSideApply(input: ServerSideApplyInput): KubeObject {
  checkApplied(input.applied);
  const previous = liveEntries(input.live);
  const { object, entries } = applyToLive(input, previous);
  const { live } = input;
  if (live !== null && sameOwnership(entries, previous) && jsonEqual(object, contentOf(live))) {
    return structuredClone(live);
  }
  const managedFields: Json[] = encodeManagedFields(entries);
  const metadata: JsonObject = { ...object.metadata };
  if (managedFields.length > 0) metadata['managedFields'] = managedFields;
  else delete metadata['managedFields'];
  return structuredClone({ ...object, metadata });
}
