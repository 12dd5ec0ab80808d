import type { Json, KubeObject } from '../json.ts';
import type { JsonSchema, SchemaResolver } from '../json-schema.ts';
import { compareMembers } from './compare-members.ts';
import { collectMembers, isTrackedPath, type FieldSetOptions } from './field-set-of.ts';
import { FieldSet } from './field-set.ts';
import {
  decodeManagedFields,
  encodeManagedFields,
  isResetManagedFields,
  managerIdentity,
  withFields,
  type ManagedEntry,
} from './managed-fields.ts';
import type { ShapeContext } from './schema-shape.ts';

/** The inputs of a non-apply write (create, update, patch) to track. */
export interface TrackUpdateInput {
  /** The stored object, or null for a create. */
  readonly before: KubeObject | null;
  /** The object about to be stored (after the patch, defaulting and the strategy). */
  readonly after: KubeObject;
  readonly manager: string;
  /** RFC 3339 time recorded when the manager's entry gains fields. */
  readonly now: string;
  readonly schema: JsonSchema | undefined;
  readonly resolve: SchemaResolver;
  /** `status` for a write to the status subresource. */
  readonly subresource?: string | undefined;
  /** Whether the kind has a status subresource (default true). */
  readonly statusSubresource?: boolean | undefined;
}

function decodeOrUndefined(value: Json | undefined): ManagedEntry[] | undefined {
  try {
    return decodeManagedFields(value);
  } catch {
    return undefined;
  }
}

/**
 * The entries the write starts from, as Kubernetes chooses them: subresource writes ignore
 * what the request carries; `[]` or `[{}]` resets; valid, non-empty entries in the request are
 * taken as they are (this is how kubectl migrates client-side-apply ownership); anything else
 * (absent, empty, invalid) falls back to the stored entries.
 */
function startingEntries(input: TrackUpdateInput, stored: ManagedEntry[]): ManagedEntry[] {
  if (input.subresource !== undefined) return stored;
  const supplied = input.after.metadata['managedFields'];
  if (isResetManagedFields(supplied)) return [];
  const decoded = decodeOrUndefined(supplied);
  return decoded !== undefined && decoded.length > 0 ? decoded : stored;
}

function withoutManagedFields(object: KubeObject | null): Json {
  if (object === null) return {};
  const metadata = { ...object.metadata };
  delete metadata['managedFields'];
  return { ...object, metadata };
}

/**
 * The managedFields after a non-apply write by `manager`: every field the write added or
 * changed moves to the manager's `Update` entry (keyed by manager, apiVersion and
 * subresource; its time is set when it gains fields), and fields the write removed leave every
 * entry. Entries left empty are dropped; the rest are in Kubernetes' order (Apply entries
 * first, then by time, manager, apiVersion, subresource). Returns `[]` when nobody owns
 * anything (Kubernetes then omits the field).
 */
export function trackUpdate(input: TrackUpdateInput): Json[] {
  const options: FieldSetOptions = input;
  const ctx: ShapeContext = { resolve: input.resolve, strict: false };
  const stored = decodeOrUndefined(input.before?.metadata['managedFields']) ?? [];
  const comparison = compareMembers(
    collectMembers(withoutManagedFields(input.before), input.schema, ctx),
    collectMembers(withoutManagedFields(input.after), input.schema, ctx),
  );
  const lost = comparison.changed.union(comparison.removed);
  let entries = startingEntries(input, stored).map((entry) =>
    withFields(entry, entry.fields.difference(lost)),
  );
  const gained = comparison.changed.filter((path) => isTrackedPath(path, options));
  if (!gained.isEmpty()) {
    const identity = managerIdentity({
      manager: input.manager,
      operation: 'Update',
      apiVersion: input.after.apiVersion,
      subresource: input.subresource,
    });
    const previous = entries.find((entry) => managerIdentity(entry) === identity);
    entries = entries.filter((entry) => entry !== previous);
    entries.push({
      manager: input.manager,
      operation: 'Update',
      apiVersion: input.after.apiVersion,
      time: input.now,
      subresource: input.subresource,
      fields: (previous?.fields ?? FieldSet.empty).union(gained),
    });
  }
  return encodeManagedFields(entries);
}
