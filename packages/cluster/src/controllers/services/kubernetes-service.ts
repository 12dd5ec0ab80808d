import type { KubeObject } from '../../apiserver/json.ts';
import { kubernetesServiceIpOf } from './cluster-ip-range.ts';
import type { ServiceNetwork } from './service-network.ts';

/**
 * The `default/kubernetes` Service every cluster has: the first ClusterIP of the network's range
 * (127.96.0.1 in loopback mode, 10.96.0.1 with the pod network), port 443 (`https`) forwarded to
 * the API server's port.
 */
export function kubernetesService(apiServerPort: number, network: ServiceNetwork): KubeObject {
  const ip = kubernetesServiceIpOf(network.clusterIpRange);
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { component: 'apiserver', provider: 'kubernetes' },
    },
    spec: {
      type: 'ClusterIP',
      clusterIP: ip,
      clusterIPs: [ip],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: apiServerPort }],
    },
  };
}

/**
 * The `default/kubernetes` Endpoints: the API server at the network's `apiServerHost`
 * (127.0.0.1 in loopback mode, the pod network's gateway 10.244.0.1 otherwise) and its port.
 */
export function kubernetesEndpoints(apiServerPort: number, network: ServiceNetwork): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' },
    },
    subsets: [
      {
        addresses: [{ ip: network.apiServerHost }],
        ports: [{ name: 'https', port: apiServerPort, protocol: 'TCP' }],
      },
    ],
  };
}
