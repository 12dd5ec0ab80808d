import { loopbackClusterIpRange, type ClusterIpRange } from './cluster-ip-range.ts';

/** Where Services live in a cluster: what the Service controllers and the API server are given. */
export interface ServiceNetwork {
  /** The range ClusterIPs come from; its first address is `default/kubernetes`'s. */
  readonly clusterIpRange: ClusterIpRange;
  /** The API server's address in `default/kubernetes`'s Endpoints: where pods reach it. */
  readonly apiServerHost: string;
}

/** Loopback mode's Services: ClusterIPs from 127.96.0.0/16, the API server on 127.0.0.1. */
export const loopbackServiceNetwork: ServiceNetwork = {
  clusterIpRange: loopbackClusterIpRange,
  apiServerHost: '127.0.0.1',
};
