export {
  allocatePodAddress,
  isPodAddress,
  nodeIndexOf,
  nodeIndexRange,
  nodePodSubnet,
  parseIpv4,
  PodAddressPool,
  podNetwork,
  type AllocatePodAddressOptions,
  type NodePodSubnet,
} from './pod-address.ts';
export {
  bridgeName,
  checkClusterId,
  checkNetnsName,
  clusterNetnsName,
  hostVethName,
  isPodNetnsOf,
  maxInterfaceNameLength,
  NetworkNameError,
  podHash,
  podInterfaceName,
  podNetnsName,
} from './network-names.ts';
export {
  clusterNetworkPlan,
  deleteClusterNetworkPlan,
  deletePodNetworkPlan,
  parseNetnsList,
  podNetworkPlan,
  type IpStep,
  type PodNetworkSpec,
} from './network-plans.ts';
export {
  defaultIpBinary,
  ipCommandLine,
  ipRunner,
  NetworkCommandError,
  runIp,
  runIpPlan,
  type IpResult,
  type IpRunner,
} from './run-ip-plan.ts';
export {
  createClusterNetwork,
  deleteClusterNetwork,
  listNetns,
  type ClusterNetwork,
  type ClusterNetworkOptions,
} from './cluster-network.ts';
export {
  createPodNetwork,
  deletePodNetwork,
  type PodNetwork,
  type PodNetworkOptions,
} from './pod-network.ts';
export { runInNetns, type NetnsCommand, type RunInNetnsOptions } from './run-in-netns.ts';
export {
  forwardTcpToUnix,
  forwardUnixToTcp,
  type Forwarder,
  type TcpForwarder,
  type TcpToUnixOptions,
  type UnixForwarder,
  type UnixToTcpOptions,
} from './socket-forwarder.ts';
export { clusterIdOf } from './cluster-id.ts';
export {
  defaultOwnerDir,
  deleteAbandonedNetworks,
  recordNetworkOwner,
  type AbandonedNetworkOptions,
} from './abandoned-networks.ts';
