export {
  startCluster,
  type ClusterOptions,
  type PodNetworkOptions,
  type RunningCluster,
} from './start-cluster.ts';
export { clusterDnsIp } from './dns/index.ts';
export { addUser, type AddedUser } from './apiserver/auth/index.ts';
export * from './node/index.ts';
export { startNodeStreaming } from './node/streaming/index.ts';
