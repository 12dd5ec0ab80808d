import { isJsonObject, type Json, type JsonObject } from '../json.ts';
import { deepEqualJson } from './deep-equal-json.ts';
import { cloneJson, getJsonProperty, jsonTypeName } from './json-property.ts';
import { malformedPatch } from './patch-error.ts';
import { describePath, PATCH_DIRECTIVE, patchDirective } from './strategic-directives.ts';
import { itemSite, sitePatchMeta, type Site } from './strategic-site.ts';

/** How a list field is patched. */
type ListShape =
  | { readonly kind: 'replace' }
  | { readonly kind: 'scalar' }
  | { readonly kind: 'map'; readonly mergeKey: string };

/** What identifies a list item: the merge key's value for maps, the value itself for scalars. */
type Key = Json | undefined;
type KeyOf = (item: Json) => Key;

/** A merged list, and the live order used to place server-only items. */
export interface MergedList {
  readonly items: Json[];
  readonly serverKeys: Key[];
}

function listShape(site: Site, lists: readonly (readonly Json[])[]): ListShape {
  const meta = sitePatchMeta(site);
  if (!meta.strategies.has('merge')) return { kind: 'replace' };
  if (!lists.some((list) => list.some(isJsonObject))) return { kind: 'scalar' };
  return meta.mergeKey === undefined
    ? { kind: 'replace' }
    : { kind: 'map', mergeKey: meta.mergeKey };
}

function keyOfShape(shape: ListShape): KeyOf {
  if (shape.kind !== 'map') return (item) => item;
  const { mergeKey } = shape;
  return (item) => (isJsonObject(item) ? getJsonProperty(item, mergeKey) : undefined);
}

function sameKey(a: Key, b: Key): boolean {
  return a !== undefined && b !== undefined && deepEqualJson(a, b);
}

function positionOf(keys: readonly Key[], key: Key): number {
  return keys.findIndex((candidate) => sameKey(candidate, key));
}

/** How a list item is named in paths: by its merge key when it has one, else by its index. */
function itemLabel(item: Json, index: number, mergeKey: string | undefined): string {
  const key =
    mergeKey !== undefined && isJsonObject(item) ? getJsonProperty(item, mergeKey) : undefined;
  return key === undefined ? String(index) : `${mergeKey ?? ''}=${JSON.stringify(key)}`;
}

function hasPatchDirective(item: Json): boolean {
  return isJsonObject(item) && Object.hasOwn(item, PATCH_DIRECTIVE);
}

/**
 * A patch list with nothing to merge into: items carrying `$patch` are dropped (after their value
 * is validated), other items are cleaned of directives.
 */
export function cleanList(list: readonly Json[], site: Site): Json[] {
  const { mergeKey } = sitePatchMeta(site);
  return list.flatMap((item, index) => {
    const child = itemSite(site, itemLabel(item, index, mergeKey));
    if (isJsonObject(item) && patchDirective(item, child.path) !== undefined) return [];
    const cleaned = site.merger.cleanValue(item, child);
    return cleaned === undefined ? [] : [cleaned];
  });
}

/**
 * Merges a patch list into a live list, by the field's patch strategy: lists without the `merge`
 * strategy are replaced; lists of primitives are unioned; lists of maps are merged by their merge
 * key, honouring `$patch: delete|replace` items. Items the patch names follow the patch's order;
 * server-only items keep their place relative to them, as upstream does.
 */
export function mergeList(
  current: readonly Json[],
  patch: readonly Json[],
  site: Site,
): MergedList {
  const shape = listShape(site, [patch, current]);
  if (shape.kind === 'replace') {
    return { items: cleanList(patch, site), serverKeys: current.map(keyOfShape(shape)) };
  }
  if (shape.kind === 'scalar') return mergeScalarList(current, patch);
  return mergeMapList(current, patch, shape.mergeKey, site);
}

function mergeScalarList(current: readonly Json[], patch: readonly Json[]): MergedList {
  const union: Json[] = [];
  for (const value of current) {
    if (!union.some((item) => deepEqualJson(item, value))) union.push(value);
  }
  for (const value of patch) {
    if (!union.some((item) => deepEqualJson(item, value))) union.push(cloneJson(value));
  }
  const identity: KeyOf = (item) => item;
  return { items: orderItems(union, patch, [...current], identity), serverKeys: [...current] };
}

interface SplitPatch {
  readonly survivors: Json[];
  readonly deleted: number;
  readonly replace: boolean;
  readonly plain: JsonObject[];
}

/** Applies the `$patch` items of a map list: deletions by key, and the replace marker. */
function splitPatchList(
  current: readonly Json[],
  patch: readonly Json[],
  mergeKey: string,
  site: Site,
): SplitPatch {
  const keyOf = keyOfShape({ kind: 'map', mergeKey });
  let survivors = [...current];
  let replace = false;
  const plain: JsonObject[] = [];
  for (const [index, item] of patch.entries()) {
    const object = requireMergeKey(item, index, mergeKey, site);
    const directive = patchDirective(object, `${site.path}[${index}]`);
    if (directive === undefined) plain.push(object);
    else if (directive === 'replace') replace = true;
    else if (directive === 'delete') {
      const key = getJsonProperty(object, mergeKey);
      survivors = survivors.filter((live) => !sameKey(keyOf(live), key));
    }
  }
  return { survivors, deleted: current.length - survivors.length, replace, plain };
}

function requireMergeKey(item: Json, index: number, mergeKey: string, site: Site): JsonObject {
  if (!isJsonObject(item)) {
    throw malformedPatch(
      `item ${index} of ${describePath(site.path)} is ${jsonTypeName(item)}, but the list is merged by "${mergeKey}" and needs objects`,
    );
  }
  const isReplaceMarker = getJsonProperty(item, PATCH_DIRECTIVE) === 'replace';
  if (!isReplaceMarker && getJsonProperty(item, mergeKey) === undefined) {
    throw malformedPatch(
      `item ${index} of ${describePath(site.path)} does not contain the list's merge key "${mergeKey}"`,
    );
  }
  return item;
}

function mergeMapList(
  current: readonly Json[],
  patch: readonly Json[],
  mergeKey: string,
  site: Site,
): MergedList {
  const keyOf = keyOfShape({ kind: 'map', mergeKey });
  const { survivors, deleted, replace, plain } = splitPatchList(current, patch, mergeKey, site);
  if (replace) {
    const items = plain.map((item, index) =>
      site.merger.mergeObject({}, item, itemSite(site, itemLabel(item, index, mergeKey))),
    );
    return { items, serverKeys: items.map(keyOf) };
  }
  const merged = [...survivors];
  const appended: Json[] = [];
  for (const [index, item] of plain.entries()) {
    const key = getJsonProperty(item, mergeKey);
    const child = itemSite(site, itemLabel(item, index, mergeKey));
    const at = merged.findIndex((live) => sameKey(keyOf(live), key));
    const live = merged[at];
    if (isJsonObject(live)) {
      merged[at] = site.merger.mergeObject(live, item, child);
    } else {
      const added = site.merger.mergeObject({}, item, child);
      merged.push(added);
      appended.push(added);
    }
  }
  const survivorKeys = survivors.map(keyOf);
  const items = orderItems(merged, plain.map(keyOf), survivorKeys, keyOf);
  // Upstream reuses the live slice's storage: the first items it appends fill the places the
  // deleted items left, and count as live items when `$setElementOrder` places server-only items.
  const serverKeys = [...survivorKeys, ...appended.slice(0, deleted).map(keyOf)];
  return { items, serverKeys };
}

/**
 * Orders merged items: those whose key is in `orderKeys` follow that order; the others keep their
 * live order (`serverKeys`); the two runs are interleaved so that a server-only item stays before
 * the first ordered item that came after it in the live list.
 */
function orderItems(
  merged: readonly Json[],
  orderKeys: readonly Key[],
  serverKeys: readonly Key[],
  keyOf: KeyOf,
): Json[] {
  const orderIndex = (item: Json): number => positionOf(orderKeys, keyOf(item));
  const serverIndex = (item: Json): number => {
    const position = positionOf(serverKeys, keyOf(item));
    return position < 0 ? Number.MAX_SAFE_INTEGER : position;
  };
  const ordered = merged.filter((item) => orderIndex(item) >= 0);
  ordered.sort((a, b) => orderIndex(a) - orderIndex(b));
  const serverOnly = merged.filter((item) => orderIndex(item) < 0);
  serverOnly.sort((a, b) => serverIndex(a) - serverIndex(b));
  return interleave(serverOnly, ordered, serverKeys, keyOf);
}

function interleave(
  serverOnly: readonly Json[],
  ordered: readonly Json[],
  serverKeys: readonly Key[],
  keyOf: KeyOf,
): Json[] {
  const result: Json[] = [];
  let i = 0;
  let j = 0;
  for (;;) {
    const left = serverOnly[i];
    const right = ordered[j];
    if (left === undefined || right === undefined) break;
    const l = positionOf(serverKeys, keyOf(left));
    const r = positionOf(serverKeys, keyOf(right));
    if (l >= 0 && r >= 0 && l < r) {
      result.push(left);
      i++;
    } else {
      result.push(right);
      j++;
    }
  }
  return [...result, ...serverOnly.slice(i), ...ordered.slice(j)];
}

/**
 * Applies `$setElementOrder/<field>`: merges the field's patch list (if any) into the live list
 * (if any) and puts the items in the given order. Undefined when there is no list at all.
 * Lists that are not merged ignore the order (their patch list replaces them).
 */
export function applyElementOrder(
  current: Json | undefined,
  patchList: readonly Json[] | undefined,
  order: readonly Json[],
  site: Site,
): Json[] | undefined {
  const live = Array.isArray(current) ? current : undefined;
  const shape = listShape(site, [patchList ?? [], live ?? [], order]);
  if (shape.kind === 'replace') {
    return patchList === undefined ? undefined : cleanList(patchList, site);
  }
  const keyOf = keyOfShape(shape);
  const orderKeys = order.map((item, index) => elementOrderKey(item, index, shape, site));
  if (patchList !== undefined) checkElementOrder(patchList, orderKeys, keyOf, site);
  let merged: MergedList;
  if (live !== undefined && patchList !== undefined) merged = mergeList(live, patchList, site);
  else if (live !== undefined) merged = { items: [...live], serverKeys: live.map(keyOf) };
  else if (patchList !== undefined) merged = { items: cleanList(patchList, site), serverKeys: [] };
  else return undefined;
  return orderItems(merged.items, orderKeys, merged.serverKeys, keyOf);
}

function elementOrderKey(item: Json, index: number, shape: ListShape, site: Site): Json {
  if (shape.kind !== 'map') return item;
  const key = isJsonObject(item) ? getJsonProperty(item, shape.mergeKey) : undefined;
  if (key === undefined) {
    throw malformedPatch(
      `item ${index} of the $setElementOrder list of ${describePath(site.path)} must be an object with the merge key "${shape.mergeKey}"`,
    );
  }
  return key;
}

/** The patch list's items must appear in the `$setElementOrder` list, in the same order. */
function checkElementOrder(
  patchList: readonly Json[],
  orderKeys: readonly Json[],
  keyOf: KeyOf,
  site: Site,
): void {
  const keys = patchList
    .filter((item) => !hasPatchDirective(item))
    .map(keyOf)
    .filter((key) => key !== undefined);
  let matched = 0;
  for (const orderKey of orderKeys) {
    if (matched < keys.length && sameKey(keys[matched], orderKey)) matched++;
  }
  if (matched < keys.length) {
    throw malformedPatch(
      `the items of ${describePath(site.path)} are not in the order of its $setElementOrder list, or are missing from it`,
    );
  }
}

/** `$deleteFromPrimitiveList`: the live list without the given values. */
export function deleteFromList(current: readonly Json[], values: readonly Json[]): Json[] {
  return current.filter((item) => !values.some((value) => deepEqualJson(value, item)));
}
