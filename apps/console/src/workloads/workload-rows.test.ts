// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { makeLauncherPod, makePod, makeVm, makeVmi } from './workload-fixtures.ts';
import { buildWorkloadRows } from './workload-rows.ts';

describe('buildWorkloadRows', () => {
  it('makes one row per pod and one per VM, with their fields', () => {
    const rows = buildWorkloadRows({
      pods: [
        makePod({
          name: 'web',
          namespace: 'apps',
          node: 'n1',
          ip: '10.0.0.5',
          labels: { app: 'web' },
        }),
      ],
      vms: [makeVm({ name: 'vm1', namespace: 'apps', status: 'Running' })],
      vmis: [makeVmi({ name: 'vm1', namespace: 'apps', node: 'n2', ip: '10.0.0.9' })],
    });
    expect(rows).toEqual([
      {
        key: 'Pod/apps/web',
        kind: 'Pod',
        namespace: 'apps',
        name: 'web',
        status: 'Running',
        node: 'n1',
        ip: '10.0.0.5',
        created: Date.parse('2025-01-01T00:00:00Z'),
        labels: { app: 'web' },
        related: undefined,
      },
      {
        key: 'VirtualMachine/apps/vm1',
        kind: 'VirtualMachine',
        namespace: 'apps',
        name: 'vm1',
        status: 'Running',
        node: 'n2',
        ip: '10.0.0.9',
        created: Date.parse('2025-01-01T00:00:00Z'),
        labels: {},
        related: undefined,
      },
    ]);
  });

  it('shows a VM without a printableStatus as Unknown, and without a VMI with no node or IP', () => {
    const [row] = buildWorkloadRows({ pods: [], vms: [makeVm({ name: 'vm1' })], vmis: [] });
    expect(row).toMatchObject({ status: 'Unknown', node: undefined, ip: undefined });
  });

  it('links a VM to its launcher pod and the launcher pod back to its VM', () => {
    const rows = buildWorkloadRows({
      pods: [makeLauncherPod({ name: 'virt-launcher-vm1-abcde', namespace: 'apps', vm: 'vm1' })],
      vms: [makeVm({ name: 'vm1', namespace: 'apps' })],
      vmis: [],
    });
    const pod = rows.find((row) => row.kind === 'Pod');
    const vm = rows.find((row) => row.kind === 'VirtualMachine');
    expect(vm?.related).toEqual({
      kind: 'Pod',
      namespace: 'apps',
      name: 'virt-launcher-vm1-abcde',
    });
    expect(pod?.related).toEqual({ kind: 'VirtualMachine', namespace: 'apps', name: 'vm1' });
  });

  it('does not link across namespaces', () => {
    const rows = buildWorkloadRows({
      pods: [makeLauncherPod({ name: 'virt-launcher-vm1-x', namespace: 'other', vm: 'vm1' })],
      vms: [makeVm({ name: 'vm1', namespace: 'apps' })],
      vmis: [],
    });
    expect(rows.map((row) => row.related)).toEqual([undefined, undefined]);
  });

  it('does not treat a pod that only carries the VM name label as a launcher pod', () => {
    const rows = buildWorkloadRows({
      pods: [makePod({ name: 'helper', labels: { 'vm.kubevirt.io/name': 'vm1' } })],
      vms: [makeVm({ name: 'vm1' })],
      vmis: [],
    });
    expect(rows.map((row) => row.related)).toEqual([undefined, undefined]);
  });

  it('links a launcher pod whose VM is gone to nothing', () => {
    const [row] = buildWorkloadRows({
      pods: [makeLauncherPod({ name: 'virt-launcher-old-x', vm: 'old' })],
      vms: [],
      vmis: [],
    });
    expect(row?.related).toBeUndefined();
  });

  it("links a migrating VM to the current VMI's live launcher pod, not the finished one", () => {
    const rows = buildWorkloadRows({
      pods: [
        makeLauncherPod({
          name: 'virt-launcher-vm1-old',
          vm: 'vm1',
          vmiUid: 'u1',
          phase: 'Succeeded',
          created: '2025-01-01T00:00:00Z',
        }),
        makeLauncherPod({
          name: 'virt-launcher-vm1-new',
          vm: 'vm1',
          vmiUid: 'u1',
          created: '2025-01-01T01:00:00Z',
        }),
        makeLauncherPod({
          name: 'virt-launcher-vm1-stale',
          vm: 'vm1',
          vmiUid: 'u0',
          created: '2025-01-01T02:00:00Z',
        }),
      ],
      vms: [makeVm({ name: 'vm1' })],
      vmis: [makeVmi({ name: 'vm1', uid: 'u1' })],
    });
    const vm = rows.find((row) => row.kind === 'VirtualMachine');
    expect(vm?.related?.name).toBe('virt-launcher-vm1-new');
  });

  it('builds 10,000 rows from lookup maps (every VM linked to its own pod)', () => {
    const count = 5_000;
    const vms = Array.from({ length: count }, (_, i) =>
      makeVm({ name: `vm-${i}`, namespace: `ns-${i % 50}` }),
    );
    const pods = Array.from({ length: count }, (_, i) =>
      makeLauncherPod({ name: `virt-launcher-vm-${i}`, namespace: `ns-${i % 50}`, vm: `vm-${i}` }),
    );
    const rows = buildWorkloadRows({ pods, vms, vmis: [] });
    expect(rows).toHaveLength(2 * count);
    expect(rows.every((row) => row.related !== undefined)).toBe(true);
    expect(rows.find((row) => row.name === 'vm-4321')?.related?.name).toBe('virt-launcher-vm-4321');
  });
});
