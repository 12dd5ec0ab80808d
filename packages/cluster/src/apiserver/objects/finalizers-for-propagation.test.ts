import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../apiserver/json.ts';
import { finalizersForPropagation, type PropagationPolicy } from './finalizers-for-propagation.ts';

const obj = (finalizers: string[]): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'x', finalizers },
});

describe('finalizersForPropagation', () => {
  it.each<[PropagationPolicy | undefined, string[], string[]]>([
    ['Background', [], []],
    [undefined, [], []],
    ['Foreground', [], ['foregroundDeletion']],
    ['Orphan', [], ['orphan']],
    ['Foreground', ['example.com/keep'], ['example.com/keep', 'foregroundDeletion']],
    ['Orphan', ['foregroundDeletion', 'example.com/keep'], ['example.com/keep', 'orphan']],
    ['Background', ['orphan', 'example.com/keep'], ['example.com/keep']],
    [undefined, ['orphan'], ['orphan']],
    [undefined, ['foregroundDeletion', 'x/y'], ['x/y', 'foregroundDeletion']],
  ])('policy %s on finalizers %j gives %j', (policy, current, expected) => {
    expect(finalizersForPropagation(policy, obj(current))).toEqual(expected);
  });

  it('falls back to the resource default without a policy or an existing choice', () => {
    expect(finalizersForPropagation(undefined, obj([]), 'Orphan')).toEqual(['orphan']);
    expect(finalizersForPropagation('Background', obj([]), 'Orphan')).toEqual([]);
  });
});
