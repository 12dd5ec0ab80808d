import { describe, expect, it } from 'vitest';
import { defaultClusterConfig } from '../cluster-config.ts';
import type { VirtualMachineInstanceReplicaSet } from '../generated/kubevirt-types.ts';
import type { FieldError } from './field-error.ts';
import type { Loose } from './loose.ts';
import { baseSpec, deepFreeze, replicaSetWith, withSpec } from './test-fixtures.ts';
import { validateVirtualMachineInstanceReplicaSet } from './validate-replica-set.ts';

type Expected = [field: string, type: FieldError['type']][];
type Spec = Loose<VirtualMachineInstanceReplicaSet>['spec'];

const template = { metadata: { labels: { app: 'web', tier: 'front' } }, spec: baseSpec() };
const rs = (over: Spec): Spec => ({
  replicas: 2,
  selector: { matchLabels: { app: 'web' } },
  template,
  ...over,
});

function check(spec: Spec): Expected {
  const errors = validateVirtualMachineInstanceReplicaSet(
    deepFreeze(replicaSetWith(spec)),
    defaultClusterConfig,
  );
  return errors.map((e) => [e.field, e.type]);
}

describe('validateVirtualMachineInstanceReplicaSet', () => {
  it.each<[string, Spec]>([
    ['a selector matching the template labels', rs({})],
    ['0 replicas', rs({ replicas: 0 })],
    [
      'matchExpressions that match',
      rs({
        selector: {
          matchExpressions: [
            { key: 'tier', operator: 'In', values: ['front', 'back'] },
            { key: 'db', operator: 'DoesNotExist' },
          ],
        },
      }),
    ],
    ['an empty selector (selects everything)', rs({ selector: {} })],
  ])('accepts %s', (_, spec) => {
    expect(check(spec)).toEqual([]);
  });

  it.each<[string, Spec, Expected]>([
    ['negative replicas', rs({ replicas: -1 }), [['spec.replicas', 'FieldValueInvalid']]],
    [
      'no selector',
      rs({ selector: undefined as never }),
      [['spec.selector', 'FieldValueRequired']],
    ],
    [
      'a selector that does not match',
      rs({ selector: { matchLabels: { app: 'db' } } }),
      [['spec.selector', 'FieldValueInvalid']],
    ],
    [
      'an expression that does not match',
      rs({
        selector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] },
      }),
      [['spec.selector', 'FieldValueInvalid']],
    ],
    [
      'an unknown operator',
      rs({ selector: { matchExpressions: [{ key: 'tier', operator: 'Near' }] } }),
      [['spec.selector', 'FieldValueInvalid']],
    ],
    [
      'In without values',
      rs({ selector: { matchExpressions: [{ key: 'tier', operator: 'In' }] } }),
      [['spec.selector', 'FieldValueInvalid']],
    ],
    ['no template', { replicas: 1, selector: {} }, [['spec.template', 'FieldValueRequired']]],
    [
      'an invalid template',
      rs({
        template: {
          metadata: template.metadata,
          spec: withSpec({ terminationGracePeriodSeconds: -5 }),
        },
      }),
      [['spec.template.spec.terminationGracePeriodSeconds', 'FieldValueInvalid']],
    ],
  ])('rejects %s', (_, spec, expected) => {
    expect(check(spec)).toEqual(expected);
  });
});
