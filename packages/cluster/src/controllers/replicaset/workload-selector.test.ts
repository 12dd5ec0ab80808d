import { TerminalError } from '@podvisor/kube';
import { describe, expect, it } from 'vitest';
import { testWorkload } from './test-objects.ts';
import { workloadSelector } from './workload-selector.ts';

describe('workloadSelector', () => {
  it.each([
    ['a missing selector', undefined, 'spec.selector: Required value'],
    ['an empty selector', {}, 'empty selector is invalid for replicaset'],
    [
      'a selector the template does not match',
      { matchLabels: { app: 'other' } },
      '`selector` does not match template `labels`',
    ],
    [
      'a malformed selector',
      { matchExpressions: [{ key: 'a', operator: 'Near' }] },
      'spec.selector: Invalid value',
    ],
  ])('rejects %s as terminal', (_, selector, message) => {
    const rs = testWorkload('ReplicaSet', 'web');
    const spec = rs['spec'] as Record<string, unknown>;
    if (selector === undefined) Reflect.deleteProperty(spec, 'selector');
    else spec['selector'] = selector;
    expect(() => workloadSelector(rs)).toThrow(TerminalError);
    expect(() => workloadSelector(rs)).toThrow(message);
  });

  it('accepts a selector its template matches', () => {
    expect(workloadSelector(testWorkload('ReplicaSet', 'web')).requirements).toHaveLength(1);
  });
});
