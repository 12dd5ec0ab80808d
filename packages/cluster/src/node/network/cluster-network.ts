import { bridgeName, clusterNetnsName } from './network-names.ts';
import { clusterNetworkPlan, deleteClusterNetworkPlan, parseNetnsList } from './network-plans.ts';
import { podNetwork } from './pod-address.ts';
import { ipRunner, runIp, runIpPlan, type IpRunner } from './run-ip-plan.ts';

/** Which cluster, and how to run `ip` (the real binary unless a test passes its own). */
export interface ClusterNetworkOptions {
  readonly clusterId: string;
  readonly run?: IpRunner;
}

/** The cluster netns as {@link createClusterNetwork} left it. */
export interface ClusterNetwork {
  /** `podvisor-<clusterId>`. */
  readonly netns: string;
  readonly bridge: string;
  /** 10.244.0.1, on the bridge. */
  readonly gateway: string;
  /** 10.244.0.0/16. */
  readonly podCidr: string;
  /** 10.96.0.0/16, routed locally in the cluster netns. */
  readonly serviceCidr: string;
}

/**
 * Creates (or completes) the cluster netns `podvisor-<id>` with the bridge, the gateway address
 * and the Service range's local route (see `clusterNetworkPlan`). Safe to call again. Throws a
 * `NetworkCommandError` naming the failed command and its stderr.
 */
export async function createClusterNetwork(
  options: ClusterNetworkOptions,
): Promise<ClusterNetwork> {
  const netns = clusterNetnsName(options.clusterId);
  await runIpPlan(clusterNetworkPlan(options.clusterId), options.run ?? ipRunner());
  return {
    netns,
    bridge: bridgeName,
    gateway: podNetwork.gateway,
    podCidr: podNetwork.cidr,
    serviceCidr: podNetwork.serviceCidr,
  };
}

/** The names of every network namespace on the machine (`ip netns list`). */
export async function listNetns(run: IpRunner = ipRunner()): Promise<string[]> {
  return parseNetnsList((await runIp(run, ['netns', 'list'])).stdout);
}

/**
 * Deletes the cluster's pod namespaces (`pv-<id>-*`, also those a killed cluster left behind) and
 * the cluster netns with its bridge. Deleting a cluster network that is gone is a no-op. Returns
 * the namespaces it deleted. Processes still inside a namespace keep it alive (without its veth)
 * until they exit: stop the pods first.
 */
export async function deleteClusterNetwork(options: ClusterNetworkOptions): Promise<string[]> {
  const run = options.run ?? ipRunner();
  const plan = deleteClusterNetworkPlan(options.clusterId, await listNetns(run));
  const ran = await runIpPlan(plan, run);
  return ran.map((command) => command.replace(/^ip netns del /, ''));
}
