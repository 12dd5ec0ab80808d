/** A port of a Service or of an Endpoints subset. `name` is `''` for an unnamed port. */
export interface DnsPort {
  readonly name: string;
  /** `TCP`, `UDP` or `SCTP`. */
  readonly protocol: string;
  readonly port: number;
}

interface ServiceBase {
  readonly namespace: string;
  readonly name: string;
  readonly ports: readonly DnsPort[];
}

/**
 * What DNS needs of a Service: its kind and address. A `cluster-ip` Service whose address is
 * not allocated yet has `clusterIp: ''`.
 */
export type ServiceRecord = ServiceBase &
  (
    | { readonly kind: 'cluster-ip'; readonly clusterIp: string }
    | { readonly kind: 'headless' }
    | { readonly kind: 'external-name'; readonly externalName: string }
  );

/** A ready endpoint address; `hostname` is the Endpoints' `hostname` field when set. */
export interface EndpointAddress {
  readonly ip: string;
  readonly hostname?: string;
}

/** What DNS needs of an Endpoints object: its ready addresses and their ports, per subset. */
export interface EndpointsRecord {
  readonly namespace: string;
  readonly name: string;
  readonly subsets: readonly {
    readonly addresses: readonly EndpointAddress[];
    readonly ports: readonly DnsPort[];
  }[];
}

/** A running pod's IPv4 address. */
export interface PodRecord {
  readonly namespace: string;
  readonly name: string;
  readonly ip: string;
}

/** The records DNS answers from, read by the resolver. */
export interface DnsSource {
  /** Increases with every change: the SOA serial. */
  readonly serial: number;
  service(namespace: string, name: string): ServiceRecord | undefined;
  endpoints(namespace: string, name: string): EndpointsRecord | undefined;
  services(): Iterable<ServiceRecord>;
  allEndpoints(): Iterable<EndpointsRecord>;
  /** Whether any Service lives in the namespace. */
  hasNamespace(namespace: string): boolean;
  /** The pods holding an address, ordered by namespace and name. */
  podsWithIp(ip: string): PodRecord[];
}

/** An in-memory {@link DnsSource} kept current by upserts and deletes (from watches or tests). */
export interface DnsIndex extends DnsSource {
  upsertService(service: ServiceRecord): void;
  deleteService(namespace: string, name: string): void;
  upsertEndpoints(endpoints: EndpointsRecord): void;
  deleteEndpoints(namespace: string, name: string): void;
  upsertPod(pod: PodRecord): void;
  deletePod(namespace: string, name: string): void;
}

function keyOf(namespace: string, name: string): string {
  return `${namespace.toLowerCase()}/${name.toLowerCase()}`;
}

/** Creates an empty {@link DnsIndex}. Names are matched case-insensitively. */
export function createDnsIndex(): DnsIndex {
  const services = new Map<string, ServiceRecord>();
  const endpoints = new Map<string, EndpointsRecord>();
  const pods = new Map<string, PodRecord>();
  const podsByIp = new Map<string, Set<string>>();
  const servicesPerNamespace = new Map<string, number>();
  let serial = 1;
  const changed = (): void => {
    serial = serial >= 0xffffffff ? 1 : serial + 1;
  };
  const countNamespace = (namespace: string, delta: number): void => {
    const ns = namespace.toLowerCase();
    const count = (servicesPerNamespace.get(ns) ?? 0) + delta;
    if (count > 0) servicesPerNamespace.set(ns, count);
    else servicesPerNamespace.delete(ns);
  };
  const unlinkPod = (key: string): void => {
    const old = pods.get(key);
    if (old === undefined) return;
    pods.delete(key);
    const holders = podsByIp.get(old.ip);
    holders?.delete(key);
    if (holders?.size === 0) podsByIp.delete(old.ip);
  };
  return {
    get serial() {
      return serial;
    },
    service: (namespace, name) => services.get(keyOf(namespace, name)),
    endpoints: (namespace, name) => endpoints.get(keyOf(namespace, name)),
    services: () => services.values(),
    allEndpoints: () => endpoints.values(),
    hasNamespace: (namespace) => servicesPerNamespace.has(namespace.toLowerCase()),
    podsWithIp: (ip) =>
      [...(podsByIp.get(ip) ?? [])].sort().flatMap((key) => {
        const pod = pods.get(key);
        return pod === undefined ? [] : [pod];
      }),
    upsertService(service) {
      const key = keyOf(service.namespace, service.name);
      if (!services.has(key)) countNamespace(service.namespace, 1);
      services.set(key, service);
      changed();
    },
    deleteService(namespace, name) {
      if (!services.delete(keyOf(namespace, name))) return;
      countNamespace(namespace, -1);
      changed();
    },
    upsertEndpoints(record) {
      endpoints.set(keyOf(record.namespace, record.name), record);
      changed();
    },
    deleteEndpoints(namespace, name) {
      if (endpoints.delete(keyOf(namespace, name))) changed();
    },
    upsertPod(pod) {
      const key = keyOf(pod.namespace, pod.name);
      unlinkPod(key);
      pods.set(key, pod);
      const holders = podsByIp.get(pod.ip) ?? new Set<string>();
      holders.add(key);
      podsByIp.set(pod.ip, holders);
      changed();
    },
    deletePod(namespace, name) {
      const key = keyOf(namespace, name);
      if (!pods.has(key)) return;
      unlinkPod(key);
      changed();
    },
  };
}
