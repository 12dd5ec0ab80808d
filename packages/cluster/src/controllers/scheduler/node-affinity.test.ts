import { describe, expect, it } from 'vitest';
import type { JsonObject, KubeObject } from '../../apiserver/json.ts';
import { matchesNodeAffinity } from './node-affinity.ts';

const node: KubeObject = {
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: 'node-1', labels: { zone: 'a', disk: 'ssd', cores: '8' } },
};

function pod(spec: JsonObject): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec };
}

function required(...terms: JsonObject[]): KubeObject {
  return pod({
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms },
      },
    },
  });
}

const expr = (key: string, operator: string, values?: string[]): JsonObject => ({
  matchExpressions: [{ key, operator, ...(values === undefined ? {} : { values }) }],
});

describe('matchesNodeAffinity', () => {
  it.each([
    ['no constraints', pod({}), true],
    ['a matching nodeSelector', pod({ nodeSelector: { zone: 'a', disk: 'ssd' } }), true],
    ['a nodeSelector with a different value', pod({ nodeSelector: { zone: 'b' } }), false],
    ['a nodeSelector on a missing label', pod({ nodeSelector: { gpu: 'yes' } }), false],
    ['In', required(expr('zone', 'In', ['a', 'b'])), true],
    ['In without the value', required(expr('zone', 'In', ['b'])), false],
    ['NotIn', required(expr('zone', 'NotIn', ['b'])), true],
    ['NotIn on a missing label', required(expr('gpu', 'NotIn', ['x'])), true],
    ['NotIn with the value', required(expr('zone', 'NotIn', ['a'])), false],
    ['Exists', required(expr('disk', 'Exists')), true],
    ['Exists on a missing label', required(expr('gpu', 'Exists')), false],
    ['DoesNotExist', required(expr('gpu', 'DoesNotExist')), true],
    ['DoesNotExist on a present label', required(expr('disk', 'DoesNotExist')), false],
    ['Gt', required(expr('cores', 'Gt', ['4'])), true],
    ['Gt not met', required(expr('cores', 'Gt', ['8'])), false],
    ['Lt', required(expr('cores', 'Lt', ['16'])), true],
    ['Gt on a non-integer label', required(expr('zone', 'Gt', ['1'])), false],
    ['an unknown operator', required(expr('zone', 'Like', ['a'])), false],
    [
      'matchFields on metadata.name',
      required({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }] }),
      true,
    ],
    [
      'matchFields naming another node',
      required({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-2'] }] }),
      false,
    ],
    ['any of the terms', required(expr('zone', 'In', ['b']), expr('disk', 'In', ['ssd'])), true],
    [
      'all expressions of a term',
      required({
        matchExpressions: [
          { key: 'zone', operator: 'In', values: ['a'] },
          { key: 'disk', operator: 'In', values: ['hdd'] },
        ],
      }),
      false,
    ],
    ['an empty term', required({}), false],
    ['no terms', required(), false],
  ])('%s: %s', (_name, p, expected) => {
    expect(matchesNodeAffinity(p, node)).toBe(expected);
  });

  it('needs both the nodeSelector and the required affinity', () => {
    const both = required(expr('zone', 'In', ['a']));
    expect(matchesNodeAffinity(both, node)).toBe(true);
    (both['spec'] as JsonObject)['nodeSelector'] = { disk: 'hdd' };
    expect(matchesNodeAffinity(both, node)).toBe(false);
  });
});
