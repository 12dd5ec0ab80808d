import { isJsonObject, type Json } from '../json.ts';
import type { FieldPath } from './field-path.ts';
import type { MemberMap, MemberValue } from './field-set-of.ts';
import { FieldSet } from './field-set.ts';

/** Deep equality of JSON values (object key order ignored). */
export function jsonEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return (
      Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i] ?? null))
    );
  }
  if (!isJsonObject(a) || !isJsonObject(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k] ?? null, b[k] ?? null));
}

function isHollow(value: Json): boolean {
  return value === null || (isJsonObject(value) && Object.keys(value).length === 0);
}

function isModified(before: MemberValue, after: MemberValue): boolean {
  if (!before.hasChildren && !after.hasChildren) return !jsonEqual(before.value, after.value);
  if (before.hasChildren && after.hasChildren) return false;
  const leaf = before.hasChildren ? after : before;
  return !isHollow(leaf.value);
}

/** What a write changed: members added or given a new value, and members that disappeared. */
export interface Comparison {
  readonly changed: FieldSet;
  readonly removed: FieldSet;
}

/** Compares the members of an object before and after a write. */
export function compareMembers(before: MemberMap, after: MemberMap): Comparison {
  const changed: FieldPath[] = [];
  const removed: FieldPath[] = [];
  for (const [key, member] of after) {
    const old = before.get(key);
    if (old === undefined || isModified(old, member)) changed.push(member.path);
  }
  for (const [key, member] of before) if (!after.has(key)) removed.push(member.path);
  return { changed: FieldSet.of(changed), removed: FieldSet.of(removed) };
}
