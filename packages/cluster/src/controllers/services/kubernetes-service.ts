import type { KubeObject } from '../../apiserver/json.ts';
import { kubernetesServiceIp } from './allocate-cluster-ip.ts';

/** The API server's address as its Endpoints publish it (it listens on the loopback). */
export const apiServerHost = '127.0.0.1';

/**
 * The `default/kubernetes` Service every cluster has: ClusterIP 127.96.0.1, port 443 (`https`)
 * forwarded to the API server's port.
 */
export function kubernetesService(apiServerPort: number): KubeObject {
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
      clusterIP: kubernetesServiceIp,
      clusterIPs: [kubernetesServiceIp],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: apiServerPort }],
    },
  };
}

/** The `default/kubernetes` Endpoints: the API server at 127.0.0.1:<port>. */
export function kubernetesEndpoints(apiServerPort: number): KubeObject {
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
        addresses: [{ ip: apiServerHost }],
        ports: [{ name: 'https', port: apiServerPort, protocol: 'TCP' }],
      },
    ],
  };
}
