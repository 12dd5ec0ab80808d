import {
  bridgeName,
  clusterNetnsName,
  hostVethName,
  isPodNetnsOf,
  podInterfaceName,
  podNetnsName,
} from './network-names.ts';
import { isPodAddress, podNetwork } from './pod-address.ts';

/**
 * One `ip` command of a plan. With a `guard`, the command runs only when the guard's probe (its
 * own `ip` argument list: exit 0 means "present") finds the object in the state `runWhen` names;
 * that is how the plans check before they create and delete, so running a plan twice is harmless.
 */
export interface IpStep {
  /** The arguments to `ip`. */
  readonly args: readonly string[];
  readonly guard?: { readonly probe: readonly string[]; readonly runWhen: 'absent' | 'present' };
}

/** A pod's network, as a plan creates it. */
export interface PodNetworkSpec {
  readonly clusterId: string;
  readonly podUid: string;
  /** The pod's address from its node's /24 (see `allocatePodAddress`). */
  readonly address: string;
}

/** The probe that succeeds exactly when the netns exists (and can be entered). */
function netnsProbe(netns: string): string[] {
  return ['-n', netns, 'link', 'show', 'dev', 'lo'];
}

function linkProbe(netns: string, link: string): string[] {
  return ['-n', netns, 'link', 'show', 'dev', link];
}

/**
 * Creates the cluster netns `podvisor-<id>`: `lo` up, the bridge `pv0` with the gateway
 * 10.244.0.1/16, and the local route of the Service range 10.96.0.0/16 (so any ClusterIP can be
 * bound there). Idempotent: the netns and the bridge are created only when missing; the address
 * and the route are `replace`d.
 */
export function clusterNetworkPlan(clusterId: string): IpStep[] {
  const ns = clusterNetnsName(clusterId);
  return [
    { args: ['netns', 'add', ns], guard: { probe: netnsProbe(ns), runWhen: 'absent' } },
    { args: ['-n', ns, 'link', 'set', 'dev', 'lo', 'up'] },
    {
      args: ['-n', ns, 'link', 'add', 'name', bridgeName, 'type', 'bridge'],
      guard: { probe: linkProbe(ns, bridgeName), runWhen: 'absent' },
    },
    {
      args: [
        '-n',
        ns,
        'addr',
        'replace',
        `${podNetwork.gateway}/${podNetwork.prefixLength}`,
        'dev',
        bridgeName,
      ],
    },
    { args: ['-n', ns, 'link', 'set', 'dev', bridgeName, 'up'] },
    { args: ['-n', ns, 'route', 'replace', 'local', podNetwork.serviceCidr, 'dev', 'lo'] },
  ];
}

/**
 * Creates a pod's netns `pv-<id>-<hash>` with `lo` up and `eth0` (address/16, default route via
 * the gateway), whose veth peer `pv<hash>` is created directly in the cluster netns and joins
 * `pv0`: nothing ever appears in the machine's root netns. Idempotent like
 * {@link clusterNetworkPlan}. Throws when the address is not a pod address.
 */
export function podNetworkPlan(spec: PodNetworkSpec): IpStep[] {
  if (!isPodAddress(spec.address)) {
    throw new RangeError(
      `address must be a pod address 10.244.N.2–254 (N 1–254), got ${JSON.stringify(spec.address)}`,
    );
  }
  const cluster = clusterNetnsName(spec.clusterId);
  const ns = podNetnsName(spec.clusterId, spec.podUid);
  const veth = hostVethName(spec.podUid);
  const eth = podInterfaceName;
  return [
    { args: ['netns', 'add', ns], guard: { probe: netnsProbe(ns), runWhen: 'absent' } },
    { args: ['-n', ns, 'link', 'set', 'dev', 'lo', 'up'] },
    {
      args: [
        '-n',
        cluster,
        'link',
        'add',
        'name',
        veth,
        'type',
        'veth',
        'peer',
        'name',
        eth,
        'netns',
        ns,
      ],
      guard: { probe: linkProbe(ns, eth), runWhen: 'absent' },
    },
    { args: ['-n', cluster, 'link', 'set', 'dev', veth, 'master', bridgeName, 'up'] },
    {
      args: ['-n', ns, 'addr', 'replace', `${spec.address}/${podNetwork.prefixLength}`, 'dev', eth],
    },
    { args: ['-n', ns, 'link', 'set', 'dev', eth, 'up'] },
    {
      args: ['-n', ns, 'route', 'replace', 'default', 'via', podNetwork.gateway, 'dev', eth],
    },
  ];
}

/**
 * Deletes a pod's network: the veth (from the cluster side, so its peer goes at once even if a
 * leftover process still holds the pod's netns) and the netns. Deleting what is gone is a no-op.
 */
export function deletePodNetworkPlan(clusterId: string, podUid: string): IpStep[] {
  const cluster = clusterNetnsName(clusterId);
  const ns = podNetnsName(clusterId, podUid);
  const veth = hostVethName(podUid);
  return [
    {
      args: ['-n', cluster, 'link', 'del', 'dev', veth],
      guard: { probe: linkProbe(cluster, veth), runWhen: 'present' },
    },
    { args: ['netns', 'del', ns], guard: { probe: netnsProbe(ns), runWhen: 'present' } },
  ];
}

/**
 * Deletes a cluster's network: every pod netns of the cluster among `existingNetns` (the names
 * `ip netns list` shows; others are left alone), then the cluster netns with its bridge and veths.
 */
export function deleteClusterNetworkPlan(
  clusterId: string,
  existingNetns: readonly string[],
): IpStep[] {
  const cluster = clusterNetnsName(clusterId);
  const pods = existingNetns.filter((ns) => isPodNetnsOf(clusterId, ns));
  return [
    ...pods.map((ns) => ({ args: ['netns', 'del', ns] })),
    { args: ['netns', 'del', cluster], guard: { probe: netnsProbe(cluster), runWhen: 'present' } },
  ];
}

/** The netns names in `ip netns list` output (`name` or `name (id: N)` per line). */
export function parseNetnsList(output: string): string[] {
  return output
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[0] ?? '')
    .filter((name) => name !== '');
}
