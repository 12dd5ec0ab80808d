import type { VirtualMachine, VirtualMachineInstance } from '@podvisor/api';
import { cleanup, render, screen, within } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeK8s } from '../app/fake-k8s.ts';
import { KubeError } from '../k8s/kube-error.ts';
import { tableRowTexts } from '../shared/table-text.ts';
import { makeLauncherPod, makePod } from '../workloads/workload-fixtures.ts';
import { fakeVmK8s } from './fake-vm-k8s.ts';
import type { Endpoints, Service } from './service.ts';
import { vmFixture, vmiFixture } from './vm-fixtures.ts';
import { VmNetworkTab } from './VmNetworkTab.tsx';

vi.mock('../k8s/index.ts', async () => (await import('./fake-vm-k8s.ts')).fakeVmK8sModule);

beforeEach(() => {
  fakeVmK8s.reset();
});
afterEach(cleanup);

function renderTab(props: {
  readonly vm: VirtualMachine;
  readonly vmi: VirtualMachineInstance | undefined;
}): void {
  const router = createMemoryRouter(
    [{ path: '/vms/:namespace/:name', element: <VmNetworkTab vm={props.vm} vmi={props.vmi} /> }],
    { initialEntries: [`/vms/apps/${props.vm.metadata.name ?? ''}`] },
  );
  render(<RouterProvider router={router} />);
}

const vm = vmFixture({
  name: 'vm-n',
  devices: {
    interfaces: [
      { name: 'default', masquerade: {} },
      { name: 'storage', bridge: {}, macAddress: '02:00:00:00:00:02' },
      { name: 'orphan', bridge: {} },
    ],
  },
  networks: [
    { name: 'default', pod: {} },
    { name: 'storage', multus: { networkName: 'storage-net' } },
  ],
});
const vmi = vmiFixture({
  name: 'vm-n',
  interfaces: [
    {
      name: 'default',
      ipAddress: '10.0.2.2',
      ipAddresses: ['10.0.2.2', 'fd10:0:2::2'],
      mac: '02:00:00:00:00:01',
      interfaceName: 'enp1s0',
      linkState: 'up',
    },
    { interfaceName: 'lo', ipAddresses: ['127.0.0.1'] },
  ],
});

function rows(): HTMLElement[] {
  const table = screen.getByRole('grid', { name: 'Network interfaces' });
  return within(table).getAllByRole('row').slice(1);
}

function cells(row: HTMLElement | undefined): (string | null)[] {
  return row === undefined
    ? []
    : within(row)
        .getAllByRole('cell')
        .map((cell) => cell.textContent);
}

describe('VmNetworkTab', () => {
  it('lists each interface with its network and what the guest reports', () => {
    renderTab({ vm, vmi });
    const [first, second, third, fourth] = rows();
    expect(cells(first)).toEqual([
      'default',
      'virtio',
      'masquerade',
      'Pod network',
      '02:00:00:00:00:01',
      '10.0.2.2fd10:0:2::2',
      'enp1s0',
      'up',
    ]);
    expect(
      within(first ?? document.body)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['10.0.2.2', 'fd10:0:2::2']);
    expect(cells(second)).toEqual([
      'storage',
      'virtio',
      'bridge',
      'Multus: storage-net',
      '02:00:00:00:00:02',
      '-',
      '-',
      '-',
    ]);
    expect(cells(third)[3]).toBe('No network named orphan');
    expect(cells(fourth)).toEqual([
      'lo reported by the guest',
      '-',
      '-',
      '-',
      '-',
      '127.0.0.1',
      'lo',
      '-',
    ]);
  });

  it("marks KubeVirt's default interface of a VM that declares none", () => {
    renderTab({ vm: vmFixture({ name: 'plain' }), vmi: undefined });
    expect(cells(rows()[0]).slice(0, 4)).toEqual([
      'default added by default',
      'virtio',
      'masquerade',
      'Pod network',
    ]);
    expect(screen.getByText(/The virtual machine is not running/)).toBeDefined();
  });

  it('says so when the VM has no interfaces', () => {
    const bare = vmFixture({ name: 'bare', devices: { autoattachPodInterface: false } });
    renderTab({ vm: bare, vmi: undefined });
    expect(screen.getByText('This virtual machine has no network interfaces.')).toBeDefined();
  });
});

const launcherPod = makeLauncherPod({
  name: 'virt-launcher-vm-n-abc',
  namespace: 'apps',
  vm: 'vm-n',
  vmiUid: 'vmi-uid-vm-n',
  labels: { app: 'shop' },
});

function service(name: string, selector: Record<string, string>): Service {
  return {
    metadata: { name, namespace: 'apps' },
    spec: {
      type: 'ClusterIP',
      clusterIP: '10.96.0.10',
      selector,
      ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }],
    },
  };
}

function endpoints(name: string, pods: readonly string[]): Endpoints {
  return {
    metadata: { name, namespace: 'apps' },
    subsets: [
      {
        addresses: pods.map((pod, index) => ({
          ip: `10.244.0.${String(index + 5)}`,
          targetRef: { kind: 'Pod', name: pod, namespace: 'apps' },
        })),
      },
    ],
  };
}

function seed(services: readonly Service[], list: readonly Endpoints[] = []): void {
  fakeK8s.setWatch('pods', [
    [launcherPod, makePod({ name: 'db-0', namespace: 'apps' })],
    true,
    undefined,
  ]);
  fakeK8s.setWatch('services', [services, true, undefined]);
  fakeK8s.setWatch('endpoints', [list, true, undefined]);
}

function forbidden(resource: string): KubeError {
  return new KubeError({
    code: 403,
    reason: 'Forbidden',
    message: `${resource} is forbidden: User "alice" cannot list resource "${resource}" in the namespace "apps"`,
  });
}

describe('VmNetworkTab: connected services', () => {
  it('watches the Services and Endpoints of the namespace, live', () => {
    seed([]);
    renderTab({ vm, vmi });
    const watched = fakeK8s.watched.map((w) => [
      w.groupVersionResource.resource,
      w.namespace,
      w.isList,
    ]);
    expect(watched).toContainEqual(['services', 'apps', true]);
    expect(watched).toContainEqual(['endpoints', 'apps', true]);
  });

  it("lists a Service selecting the VM with the pods it connects, the VM's own marked", () => {
    seed(
      [service('shop', { app: 'shop' })],
      [endpoints('shop', ['db-0', 'virt-launcher-vm-n-abc'])],
    );
    renderTab({ vm, vmi });
    const region = screen.getByRole('region', { name: 'Connected services' });
    expect(
      within(region)
        .getAllByRole('columnheader')
        .map((th) => th.textContent),
    ).toEqual(['Name', 'Type', 'Cluster IP', 'Ports', 'Pods']);
    expect(tableRowTexts('Connected services')).toEqual([
      ['shop', 'ClusterIP', '10.96.0.10', '80→8080/TCP', 'virt-launcher-vm-n-abc this VMdb-0'],
    ]);
    const links = within(screen.getByRole('grid', { name: 'Connected services' })).getAllByRole(
      'link',
    );
    expect(links.map((link) => [link.textContent, link.getAttribute('href')])).toEqual([
      ['virt-launcher-vm-n-abc', '/pods/apps/virt-launcher-vm-n-abc'],
      ['db-0', '/pods/apps/db-0'],
    ]);
  });

  it("leaves out the Services whose selector does not match the VM's pod", () => {
    seed([
      service('other', { app: 'other' }),
      service('shop', { app: 'shop' }),
      service('wider', { app: 'shop', tier: 'db' }),
    ]);
    renderTab({ vm, vmi });
    expect(tableRowTexts('Connected services').map((cells) => cells[0])).toEqual(['shop']);
  });

  it('shows the expose command when no Service selects the VM', () => {
    seed([service('other', { app: 'other' })]);
    renderTab({ vm, vmi });
    expect(screen.getByRole('heading', { name: 'No Service selects this VM' })).toBeDefined();
    expect(screen.queryByRole('grid', { name: 'Connected services' })).toBeNull();
    const command = screen.getByRole('textbox', {
      name: 'Command that exposes the virtual machine',
    });
    expect((command as HTMLInputElement).value).toBe(
      'kubectl virt expose vm vm-n -n apps --name vm-n --port 80',
    );
    expect(screen.getByRole('button', { name: 'Copy the command' })).toBeDefined();
  });

  it('says the user may not list Services, and keeps the interfaces', () => {
    seed([]);
    fakeK8s.setWatch('services', [[], false, forbidden('services')]);
    renderTab({ vm, vmi });
    const region = screen.getByRole('region', { name: 'Connected services' });
    expect(within(region).getByText('You may not list services')).toBeDefined();
    expect(screen.getByRole('grid', { name: 'Network interfaces' })).toBeDefined();
  });

  it('still lists the Services when the user may not list Endpoints, without their pods', () => {
    seed([service('shop', { app: 'shop' })]);
    fakeK8s.setWatch('endpoints', [[], false, forbidden('endpoints')]);
    renderTab({ vm, vmi });
    expect(
      screen.getByText('You may not list endpoints: the pods each Service connects are not shown'),
    ).toBeDefined();
    expect(tableRowTexts('Connected services')).toEqual([
      ['shop', 'ClusterIP', '10.96.0.10', '80→8080/TCP', '-'],
    ]);
  });
});
