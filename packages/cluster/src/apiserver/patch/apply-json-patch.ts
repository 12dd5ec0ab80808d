import { isJsonObject, type Json, type JsonObject } from '../json.ts';
import { deepEqualJson } from './deep-equal-json.ts';
import { formatJsonPointer, parseArrayIndex, parseJsonPointer } from './json-pointer.ts';
import { cloneJson, getJsonProperty, jsonTypeName, setJsonProperty } from './json-property.ts';
import { inapplicablePatch, malformedPatch } from './patch-error.ts';

const OPERATIONS = ['add', 'remove', 'replace', 'move', 'copy', 'test'] as const;
type OperationName = (typeof OPERATIONS)[number];

interface Pointer {
  readonly tokens: readonly string[];
  readonly text: string;
}

interface Operation {
  /** `the patch's operation 2 (remove)`, the start of every message about it. */
  readonly label: string;
  readonly op: OperationName;
  readonly path: Pointer;
  readonly from: Pointer;
  readonly value: Json;
}

/** The document being patched; `root` can itself be replaced. */
interface Document {
  root: Json;
}

/** Why an operation could not be applied; always turned into a PatchError with its label. */
class OperationFailure extends Error {}

/**
 * Applies an RFC 6902 JSON patch (add, remove, replace, move, copy, test; RFC 6901 pointers with
 * `~0`, `~1` and `-`). The patch applies atomically: the inputs are never mutated, and the result
 * shares nothing with them. Throws a PatchError, malformed when the patch document is invalid.
 */
export function applyJsonPatch(target: Json, patch: Json): Json {
  const operations = parseOperations(patch);
  const document: Document = { root: cloneJson(target) };
  for (const operation of operations) {
    try {
      applyOperation(document, operation);
    } catch (error) {
      if (error instanceof OperationFailure) {
        throw inapplicablePatch(`${operation.label} failed: ${error.message}`);
      }
      throw error;
    }
  }
  return document.root;
}

function parseOperations(patch: Json): Operation[] {
  if (!Array.isArray(patch)) {
    throw malformedPatch(
      `a JSON patch must be a JSON array of operations, not ${jsonTypeName(patch)}`,
    );
  }
  return patch.map(parseOperation);
}

function parseOperation(raw: Json, index: number): Operation {
  if (!isJsonObject(raw)) {
    throw malformedPatch(
      `the patch's operation ${index} must be a JSON object, not ${jsonTypeName(raw)}`,
    );
  }
  const op = parseOperationName(raw, index);
  const label = `the patch's operation ${index} (${op})`;
  const path = parsePointerMember(raw, 'path', label);
  const needsFrom = op === 'move' || op === 'copy';
  const from = needsFrom ? parsePointerMember(raw, 'from', label) : path;
  const value = getJsonProperty(raw, 'value');
  if (value === undefined && (op === 'add' || op === 'replace' || op === 'test')) {
    throw malformedPatch(`${label} has no "value"`);
  }
  if (op === 'move' && path.text.startsWith(from.text + '/')) {
    throw malformedPatch(`${label} cannot move "${from.text}" into its own child "${path.text}"`);
  }
  return { label, op, path, from, value: value ?? null };
}

function parseOperationName(raw: JsonObject, index: number): OperationName {
  const op = getJsonProperty(raw, 'op');
  const known = OPERATIONS.find((name) => name === op);
  if (known !== undefined) return known;
  const found = op === undefined ? 'no "op"' : `an unknown "op" ${JSON.stringify(op)}`;
  throw malformedPatch(
    `the patch's operation ${index} has ${found}; expected one of ${OPERATIONS.join(', ')}`,
  );
}

function parsePointerMember(raw: JsonObject, member: string, label: string): Pointer {
  const text = getJsonProperty(raw, member);
  if (typeof text !== 'string') {
    const found = text === undefined ? 'no' : `${jsonTypeName(text)} as its`;
    throw malformedPatch(`${label} has ${found} "${member}"; it must be a JSON pointer string`);
  }
  const tokens = parseJsonPointer(text);
  if (!Array.isArray(tokens)) {
    throw malformedPatch(`${label} has an invalid "${member}" "${text}": ${tokens.invalid}`);
  }
  return { tokens, text };
}

function applyOperation(document: Document, operation: Operation): void {
  const { path, from } = operation;
  switch (operation.op) {
    case 'add':
      add(document, path, cloneJson(operation.value));
      return;
    case 'remove':
      remove(document, path);
      return;
    case 'replace':
      replace(document, path, cloneJson(operation.value));
      return;
    case 'move':
      if (from.text === path.text) lookup(document, from);
      else add(document, path, remove(document, from));
      return;
    case 'copy':
      add(document, path, cloneJson(lookup(document, from)));
      return;
    case 'test':
      if (!deepEqualJson(lookup(document, path), operation.value)) {
        throw new OperationFailure(
          `the value at path "${path.text}" is not equal to the test value`,
        );
      }
  }
}

function childOf(container: Json, token: string): Json | undefined {
  if (Array.isArray(container)) {
    const index = parseArrayIndex(token);
    return index === undefined ? undefined : container[index];
  }
  return isJsonObject(container) ? getJsonProperty(container, token) : undefined;
}

function lookup(document: Document, pointer: Pointer): Json {
  let current = document.root;
  for (const token of pointer.tokens) {
    const next = childOf(current, token);
    if (next === undefined) throw new OperationFailure(`path "${pointer.text}" does not exist`);
    current = next;
  }
  return current;
}

/** The container holding the location a non-empty pointer names, and the last token. */
function parentOf(
  document: Document,
  pointer: Pointer,
): { parent: Json[] | JsonObject; last: string } {
  const parentTokens = pointer.tokens.slice(0, -1);
  const last = pointer.tokens.at(-1) ?? '';
  const parentPointer = { tokens: parentTokens, text: formatJsonPointer(parentTokens) };
  let parent: Json;
  try {
    parent = lookup(document, parentPointer);
  } catch {
    throw new OperationFailure(
      `path "${pointer.text}" does not exist: its parent "${parentPointer.text}" does not exist`,
    );
  }
  if (!Array.isArray(parent) && !isJsonObject(parent)) {
    throw new OperationFailure(
      `path "${pointer.text}" does not exist: its parent "${parentPointer.text}" is ${jsonTypeName(parent)}, not an object or an array`,
    );
  }
  return { parent, last };
}

/** The index an existing array element is addressed by, or a failure naming the path. */
function existingIndex(array: readonly Json[], token: string, pointer: Pointer): number {
  const index = parseArrayIndex(token);
  if (index === undefined || index >= array.length) {
    throw new OperationFailure(
      `path "${pointer.text}" does not exist: "${token}" is not an index of the array of ${array.length} items`,
    );
  }
  return index;
}

function add(document: Document, pointer: Pointer, value: Json): void {
  if (pointer.tokens.length === 0) {
    document.root = value;
    return;
  }
  const { parent, last } = parentOf(document, pointer);
  if (!Array.isArray(parent)) {
    setJsonProperty(parent, last, value);
    return;
  }
  const index = last === '-' ? parent.length : parseArrayIndex(last);
  if (index === undefined || index > parent.length) {
    throw new OperationFailure(
      `cannot add at path "${pointer.text}": "${last}" is not an index from 0 to ${parent.length} or "-"`,
    );
  }
  parent.splice(index, 0, value);
}

function remove(document: Document, pointer: Pointer): Json {
  if (pointer.tokens.length === 0)
    throw new OperationFailure('the whole document cannot be removed');
  const { parent, last } = parentOf(document, pointer);
  if (Array.isArray(parent)) {
    return parent.splice(existingIndex(parent, last, pointer), 1)[0] ?? null;
  }
  const value = getJsonProperty(parent, last);
  if (value === undefined) throw new OperationFailure(`path "${pointer.text}" does not exist`);
  Reflect.deleteProperty(parent, last);
  return value;
}

function replace(document: Document, pointer: Pointer, value: Json): void {
  if (pointer.tokens.length === 0) {
    document.root = value;
    return;
  }
  const { parent, last } = parentOf(document, pointer);
  if (Array.isArray(parent)) {
    parent[existingIndex(parent, last, pointer)] = value;
    return;
  }
  if (!Object.hasOwn(parent, last)) {
    throw new OperationFailure(`path "${pointer.text}" does not exist`);
  }
  setJsonProperty(parent, last, value);
}
