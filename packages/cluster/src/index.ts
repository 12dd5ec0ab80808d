export { startCluster, type ClusterOptions, type RunningCluster } from './start-cluster.ts';
export { addUser, type AddedUser } from './apiserver/auth/index.ts';
