import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

/** One step of a field path: a map key, or a sequence index. */
export type FieldPathSegment = string | number;

/** Where a field path lands in a YAML text (1-based); `exact` is false when only a parent exists. */
export interface YamlPosition {
  readonly line: number;
  readonly column: number;
  readonly exact: boolean;
}

function bracketSegment(inner: string): FieldPathSegment {
  const unquoted = /^(["']).*\1$/.test(inner) ? inner.slice(1, -1) : inner;
  return /^\d+$/.test(unquoted) ? Number(unquoted) : unquoted;
}

/**
 * The steps of a Kubernetes field path as the API server writes it in `causes[].field` and
 * `unknown field "…"`: dotted keys, `[0]` indices and `[key]` map keys
 * (`spec.containers[0].image`, `metadata.labels[app.kubernetes.io/name]`); a leading dot is
 * ignored.
 */
export function fieldPathSegments(path: string): FieldPathSegment[] {
  const segments: FieldPathSegment[] = [];
  const pattern = /\[([^\]]*)\]|([^.[\]]+)/g;
  for (const match of path.matchAll(pattern)) {
    if (match[1] !== undefined) segments.push(bracketSegment(match[1]));
    else if (match[2] !== undefined) segments.push(match[2]);
  }
  return segments;
}

interface Located {
  readonly node: unknown;
  /** Offset of the key (for a map member) or of the item (for a sequence item). */
  readonly offset: number;
}

function startOf(node: unknown): number | undefined {
  return isScalar(node) || isMap(node) || isSeq(node) ? (node as Node).range?.[0] : undefined;
}

function mapMember(map: unknown, key: FieldPathSegment): Located | undefined {
  if (!isMap(map)) return undefined;
  for (const pair of map.items) {
    const name: unknown = isScalar(pair.key) ? pair.key.value : pair.key;
    if (String(name) !== String(key)) continue;
    const offset = startOf(pair.key) ?? startOf(pair.value);
    return offset === undefined ? undefined : { node: pair.value, offset };
  }
  return undefined;
}

function seqItem(seq: unknown, index: FieldPathSegment): Located | undefined {
  if (!isSeq(seq) || typeof index !== 'number') return undefined;
  const item: unknown = seq.items[index];
  const offset = startOf(item);
  return offset === undefined ? undefined : { node: item, offset };
}

/**
 * The line and column of the YAML node a field path names (the key of a map member, the start of
 * a sequence item), in flow or block style. A path that does not exist in full lands on its
 * nearest existing parent (`exact: false`), and on the document's first content line when
 * nothing of it exists. Never throws: unparsable text yields what could be recovered.
 */
export function pathToLine(text: string, path: string): YamlPosition {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  let current: Located = { node: doc.contents, offset: startOf(doc.contents) ?? 0 };
  let exact = true;
  for (const segment of fieldPathSegments(path)) {
    const next = mapMember(current.node, segment) ?? seqItem(current.node, segment);
    if (next === undefined) {
      exact = false;
      break;
    }
    current = next;
  }
  const { line, col } = lineCounter.linePos(current.offset);
  return { line: Math.max(line, 1), column: Math.max(col, 1), exact };
}
