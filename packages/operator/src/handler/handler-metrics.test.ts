import type { VirtualMachineInstance } from '@podvisor/api';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { registerHandlerMetrics, vmiMetricSample } from './handler-metrics.ts';

const vmi: VirtualMachineInstance = {
  metadata: { name: 'vm1', namespace: 'ns1' },
  spec: { domain: { devices: {}, resources: { requests: { memory: '128Mi' } } } },
  status: { phase: 'Running', guestOSInfo: { name: 'Debian GNU/Linux', versionId: '12' } },
};

describe('handler metrics', () => {
  it('describes a VMI with KubeVirt’s label names and <none> for the unknown', () => {
    const sample = vmiMetricSample(vmi, 'node1', 'virt-launcher-vm1-abcde');
    expect(sample).toEqual({
      labels: {
        node: 'node1',
        namespace: 'ns1',
        name: 'vm1',
        phase: 'running',
        vmi_pod: 'virt-launcher-vm1-abcde',
        guest_os_name: 'Debian GNU/Linux',
        guest_os_version_id: '12',
        guest_os_kernel_release: '<none>',
        guest_os_machine: '<none>',
      },
      memoryBytes: 128 * 1024 * 1024,
    });
  });

  it('prefers domain.memory.guest over the memory request', () => {
    const guest: VirtualMachineInstance = {
      ...vmi,
      spec: { domain: { devices: {}, memory: { guest: '1Gi' } } },
    };
    expect(vmiMetricSample(guest, 'n').memoryBytes).toBe(1024 ** 3);
  });

  it('serves one info series and the domain memory per VMI', async () => {
    const registry = new Registry();
    registerHandlerMetrics(registry, () => [vmiMetricSample(vmi, 'node1')]);
    const text = await registry.metrics();
    expect(text).toMatch(
      /^kubevirt_vmi_info\{node="node1",namespace="ns1",name="vm1",phase="running",.*\} 1$/m,
    );
    expect(text).toContain(
      'kubevirt_vmi_memory_domain_bytes{node="node1",namespace="ns1",name="vm1"} 134217728',
    );
  });
});
