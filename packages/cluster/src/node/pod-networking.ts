import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderResolvConf } from '../dns/render-resolv-conf.ts';
import {
  createPodNetwork,
  deletePodNetwork,
  nodeIndexOf,
  PodAddressPool,
  podNetnsName,
  podNetwork,
  type IpRunner,
} from './network/index.ts';
import { clusterSlot, PodIpAllocator, podRangeOf } from './pod-ip-allocator.ts';

/**
 * How a node gives its pods a network. Loopback mode (ADR 7): every pod a 127.N.S.x address in
 * the node's own network namespace. Pod-network mode (ADR 17): every pod its own netns with `eth0`
 * on the cluster's bridge, 10.244.N.x, and the cluster DNS as its resolver.
 */
export interface PodNetworking {
  readonly mode: 'loopback' | 'pod';
  /** The node's `spec.podCIDR`. */
  readonly podCIDR: string;
  /** Marks an address as taken (a pod found on disk at start-up). */
  markUsed(address: string): void;
  /** The lowest free address of the node, now taken. */
  allocate(): string;
  release(address: string): void;
  /**
   * Where pods reach the API server (`KUBERNETES_SERVICE_HOST/PORT`): in loopback mode the node's
   * own address of it (`server`); on the pod network the `kubernetes` Service, 10.96.0.1:443, as
   * a kubelet sets it.
   */
  apiServerFor(server: { readonly host: string; readonly port: string }): {
    readonly host: string;
    readonly port: string;
  };
  /** The netns a pod's processes run in (`ip netns exec`); undefined in loopback mode. */
  netnsOf(podUid: string): string | undefined;
  /** Creates the pod's network for its address (idempotent: also for a pod adopted after a restart). */
  setUp(pod: { readonly uid: string; readonly namespace: string }, address: string): Promise<void>;
  /** Deletes the pod's network; a no-op when it is gone. */
  tearDown(podUid: string): Promise<void>;
}

/** Loopback mode: addresses only, nothing to create. */
export function loopbackNetworking(nodeName: string, dataDir: string): PodNetworking {
  const range = podRangeOf(nodeName, clusterSlot(dataDir));
  const ips = new PodIpAllocator(range);
  return {
    mode: 'loopback',
    podCIDR: range.cidr,
    markUsed: (address) => {
      ips.markUsed(address);
    },
    allocate: () => ips.allocate(),
    release: (address) => {
      ips.release(address);
    },
    apiServerFor: (server) => server,
    netnsOf: () => undefined,
    setUp: () => Promise.resolve(),
    tearDown: () => Promise.resolve(),
  };
}

/** What {@link podNetworking} needs. */
export interface PodNetworkingOptions {
  readonly nodeName: string;
  /** The cluster id (`clusterIdOf(dataDir)`): the cluster netns is `podvisor-<id>`. */
  readonly clusterId: string;
  /** The cluster DNS server pods resolve with (the kube-dns ClusterIP). */
  readonly dnsServer: string;
  /** The cluster's DNS zone. */
  readonly zone?: string;
  /** Where `ip netns exec` finds a netns's files to bind over /etc (`/etc/netns` by default). */
  readonly etcNetnsDir?: string;
  /** Runs `ip` (the real binary by default). */
  readonly run?: IpRunner;
}

/**
 * Pod-network mode, for a node agent running in the cluster netns: node-N hands out
 * 10.244.N.2–254; each pod's netns gets `/etc/netns/<netns>/resolv.conf` (which `ip netns exec`
 * binds over the pod's /etc/resolv.conf) pointing at the cluster DNS.
 */
export function podNetworking(options: PodNetworkingOptions): PodNetworking {
  const index = nodeIndexOf(options.nodeName);
  if (index === undefined) {
    throw new Error(
      `node name '${options.nodeName}' must end in -N (N 1–254) to get a share of the pod network`,
    );
  }
  const pool = new PodAddressPool(index);
  const etcDir = options.etcNetnsDir ?? '/etc/netns';
  const { clusterId } = options;
  const run = options.run === undefined ? {} : { run: options.run };
  return {
    mode: 'pod',
    podCIDR: pool.subnet.cidr,
    markUsed: (address) => {
      pool.markUsed(address);
    },
    allocate: () => pool.allocate(),
    release: (address) => {
      pool.release(address);
    },
    apiServerFor: () => ({ host: podNetwork.kubernetesServiceIp, port: '443' }),
    netnsOf: (podUid) => podNetnsName(clusterId, podUid),
    setUp: async (pod, address) => {
      const network = await createPodNetwork({ clusterId, podUid: pod.uid, address, ...run });
      const dir = join(etcDir, network.netns);
      await mkdir(dir, { recursive: true });
      const resolvConf = renderResolvConf({
        nameserver: options.dnsServer,
        namespace: pod.namespace,
        zone: options.zone ?? 'cluster.local',
      });
      await writeFile(join(dir, 'resolv.conf'), resolvConf);
    },
    tearDown: async (podUid) => {
      await deletePodNetwork({ clusterId, podUid, ...run });
      await rm(join(etcDir, podNetnsName(clusterId, podUid)), { recursive: true, force: true });
    },
  };
}
