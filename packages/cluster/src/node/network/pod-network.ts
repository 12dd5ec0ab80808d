import { hostVethName, podInterfaceName, podNetnsName } from './network-names.ts';
import { deletePodNetworkPlan, podNetworkPlan } from './network-plans.ts';
import { podNetwork } from './pod-address.ts';
import { ipRunner, runIpPlan, type IpRunner } from './run-ip-plan.ts';

/** A pod of a cluster, and how to run `ip` (the real binary unless a test passes its own). */
export interface PodNetworkOptions {
  readonly clusterId: string;
  readonly podUid: string;
  readonly run?: IpRunner;
}

/** A pod's network as {@link createPodNetwork} left it. */
export interface PodNetwork {
  /** `pv-<clusterId>-<podhash>`: start the pod's processes in it (see `runInNetns`). */
  readonly netns: string;
  /** The pod's IP (`status.podIP`). */
  readonly address: string;
  /** The default route's gateway, 10.244.0.1. */
  readonly gateway: string;
  /** `eth0`, in the pod's netns. */
  readonly interface: string;
  /** `pv<podhash>`, the peer on the bridge in the cluster netns. */
  readonly hostVeth: string;
}

/**
 * Creates (or completes) a pod's netns with `eth0` at `address`/16, a default route via the
 * gateway and `lo` up, its veth peer on the cluster's bridge (see `podNetworkPlan`). The cluster
 * network must exist. Safe to call again with the same address. Throws a RangeError for an
 * address that is no pod address, a `NetworkCommandError` when a command fails.
 */
export async function createPodNetwork(
  options: PodNetworkOptions & { readonly address: string },
): Promise<PodNetwork> {
  const plan = podNetworkPlan(options);
  await runIpPlan(plan, options.run ?? ipRunner());
  return {
    netns: podNetnsName(options.clusterId, options.podUid),
    address: options.address,
    gateway: podNetwork.gateway,
    interface: podInterfaceName,
    hostVeth: hostVethName(options.podUid),
  };
}

/** Deletes a pod's veth and netns; a no-op for a pod whose network is gone. */
export async function deletePodNetwork(options: PodNetworkOptions): Promise<void> {
  await runIpPlan(
    deletePodNetworkPlan(options.clusterId, options.podUid),
    options.run ?? ipRunner(),
  );
}
