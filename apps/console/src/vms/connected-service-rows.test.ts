import { describe, expect, it } from 'vitest';
import { makeLauncherPod } from '../workloads/workload-fixtures.ts';
import {
  connectedServiceRows,
  formatServicePort,
  type VmPodLabels,
  vmPodLabels,
} from './connected-service-rows.ts';
import type { Endpoints, Service, ServicePort } from './service.ts';
import { vmFixture } from './vm-fixtures.ts';

const base = vmFixture({ name: 'vm-n' });
const vm = {
  ...base,
  spec: {
    ...base.spec,
    template: { ...base.spec.template, metadata: { labels: { app: 'shop' } } },
  },
};

function launcher(name: string, phase: string, labels: Record<string, string> = {}) {
  return makeLauncherPod({ name, namespace: 'apps', vm: 'vm-n', phase, labels });
}

describe('vmPodLabels', () => {
  it('takes the labels of the live launcher pods and names every launcher pod', () => {
    const pods = [
      launcher('virt-launcher-vm-n-old', 'Failed', { app: 'old' }),
      launcher('virt-launcher-vm-n-abc', 'Running', { app: 'shop' }),
    ];
    const result = vmPodLabels(vm, pods);
    expect(result.running).toBe(true);
    expect(result.labelSets).toEqual([
      { 'kubevirt.io': 'virt-launcher', 'vm.kubevirt.io/name': 'vm-n', app: 'shop' },
    ]);
    expect([...result.podNames]).toEqual(['virt-launcher-vm-n-old', 'virt-launcher-vm-n-abc']);
  });

  it.each([
    ['no launcher pod', []],
    ['only finished launcher pods', [launcher('virt-launcher-vm-n-old', 'Succeeded')]],
  ])('with %s, uses the labels the next launcher pod will carry', (_, pods) => {
    const result = vmPodLabels(vm, pods);
    expect(result.running).toBe(false);
    expect(result.labelSets).toEqual([
      { app: 'shop', 'kubevirt.io': 'virt-launcher', 'vm.kubevirt.io/name': 'vm-n' },
    ]);
  });
});

describe('formatServicePort', () => {
  it.each<[ServicePort, string]>([
    [{ port: 80 }, '80→80/TCP'],
    [{ port: 80, targetPort: 8080, protocol: 'TCP' }, '80→8080/TCP'],
    [{ port: 53, targetPort: 'dns', protocol: 'UDP' }, '53→dns/UDP'],
    [{ port: 22, targetPort: 22, nodePort: 30022 }, '22→22/TCP (node port 30022)'],
  ])('writes %j as %s', (port, text) => {
    expect(formatServicePort(port)).toBe(text);
  });
});

function service(name: string, spec: NonNullable<Service['spec']>): Service {
  return { metadata: { name, namespace: 'apps' }, spec };
}

function pod(name: string, ip: string) {
  return { ip, targetRef: { kind: 'Pod', name, namespace: 'apps' } };
}

const vmPods: VmPodLabels = {
  labelSets: [{ app: 'shop', 'vm.kubevirt.io/name': 'vm-n' }],
  podNames: new Set(['virt-launcher-vm-n-abc']),
  running: true,
};

describe('connectedServiceRows', () => {
  it('lists the selecting Services with their ports and the pods their Endpoints connect', () => {
    const services = [
      service('shop', {
        type: 'NodePort',
        clusterIP: '10.96.0.10',
        selector: { app: 'shop' },
        ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }],
      }),
      service('other', { selector: { app: 'other' } }),
      service('vm-n', { clusterIP: 'None', selector: { 'vm.kubevirt.io/name': 'vm-n' } }),
      service('manual', { clusterIP: '10.96.0.11' }),
    ];
    const endpoints: Endpoints[] = [
      {
        metadata: { name: 'shop', namespace: 'apps' },
        subsets: [
          {
            addresses: [pod('db-0', '10.244.0.7'), pod('virt-launcher-vm-n-abc', '10.244.0.5')],
            notReadyAddresses: [pod('web-1', '10.244.0.9'), pod('db-0', '10.244.0.7')],
          },
          { addresses: [pod('db-0', '10.244.0.7'), { ip: '192.0.2.1' }] },
        ],
      },
      { metadata: { name: 'other', namespace: 'apps' }, subsets: [] },
    ];
    expect(connectedServiceRows({ services, endpoints, vmPods })).toEqual([
      {
        name: 'shop',
        type: 'NodePort',
        clusterIP: '10.96.0.10',
        ports: ['80→8080/TCP (node port 30080)'],
        pods: [
          { name: 'virt-launcher-vm-n-abc', isPod: true, thisVm: true, ready: true },
          { name: '192.0.2.1', isPod: false, thisVm: false, ready: true },
          { name: 'db-0', isPod: true, thisVm: false, ready: true },
          { name: 'web-1', isPod: true, thisVm: false, ready: false },
        ],
      },
      { name: 'vm-n', type: 'ClusterIP', clusterIP: 'None', ports: [], pods: undefined },
    ]);
  });

  it('matches a Service selecting any of the label sets (a migrating VM has two pods)', () => {
    const services = [service('target', { selector: { zone: 'b' } })];
    const twoPods: VmPodLabels = { ...vmPods, labelSets: [{ zone: 'a' }, { zone: 'b' }] };
    const rows = connectedServiceRows({ services, endpoints: [], vmPods: twoPods });
    expect(rows.map((row) => row.name)).toEqual(['target']);
  });

  it('gives no cluster IP while none is allocated, and no pods for empty Endpoints', () => {
    const services = [service('shop', { clusterIP: '', selector: { app: 'shop' } })];
    const endpoints: Endpoints[] = [{ metadata: { name: 'shop', namespace: 'apps' } }];
    expect(connectedServiceRows({ services, endpoints, vmPods })).toEqual([
      { name: 'shop', type: 'ClusterIP', clusterIP: undefined, ports: [], pods: [] },
    ]);
  });
});
