// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { Pod } from '../workloads/pod.ts';
import { makePod } from '../workloads/workload-fixtures.ts';
import { podPhaseCounts } from './pod-phase-counts.ts';

const noPhase: Pod = { metadata: { name: 'new' } };

describe('podPhaseCounts', () => {
  it.each<[Pod[], number[]]>([
    [[], [0, 0, 0, 0, 0]],
    [
      [
        makePod({ name: 'a' }),
        makePod({ name: 'b', phase: 'Running' }),
        makePod({ name: 'c', phase: 'Pending' }),
        makePod({ name: 'd', phase: 'Succeeded' }),
        makePod({ name: 'e', phase: 'Failed' }),
      ],
      [2, 1, 1, 1, 0],
    ],
    [
      [noPhase, makePod({ name: 'odd', phase: 'Exploded' })],
      [0, 0, 0, 0, 2],
    ],
  ])(
    'counts the pods by phase, in order Running, Pending, Succeeded, Failed, Unknown',
    (pods, counts) => {
      const result = podPhaseCounts(pods);
      expect(result.map((entry) => entry.phase)).toEqual([
        'Running',
        'Pending',
        'Succeeded',
        'Failed',
        'Unknown',
      ]);
      expect(result.map((entry) => entry.count)).toEqual(counts);
    },
  );
});
