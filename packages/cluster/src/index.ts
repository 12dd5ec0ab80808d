export { startCluster, type ClusterOptions, type RunningCluster } from './start-cluster.ts';
