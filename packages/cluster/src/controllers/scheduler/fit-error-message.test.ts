import { describe, expect, it } from 'vitest';
import { fitErrorMessage } from './fit-error-message.ts';

const affinity = "node(s) didn't match Pod's node affinity/selector";

describe('fitErrorMessage', () => {
  it('counts the reasons of every node, sorted as kube-scheduler sorts them', () => {
    expect(
      fitErrorMessage(2, [
        {
          reasons: ['node(s) had untolerated taint {node.kubernetes.io/not-ready: }'],
          resolvable: false,
        },
        { reasons: [affinity], resolvable: false },
      ]),
    ).toBe(
      "0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
    );
  });

  it('tells resource shortages, where preemption finds no victims, from the rest', () => {
    expect(
      fitErrorMessage(3, [
        { reasons: ['Insufficient cpu', 'Insufficient memory'], resolvable: true },
        { reasons: ['Insufficient cpu'], resolvable: true },
        { reasons: ['node(s) had untolerated taint {dedicated: db}'], resolvable: false },
      ]),
    ).toBe(
      '0/3 nodes are available: 1 Insufficient memory, 1 node(s) had untolerated taint {dedicated: db}, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
    );
  });

  it('says there are no nodes at all when there are none', () => {
    expect(fitErrorMessage(0, [])).toBe('no nodes available to schedule pods');
  });
});
