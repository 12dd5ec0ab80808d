import { describe, expect, it } from 'vitest';
import type { Json } from '../json.ts';
import { evaluateJsonPath, parseJsonPath } from './json-path.ts';

const doc: Json = {
  spec: { a: { b: 7 }, running: false, 'key.with.dots': 'dotted' },
  metadata: { labels: { 'app.kubernetes.io/name': 'web' } },
  items: [{ name: 'x' }, { name: 'y' }, { name: 'z' }],
  status: {
    conditions: [
      { type: 'Ready', status: 'True', count: 1 },
      { type: 'Synced', status: 'False', count: 3 },
    ],
  },
};

describe('evaluateJsonPath', () => {
  it.each<[string, Json[]]>([
    ['.spec.a.b', [7]],
    ['{.spec.a.b}', [7]],
    ['$.spec.a.b', [7]],
    ['.spec.running', [false]],
    ['.spec.missing', []],
    ['.spec.a.b.c', []],
    ['.items[0].name', ['x']],
    ['.items[-1].name', ['z']],
    ['.items[5].name', []],
    ['.items[*].name', ['x', 'y', 'z']],
    ['.items.*.name', ['x', 'y', 'z']],
    ["['spec']['key.with.dots']", ['dotted']],
    ['.spec["key.with.dots"]', ['dotted']],
    ['.metadata.labels.app\\.kubernetes\\.io/name', ['web']],
    ['.status.conditions[?(@.type=="Ready")].status', ['True']],
    [".status.conditions[?(@.type == 'Synced')].status", ['False']],
    ['.status.conditions[?(@.type!="Ready")].type', ['Synced']],
    ['.status.conditions[?(@.count>1)].type', ['Synced']],
    ['.status.conditions[?(@.count<=1)].type', ['Ready']],
    ['.status.conditions[?(@.missing)].type', []],
    ['.status.conditions[?(@.count)].type', ['Ready', 'Synced']],
    ['.status.conditions[?(@.type=="Nope")].status', []],
  ])('selects %j', (path, expected) => {
    expect(evaluateJsonPath(doc, path)).toEqual(expected);
  });

  it.each(['.items[', '.items[x]', '.a[?(@.b=="c"]', '.a b', "['open", '.a[?(b)]'])(
    'selects nothing for the malformed path %j',
    (path) => {
      expect(parseJsonPath(path)).toBeUndefined();
      expect(evaluateJsonPath(doc, path)).toEqual([]);
    },
  );
});
