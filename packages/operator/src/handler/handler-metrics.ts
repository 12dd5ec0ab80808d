import { parseQuantity, type VirtualMachineInstance } from '@podvisor/api';
import { Gauge, type Registry } from 'prom-client';

/** One VMI's per-VMI gauge values, as virt-handler reports them. */
export interface VmiMetricSample {
  readonly labels: Readonly<Record<(typeof infoLabels)[number], string>>;
  /** The guest memory given to the domain, when the spec says it. */
  readonly memoryBytes?: number;
}

const infoLabels = [
  'node',
  'namespace',
  'name',
  'phase',
  'vmi_pod',
  'guest_os_name',
  'guest_os_version_id',
  'guest_os_kernel_release',
  'guest_os_machine',
] as const;

const none = '<none>';
const orNone = (value: string | undefined): string =>
  value === undefined || value === '' ? none : value;

function guestMemoryBytes(vmi: VirtualMachineInstance): number | undefined {
  const domain = vmi.spec.domain;
  const bytes = parseQuantity(domain.memory?.guest ?? domain.resources?.requests?.memory);
  return bytes === undefined ? undefined : Number(bytes);
}

/**
 * The gauges of `vmi` on `node` with KubeVirt's label names: `kubevirt_vmi_info` (phase in
 * lower case, the launcher pod, the guest OS as the agent reports it, `<none>` when unknown) and
 * `kubevirt_vmi_memory_domain_bytes` (the guest memory of the domain).
 */
export function vmiMetricSample(
  vmi: VirtualMachineInstance,
  node: string,
  podName?: string,
): VmiMetricSample {
  const os = vmi.status?.guestOSInfo;
  const memoryBytes = guestMemoryBytes(vmi);
  return {
    labels: {
      node,
      namespace: vmi.metadata.namespace ?? '',
      name: vmi.metadata.name ?? '',
      phase: orNone(vmi.status?.phase).toLowerCase(),
      vmi_pod: orNone(podName),
      guest_os_name: orNone(os?.name),
      guest_os_version_id: orNone(os?.versionId),
      guest_os_kernel_release: orNone(os?.kernelRelease),
      guest_os_machine: orNone(os?.machine),
    },
    ...(memoryBytes === undefined ? {} : { memoryBytes }),
  };
}

/**
 * Registers virt-handler's per-VMI gauges in `registry`, filled at each scrape from `samples`
 * (the VMIs on this node): `kubevirt_vmi_info` and `kubevirt_vmi_memory_domain_bytes`.
 */
export function registerHandlerMetrics(
  registry: Registry,
  samples: () => readonly VmiMetricSample[],
): void {
  new Gauge({
    name: 'kubevirt_vmi_info',
    help: 'Information about VirtualMachineInstances.',
    labelNames: infoLabels,
    registers: [registry],
    collect() {
      this.reset();
      for (const sample of samples()) this.set(sample.labels, 1);
    },
  });
  new Gauge({
    name: 'kubevirt_vmi_memory_domain_bytes',
    help: 'The amount of memory in bytes allocated to the domain. The `memory` value in domain xml file.',
    labelNames: ['node', 'namespace', 'name'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const { labels, memoryBytes } of samples()) {
        if (memoryBytes === undefined) continue;
        const { node, namespace, name } = labels;
        this.set({ node, namespace, name }, memoryBytes);
      }
    },
  });
}
