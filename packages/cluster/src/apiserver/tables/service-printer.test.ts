import { describe, expect, it } from 'vitest';
import type { Json } from '../json.ts';
import { endpointsPrinter, servicePrinter } from './service-printer.ts';
import { testNow, testObject } from './test-objects.ts';

describe('servicePrinter', () => {
  it.each<[Record<string, Json>, Json[]]>([
    [
      {
        spec: {
          type: 'ClusterIP',
          clusterIP: '10.96.0.10',
          clusterIPs: ['10.96.0.10'],
          ports: [
            { port: 53, protocol: 'UDP' },
            { port: 53, protocol: 'TCP' },
          ],
          selector: { k8s: 'dns', app: 'x' },
        },
      },
      ['x', 'ClusterIP', '10.96.0.10', '<none>', '53/UDP,53/TCP', '5m', 'app=x,k8s=dns'],
    ],
    [
      {
        spec: {
          type: 'NodePort',
          clusterIPs: ['10.0.0.1'],
          externalIPs: ['1.2.3.4'],
          ports: [{ port: 80, nodePort: 30080 }],
        },
      },
      ['x', 'NodePort', '10.0.0.1', '1.2.3.4', '80:30080/TCP', '5m', '<none>'],
    ],
    [
      { spec: { type: 'LoadBalancer', clusterIP: '10.0.0.2', ports: [] } },
      ['x', 'LoadBalancer', '10.0.0.2', '<pending>', '<none>', '5m', '<none>'],
    ],
    [
      {
        spec: { type: 'LoadBalancer', externalIPs: ['9.9.9.9'] },
        status: { loadBalancer: { ingress: [{ hostname: 'lb.example' }, { ip: '5.5.5.5' }] } },
      },
      ['x', 'LoadBalancer', '<none>', '5.5.5.5,lb.example,9.9.9.9', '<none>', '5m', '<none>'],
    ],
    [
      { spec: { type: 'ExternalName', externalName: 'db.example.com' } },
      ['x', 'ExternalName', '<none>', 'db.example.com', '<none>', '5m', '<none>'],
    ],
    [
      { spec: { clusterIP: 'None', clusterIPs: ['None'] } },
      ['x', '', 'None', '<unknown>', '<none>', '5m', '<none>'],
    ],
  ])('prints %j', (body, cells) => {
    expect(servicePrinter.row(testObject('Service', body), testNow).cells).toEqual(cells);
  });
});

describe('endpointsPrinter', () => {
  it.each<[Json, string]>([
    [[], '<none>'],
    [[{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }], '10.0.0.1:80'],
    [[{ addresses: [{ ip: 'fd00::1' }], ports: [{ port: 80 }] }], '[fd00::1]:80'],
    [[{ addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }] }], '10.0.0.1,10.0.0.2'],
    [
      [
        {
          addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }, { ip: '10.0.0.3' }],
          ports: [{ port: 80 }, { port: 443 }],
        },
      ],
      '10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 3 more...',
    ],
  ])('prints subsets %j as %j', (subsets, text) => {
    expect(endpointsPrinter.row(testObject('Endpoints', { subsets }), testNow).cells).toEqual([
      'x',
      text,
      '5m',
    ]);
  });
});
