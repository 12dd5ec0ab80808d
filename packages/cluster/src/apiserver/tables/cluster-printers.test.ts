import { describe, expect, it } from 'vitest';
import {
  apiServicePrinter,
  clusterRoleBindingPrinter,
  leasePrinter,
  roleBindingPrinter,
  webhookConfigurationPrinter,
} from './cluster-printers.ts';
import { testNow, testObject } from './test-objects.ts';

describe('cluster printers', () => {
  it('prints a lease holder', () => {
    expect(
      leasePrinter.row(testObject('Lease', { spec: { holderIdentity: 'n1' } }), testNow).cells,
    ).toEqual(['x', 'n1', '5m']);
  });

  it('prints a binding with its subjects by kind', () => {
    const binding = testObject('RoleBinding', {
      roleRef: { kind: 'ClusterRole', name: 'view' },
      subjects: [
        { kind: 'User', name: 'alice' },
        { kind: 'User', name: 'bob' },
        { kind: 'Group', name: 'devs' },
        { kind: 'ServiceAccount', name: 'robot', namespace: 'ci' },
      ],
    });
    expect(roleBindingPrinter.row(binding, testNow).cells).toEqual([
      'x',
      'ClusterRole/view',
      '5m',
      'alice, bob',
      'devs',
      'ci/robot',
    ]);
    expect(clusterRoleBindingPrinter.columns[3]?.description).toBe(
      'Users in the clusterRoleBinding',
    );
  });

  it('counts webhooks', () => {
    const config = testObject('ValidatingWebhookConfiguration', {
      webhooks: [{ name: 'a' }, { name: 'b' }],
    });
    expect(webhookConfigurationPrinter.row(config, testNow).cells).toEqual(['x', 2, '5m']);
  });

  it.each([
    [{ spec: {} }, 'Local', 'Unknown'],
    [
      {
        spec: {},
        status: { conditions: [{ type: 'Available', status: 'True', reason: 'Local' }] },
      },
      'Local',
      'True',
    ],
    [
      {
        spec: { service: { namespace: 'kube-system', name: 'metrics' } },
        status: {
          conditions: [{ type: 'Available', status: 'False', reason: 'MissingEndpoints' }],
        },
      },
      'kube-system/metrics',
      'False (MissingEndpoints)',
    ],
  ])('prints the API service %j', (body, service, available) => {
    expect(apiServicePrinter.row(testObject('APIService', body), testNow).cells).toEqual([
      'x',
      service,
      available,
      '5m',
    ]);
  });
});
