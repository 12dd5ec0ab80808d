/**
 * The address plan of the local pod network (ADR 17):
 *
 * - pods: 10.244.0.0/16, one flat L2 segment on the bridge `pv0` of the cluster netns;
 * - the gateway: 10.244.0.1 on `pv0`. 10.244.0.0/24 belongs to the cluster netns, no node uses it;
 * - node N (1–254) hands out 10.244.N.2 – 10.244.N.254 (253 pods). .0 and .255 are skipped
 *   (valid hosts on a /16, but easy to mistake for a network or broadcast address); .1 is kept
 *   for the node itself (a future per-node address). 10.244.255.0/24 is not used: it holds the
 *   /16's broadcast address;
 * - Services: 10.96.0.0/16, a local route in the cluster netns (any ClusterIP can be bound there);
 *   the cluster DNS at 10.96.0.10.
 */
export const podNetwork = {
  cidr: '10.244.0.0/16',
  prefixLength: 16,
  gateway: '10.244.0.1',
  serviceCidr: '10.96.0.0/16',
  /** The `default/kubernetes` Service's ClusterIP: pods reach the API server there, on 443. */
  kubernetesServiceIp: '10.96.0.1',
  /** The cluster DNS (the kube-dns Service's ClusterIP), every pod's resolver. */
  dnsServer: '10.96.0.10',
} as const;

/** The lowest and highest node numbers that get a /24. */
export const nodeIndexRange = { min: 1, max: 254 } as const;

const firstHost = 2;
const lastHost = 254;

/** A node's share of the pod network. */
export interface NodePodSubnet {
  readonly nodeIndex: number;
  /** `10.244.N.0/24`, the Node's `spec.podCIDR`. */
  readonly cidr: string;
}

/** The /24 of node `nodeIndex` (1–254); throws a RangeError naming the field otherwise. */
export function nodePodSubnet(nodeIndex: number): NodePodSubnet {
  if (
    !Number.isInteger(nodeIndex) ||
    nodeIndex < nodeIndexRange.min ||
    nodeIndex > nodeIndexRange.max
  ) {
    throw new RangeError(
      `nodeIndex must be an integer from ${nodeIndexRange.min} to ${nodeIndexRange.max}, got ${String(nodeIndex)}`,
    );
  }
  return { nodeIndex, cidr: `10.244.${nodeIndex}.0/24` };
}

/** The number at the end of a node's name (`node-3` → 3); undefined when it has none in 1–254. */
export function nodeIndexOf(nodeName: string): number | undefined {
  const match = /-(\d{1,3})$/.exec(nodeName);
  if (match === null) return undefined;
  const n = Number(match[1]);
  return n >= nodeIndexRange.min && n <= nodeIndexRange.max ? n : undefined;
}

/** The four octets of a dotted IPv4 address; undefined for anything else. */
export function parseIpv4(address: string): [number, number, number, number] | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  if (match === null) return undefined;
  const octets = [match[1], match[2], match[3], match[4]].map(Number);
  const [a = 256, b = 256, c = 256, d = 256] = octets;
  return octets.every((o) => o <= 255) ? [a, b, c, d] : undefined;
}

/** The host part (.x) of `address` when it is a pod address of node `nodeIndex`; else undefined. */
function hostInSubnet(address: string, nodeIndex: number): number | undefined {
  const octets = parseIpv4(address);
  if (octets === undefined) return undefined;
  const [a, b, c, d] = octets;
  return a === 10 && b === 244 && c === nodeIndex ? d : undefined;
}

/** Whether `address` is one a node may give a pod: 10.244.N.2–254 with N in 1–254. */
export function isPodAddress(address: string): boolean {
  const octets = parseIpv4(address);
  if (octets === undefined) return false;
  const [a, b, c, d] = octets;
  return (
    a === 10 &&
    b === 244 &&
    c >= nodeIndexRange.min &&
    c <= nodeIndexRange.max &&
    d >= firstHost &&
    d <= lastHost
  );
}

/** What {@link allocatePodAddress} needs: the node and the addresses its pods hold. */
export interface AllocatePodAddressOptions {
  readonly nodeIndex: number;
  /**
   * The addresses in use (the node's pod records); addresses of other nodes and anything that is
   * not an IPv4 address are ignored, so old loopback-mode records do no harm.
   */
  readonly inUse: Iterable<string>;
}

/**
 * The lowest free pod address of a node, from the addresses in use. Stateless: a restarted node
 * agent passes the addresses of the pods it found on disk and never hands one out twice; releasing
 * an address is dropping it from the set. Throws when the node's 253 addresses are taken.
 */
export function allocatePodAddress(options: AllocatePodAddressOptions): string {
  const subnet = nodePodSubnet(options.nodeIndex);
  const taken = new Set<number>();
  for (const address of options.inUse) {
    const host = hostInSubnet(address, subnet.nodeIndex);
    if (host !== undefined) taken.add(host);
  }
  for (let host = firstHost; host <= lastHost; host += 1) {
    if (!taken.has(host)) return `10.244.${subnet.nodeIndex}.${host}`;
  }
  throw new Error(
    `the pod range ${subnet.cidr} is exhausted (${lastHost - firstHost + 1} pods per node)`,
  );
}

/**
 * {@link allocatePodAddress} with the set kept in memory, shaped like the node agent's
 * `PodIpAllocator` (markUsed at start-up from the pod records, allocate, release), so the agent can
 * swap one for the other.
 */
export class PodAddressPool {
  readonly subnet: NodePodSubnet;
  readonly #used = new Set<string>();

  constructor(nodeIndex: number) {
    this.subnet = nodePodSubnet(nodeIndex);
  }

  /** Marks an address as taken (a pod found on disk at start-up); others' addresses are ignored. */
  markUsed(address: string): void {
    const host = hostInSubnet(address, this.subnet.nodeIndex);
    if (host !== undefined) this.#used.add(`10.244.${this.subnet.nodeIndex}.${host}`);
  }

  /** The lowest free address, now taken; throws when the node's range is exhausted. */
  allocate(): string {
    const address = allocatePodAddress({ nodeIndex: this.subnet.nodeIndex, inUse: this.#used });
    this.#used.add(address);
    return address;
  }

  /** Gives an address back. */
  release(address: string): void {
    const host = hostInSubnet(address, this.subnet.nodeIndex);
    if (host !== undefined) this.#used.delete(`10.244.${this.subnet.nodeIndex}.${host}`);
  }
}
