import { describe, expect, it } from 'vitest';
import { podsToDelete } from './pods-to-delete.ts';
import { testPod } from './test-objects.ts';

const names = (pods: readonly { metadata: Record<string, unknown> }[]): string[] =>
  pods.map((p) => String(p.metadata['name']));

describe('podsToDelete', () => {
  it.each([
    ['unscheduled before scheduled', [{ name: 'a', node: 'n1' }, { name: 'b' }], 'b'],
    [
      'Pending before Running',
      [
        { name: 'a', phase: 'Running' },
        { name: 'b', phase: 'Pending' },
      ],
      'b',
    ],
    [
      'not ready before ready',
      [
        { name: 'a', phase: 'Running', readySince: '2024-01-01T00:00:00Z' },
        { name: 'b', phase: 'Running' },
      ],
      'b',
    ],
    [
      'the most recently ready first',
      [
        { name: 'a', phase: 'Running', readySince: '2024-01-01T00:00:10Z' },
        { name: 'b', phase: 'Running', readySince: '2024-01-01T00:00:50Z' },
      ],
      'b',
    ],
    [
      'more restarts first',
      [
        { name: 'a', restarts: 0 },
        { name: 'b', restarts: 3 },
      ],
      'b',
    ],
    [
      'the newest first',
      [
        { name: 'a', created: '2024-01-01T00:00:00Z' },
        { name: 'b', created: '2024-01-01T00:00:09Z' },
      ],
      'b',
    ],
  ])('prefers %s', (_, specs, expected) => {
    expect(names(podsToDelete(specs.map(testPod), 1))).toEqual([expected]);
  });

  it('deletes pods crowded on one node before a lone one', () => {
    const pods = [
      testPod({ name: 'lone', node: 'n1', created: '2024-01-01T00:00:09Z' }),
      testPod({ name: 'a', node: 'n2' }),
      testPod({ name: 'b', node: 'n2' }),
    ];
    expect(names(podsToDelete(pods, 2))).toEqual(['a', 'b']);
  });
});
