import { isJsonObject, type Json, type JsonObject } from '../json.ts';
import { statusErrors, type StatusError } from '../status-error.ts';
import { comparePathElements, parsePathElement, type FieldPath } from './field-path.ts';
import { FieldSet } from './field-set.ts';

interface TrieNode {
  member: boolean;
  children: Map<string, TrieNode>;
}

function trieOf(set: FieldSet): TrieNode {
  const root: TrieNode = { member: false, children: new Map() };
  for (const path of set.paths()) {
    let node = root;
    for (const element of path) {
      let child = node.children.get(element);
      if (child === undefined) {
        child = { member: false, children: new Map() };
        node.children.set(element, child);
      }
      node = child;
    }
    node.member = true;
  }
  return root;
}

function encodeNode(node: TrieNode): JsonObject {
  const out: JsonObject = {};
  if (node.member && node.children.size > 0) out['.'] = {};
  const keys = [...node.children.keys()].sort(comparePathElements);
  for (const key of keys) {
    const child = node.children.get(key);
    if (child !== undefined) out[key] = encodeNode(child);
  }
  return out;
}

/**
 * Kubernetes' FieldsV1 JSON for a set: a trie keyed by path elements, where `{}` marks a
 * member with nothing below it and `".": {}` marks a member that also has members below it.
 */
export function encodeFieldSet(set: FieldSet): JsonObject {
  return encodeNode(trieOf(set));
}

function invalid(where: FieldPath, problem: string): StatusError {
  const at = where.length === 0 ? 'the root' : where.join('/');
  return statusErrors.badRequest(`invalid fieldsV1 at ${at}: ${problem}`);
}

function decodeNode(node: Json, where: FieldPath, out: FieldPath[]): void {
  if (!isJsonObject(node)) throw invalid(where, 'expected a JSON object');
  const keys = Object.keys(node);
  if (keys.length === 0 || keys.includes('.')) {
    if (where.length > 0) out.push(where);
  }
  for (const key of keys) {
    if (key === '.') continue;
    const parsed = parsePathElement(key);
    if ('problem' in parsed)
      throw invalid(where, `bad path element ${JSON.stringify(key)}: ${parsed.problem}`);
    decodeNode(node[key] ?? null, [...where, parsed.element], out);
  }
}

/**
 * Reads Kubernetes' FieldsV1 JSON.
 * @throws StatusError (400) naming the place and the problem when the JSON is not a FieldsV1 trie.
 */
export function decodeFieldSet(fieldsV1: Json): FieldSet {
  const paths: FieldPath[] = [];
  decodeNode(fieldsV1, [], paths);
  return FieldSet.of(paths);
}
