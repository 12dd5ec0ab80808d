import { describe, expect, it } from 'vitest';
import { labelSelectorFromSpec } from '../../apiserver/selectors/index.ts';
import { planClaims } from './claim-objects.ts';
import { testPod, testWorkload } from './test-objects.ts';

const owner = { kind: 'ReplicaSet', name: 'web', uid: 'uid-web' };
const names = (pods: readonly { metadata: Record<string, unknown> }[]): string[] =>
  pods.map((p) => String(p.metadata['name']));

describe('planClaims', () => {
  const rs = testWorkload('ReplicaSet', 'web');
  const selector = labelSelectorFromSpec({ matchLabels: { app: 'web' } });

  it('keeps, adopts, releases and ignores as the controller-ref manager does', () => {
    const plan = planClaims(rs, selector, [
      testPod({ name: 'mine', labels: { app: 'web' }, owner }),
      testPod({ name: 'orphan', labels: { app: 'web' } }),
      testPod({ name: 'stray', labels: { app: 'other' }, owner }),
      testPod({ name: 'theirs', labels: { app: 'web' }, owner: { ...owner, uid: 'uid-x' } }),
      testPod({ name: 'dying-orphan', labels: { app: 'web' }, deleting: true }),
      testPod({ name: 'unrelated', labels: { app: 'other' } }),
    ]);
    expect(names(plan.owned)).toEqual(['mine']);
    expect(names(plan.adopt)).toEqual(['orphan']);
    expect(names(plan.release)).toEqual(['stray']);
  });

  it('neither adopts nor releases while the owner is being deleted', () => {
    const dying = testWorkload('ReplicaSet', 'web', {
      metadata: { deletionTimestamp: '2024-01-01T00:00:00Z' },
    });
    const plan = planClaims(dying, selector, [
      testPod({ name: 'orphan', labels: { app: 'web' } }),
      testPod({ name: 'stray', labels: { app: 'other' }, owner }),
    ]);
    expect([plan.adopt, plan.release]).toEqual([[], []]);
  });
});
