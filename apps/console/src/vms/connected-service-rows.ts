import type { VirtualMachine } from '@podvisor/api';
import { appLauncherLabels, labels } from '@podvisor/api';
import type { K8sObject } from '../k8s/index.ts';
import type { EndpointAddress, Endpoints, Service, ServicePort } from './service.ts';
import { serviceSelects } from './services-selecting.ts';

/** A launcher pod, as far as the panel reads it. */
export interface LauncherPodLike extends K8sObject {
  readonly status?: { readonly phase?: string };
}

/** The labels Services are matched against, and the VM's own pods. */
export interface VmPodLabels {
  /** One label set per live launcher pod; while none lives, the labels the next one will carry. */
  readonly labelSets: readonly Readonly<Record<string, string>>[];
  /** Every launcher pod of the VM by name (to mark it "this VM" among the endpoints). */
  readonly podNames: ReadonlySet<string>;
  /** Whether a launcher pod is live (not Succeeded or Failed). */
  readonly running: boolean;
}

/** One endpoint of a Service: a pod (or, without a pod reference, a bare address). */
export interface ConnectedPod {
  /** The pod's name, or the address itself when it names no pod. */
  readonly name: string;
  readonly isPod: boolean;
  /** One of the VM's own launcher pods. */
  readonly thisVm: boolean;
  /** From `addresses` (true) or `notReadyAddresses` (false). */
  readonly ready: boolean;
}

/** One row of the "Connected services" table. */
export interface ConnectedServiceRow {
  readonly name: string;
  /** `ClusterIP` when the Service does not say. */
  readonly type: string;
  /** `None` for a headless Service; `undefined` while none is allocated. */
  readonly clusterIP: string | undefined;
  /** Each port as `port→targetPort/protocol` (plus the node port when there is one). */
  readonly ports: readonly string[];
  /** The VM's own pods first, then by name; `undefined` when no Endpoints of the name exist. */
  readonly pods: readonly ConnectedPod[] | undefined;
}

function isLive(pod: LauncherPodLike): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed';
}

/**
 * The label sets to match Services against: those of the VM's live launcher pods or, while it has
 * none, those its launcher pod will carry (the template's labels, `kubevirt.io: virt-launcher` and
 * `vm.kubevirt.io/name`), so a stopped VM still shows what exposes it.
 */
export function vmPodLabels(vm: VirtualMachine, pods: readonly LauncherPodLike[]): VmPodLabels {
  const name = vm.metadata.name ?? '';
  const live = pods.filter(isLive);
  const expected = {
    ...vm.spec.template.metadata?.labels,
    ...appLauncherLabels,
    [labels.vmName]: name,
  };
  return {
    labelSets: live.length > 0 ? live.map((pod) => pod.metadata.labels ?? {}) : [expected],
    podNames: new Set(pods.map((pod) => pod.metadata.name ?? '')),
    running: live.length > 0,
  };
}

/** A Service port as `port→targetPort/protocol`, with ` (node port N)` when it has one. */
export function formatServicePort(port: ServicePort): string {
  const text = `${String(port.port)}→${String(port.targetPort ?? port.port)}/${port.protocol ?? 'TCP'}`;
  return port.nodePort === undefined ? text : `${text} (node port ${String(port.nodePort)})`;
}

const collator = new Intl.Collator('en', { numeric: true });

function addressName(address: EndpointAddress): { name: string; isPod: boolean } {
  const ref = address.targetRef;
  if (ref?.kind === 'Pod' && ref.name !== undefined && ref.name !== '')
    return { name: ref.name, isPod: true };
  return { name: address.ip, isPod: false };
}

/** The endpoints' pods, each once (ready wins), the VM's own first, then by name. */
function connectedPods(endpoints: Endpoints, podNames: ReadonlySet<string>): ConnectedPod[] {
  const subsets = endpoints.subsets ?? [];
  const listed = [
    ...subsets.flatMap((subset) => (subset.addresses ?? []).map((a) => ({ a, ready: true }))),
    ...subsets.flatMap((subset) =>
      (subset.notReadyAddresses ?? []).map((a) => ({ a, ready: false })),
    ),
  ];
  const byName = new Map<string, ConnectedPod>();
  for (const { a, ready } of listed) {
    const { name, isPod } = addressName(a);
    if (!byName.has(name)) byName.set(name, { name, isPod, ready, thisVm: podNames.has(name) });
  }
  return [...byName.values()].sort(
    (x, y) => Number(y.thisVm) - Number(x.thisVm) || collator.compare(x.name, y.name),
  );
}

/**
 * The "Connected services" rows: each Service (in the given order) that selects one of the VM's
 * pods (see {@link vmPodLabels}), with its type, cluster IP, ports and the pods its Endpoints (of
 * the same name) connect.
 */
export function connectedServiceRows(options: {
  readonly services: readonly Service[];
  readonly endpoints: readonly Endpoints[];
  readonly vmPods: VmPodLabels;
}): ConnectedServiceRow[] {
  const { services, endpoints, vmPods } = options;
  const endpointsByName = new Map(endpoints.map((e) => [e.metadata.name ?? '', e]));
  return services
    .filter((service) => vmPods.labelSets.some((set) => serviceSelects(service, set)))
    .map((service): ConnectedServiceRow => {
      const name = service.metadata.name ?? '';
      const found = endpointsByName.get(name);
      const clusterIP = service.spec?.clusterIP;
      return {
        name,
        type: service.spec?.type ?? 'ClusterIP',
        clusterIP: clusterIP === '' ? undefined : clusterIP,
        ports: (service.spec?.ports ?? []).map(formatServicePort),
        pods: found === undefined ? undefined : connectedPods(found, vmPods.podNames),
      };
    });
}
