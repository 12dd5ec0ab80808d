import { describe, expect, it } from 'vitest';
import {
  findUntoleratedTaint,
  toleratesTaint,
  type Taint,
  type Toleration,
} from './tolerates-taint.ts';

const taint: Taint = { key: 'dedicated', value: 'db', effect: 'NoSchedule' };
const toleration = (t: Partial<Toleration>): Toleration => ({
  key: '',
  operator: '',
  value: '',
  effect: '',
  ...t,
});

describe('toleratesTaint', () => {
  it.each([
    [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }, true],
    [{ key: 'dedicated', value: 'db' }, true],
    [{ key: 'dedicated', operator: 'Equal', value: 'web' }, false],
    [{ key: 'dedicated', operator: 'Exists' }, true],
    [{ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }, false],
    [{ key: 'other', operator: 'Exists' }, false],
    [{ operator: 'Exists' }, true],
    [{ operator: 'Exists', effect: 'NoSchedule' }, true],
  ])('%j tolerates dedicated=db:NoSchedule: %s', (t, expected) => {
    expect(toleratesTaint(toleration(t), taint)).toBe(expected);
  });

  it('finds the first taint of the given effects that nothing tolerates', () => {
    const taints: Taint[] = [
      { key: 'soft', value: '', effect: 'PreferNoSchedule' },
      taint,
      { key: 'node.kubernetes.io/unreachable', value: '', effect: 'NoExecute' },
    ];
    expect(findUntoleratedTaint(taints, [], ['NoSchedule', 'NoExecute'])).toBe(taint);
    expect(
      findUntoleratedTaint(
        taints,
        [toleration({ key: 'dedicated', operator: 'Exists' })],
        ['NoSchedule', 'NoExecute'],
      )?.key,
    ).toBe('node.kubernetes.io/unreachable');
    expect(findUntoleratedTaint(taints, [toleration({ operator: 'Exists' })], ['NoSchedule'])).toBe(
      undefined,
    );
  });
});
