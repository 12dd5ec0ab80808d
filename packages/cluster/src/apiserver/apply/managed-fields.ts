import { isJsonObject, type Json, type JsonObject } from '../json.ts';
import { statusErrors, type StatusError } from '../status-error.ts';
import { FieldSet } from './field-set.ts';
import { decodeFieldSet, encodeFieldSet } from './fields-v1.ts';

/** A decoded `metadata.managedFields` entry. */
export interface ManagedEntry {
  readonly manager: string;
  readonly operation: 'Apply' | 'Update';
  readonly apiVersion: string;
  readonly time: string | undefined;
  /** Undefined for the main resource (Kubernetes omits an empty subresource). */
  readonly subresource: string | undefined;
  readonly fields: FieldSet;
  /** The fieldsV1 as received; written back unchanged while the set is unchanged. */
  readonly rawFieldsV1?: Json | undefined;
}

/**
 * Who an entry belongs to, as Kubernetes keys managers: name, operation and subresource, plus
 * the apiVersion for Update entries (an applier keeps one entry across versions).
 */
export function managerIdentity(
  entry: Pick<ManagedEntry, 'manager' | 'operation' | 'apiVersion' | 'subresource'>,
): string {
  const id: JsonObject = { manager: entry.manager, operation: entry.operation };
  if (entry.operation === 'Update') id['apiVersion'] = entry.apiVersion;
  if (entry.subresource !== undefined) id['subresource'] = entry.subresource;
  return JSON.stringify(id);
}

/** A manager as conflict messages name it: `"kubectl" using apps/v1`, `"ctl" with subresource "status"`. */
export function printManager(
  entry: Pick<ManagedEntry, 'manager' | 'operation' | 'apiVersion' | 'subresource'>,
): string {
  let text = JSON.stringify(entry.manager);
  if (entry.subresource !== undefined)
    text += ` with subresource ${JSON.stringify(entry.subresource)}`;
  if (entry.operation === 'Update') text += ` using ${entry.apiVersion}`;
  return text;
}

function bad(message: string): StatusError {
  return statusErrors.badRequest(`invalid metadata.managedFields: ${message}`);
}

function optionalString(entry: JsonObject, field: string, index: number): string | undefined {
  const value = entry[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw bad(`${field} of entry ${index} must be a string`);
  return value;
}

function checkedOperation(raw: JsonObject): 'Apply' | 'Update' {
  const operation = raw['operation'];
  if (operation !== 'Apply' && operation !== 'Update') {
    throw bad('operation must be `Apply` or `Update`');
  }
  return operation;
}

function checkFieldsType(raw: JsonObject, index: number): void {
  const fieldsType = optionalString(raw, 'fieldsType', index) ?? '';
  if (fieldsType === '') throw bad(`missing fieldsType in managed fields entry ${index}`);
  if (fieldsType !== 'FieldsV1') {
    throw bad(`invalid fieldsType ${JSON.stringify(fieldsType)} in managed fields entry ${index}`);
  }
}

function checkedTime(raw: JsonObject, index: number): string | undefined {
  const time = optionalString(raw, 'time', index);
  if (time !== undefined && Number.isNaN(Date.parse(time))) {
    throw bad(`time of entry ${index} is not a timestamp`);
  }
  return time;
}

function decodeEntry(raw: Json, index: number): ManagedEntry {
  if (!isJsonObject(raw)) throw bad(`entry ${index} must be an object`);
  const operation = checkedOperation(raw);
  const apiVersion = optionalString(raw, 'apiVersion', index) ?? '';
  if (apiVersion === '') throw bad('apiVersion must not be empty');
  checkFieldsType(raw, index);
  const subresource = optionalString(raw, 'subresource', index);
  const fieldsV1 = raw['fieldsV1'] ?? null;
  return {
    manager: optionalString(raw, 'manager', index) ?? '',
    operation,
    apiVersion,
    time: checkedTime(raw, index),
    subresource: subresource === '' ? undefined : subresource,
    fields: fieldsV1 === null ? FieldSet.empty : decodeFieldSet(fieldsV1),
    rawFieldsV1: fieldsV1 === null ? undefined : fieldsV1,
  };
}

/**
 * Reads `metadata.managedFields` (absent or null means none). Two entries for the same
 * manager identity collapse into the later one, as in Kubernetes.
 * @throws StatusError (400) describing the first invalid entry.
 */
export function decodeManagedFields(value: Json | undefined): ManagedEntry[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw bad('must be a list');
  const byIdentity = new Map<string, ManagedEntry>();
  value.forEach((raw, index) => {
    const entry = decodeEntry(raw, index);
    byIdentity.set(managerIdentity(entry), entry);
  });
  return [...byIdentity.values()];
}

/** Whether a client asks to clear managedFields: `[]` or `[{}]`. */
export function isResetManagedFields(value: Json | undefined): boolean {
  if (!Array.isArray(value)) return false;
  if (value.length === 0) return true;
  const [only] = value;
  return value.length === 1 && isJsonObject(only) && Object.keys(only).length === 0;
}

function seconds(time: string | undefined): number {
  return time === undefined ? 0 : Math.floor(Date.parse(time) / 1000);
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Kubernetes' order: Apply before Update, then by time (seconds), manager, apiVersion, subresource. */
export function compareEntries(p: ManagedEntry, q: ManagedEntry): number {
  return (
    compareText(p.operation, q.operation) ||
    seconds(p.time) - seconds(q.time) ||
    compareText(p.manager, q.manager) ||
    compareText(p.apiVersion, q.apiVersion) ||
    compareText(p.subresource ?? '', q.subresource ?? '')
  );
}

function encodeEntry(entry: ManagedEntry): JsonObject {
  const out: JsonObject = {
    manager: entry.manager,
    operation: entry.operation,
    apiVersion: entry.apiVersion,
  };
  if (entry.time !== undefined) out['time'] = entry.time;
  out['fieldsType'] = 'FieldsV1';
  out['fieldsV1'] = entry.rawFieldsV1 ?? encodeFieldSet(entry.fields);
  if (entry.subresource !== undefined) out['subresource'] = entry.subresource;
  return out;
}

/** Writes entries in Kubernetes' wire form and order, dropping those that own nothing. */
export function encodeManagedFields(entries: readonly ManagedEntry[]): JsonObject[] {
  return entries
    .filter((entry) => !entry.fields.isEmpty())
    .sort(compareEntries)
    .map(encodeEntry);
}

/** The same entry with a new field set (the received fieldsV1 is forgotten if the set changed). */
export function withFields(entry: ManagedEntry, fields: FieldSet): ManagedEntry {
  if (fields.equals(entry.fields)) return entry;
  return { ...entry, fields, rawFieldsV1: undefined };
}

/** Whether two entry lists own the same fields under the same identities, ignoring times. */
export function sameOwnership(a: readonly ManagedEntry[], b: readonly ManagedEntry[]): boolean {
  const left = a.filter((e) => !e.fields.isEmpty());
  const right = new Map(b.filter((e) => !e.fields.isEmpty()).map((e) => [managerIdentity(e), e]));
  if (left.length !== right.size) return false;
  return left.every((e) => right.get(managerIdentity(e))?.fields.equals(e.fields) === true);
}
