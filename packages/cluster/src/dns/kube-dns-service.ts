import type { KubeObject } from '../apiserver/json.ts';
import type { ControllerFactory } from '../controllers/controller-host.ts';
import { keptServiceController } from '../controllers/services/kept-service-controller.ts';
import { serviceProxyNameLabel } from '../controllers/services/proxy/proxy-routes.ts';

/**
 * The cluster DNS's address with the pod network (ADR 17): the `kube-dns` ClusterIP, the tenth
 * address of 10.96.0.0/16 as kubeadm's, which pods get as their resolver.
 */
export const clusterDnsIp = '10.96.0.10';

/** The value of {@link serviceProxyNameLabel} on `kube-dns`: its ClusterIP is the DNS server's own. */
export const clusterDnsProxyName = 'podvisor-cluster-dns';

/**
 * The `kube-system/kube-dns` Service a real cluster has: ClusterIP `ip`, ports `dns` 53/UDP and
 * `dns-tcp` 53/TCP, label `k8s-app: kube-dns`, and no selector (the DNS server runs in the API
 * server process, not in pods). It carries `service.kubernetes.io/service-proxy-name`, so the
 * service proxy leaves `ip:53` to the DNS server, which binds it itself.
 */
export function kubeDnsService(ip: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kube-dns',
      namespace: 'kube-system',
      labels: {
        'k8s-app': 'kube-dns',
        'kubernetes.io/cluster-service': 'true',
        'kubernetes.io/name': 'KubeDNS',
        [serviceProxyNameLabel]: clusterDnsProxyName,
      },
    },
    spec: {
      type: 'ClusterIP',
      clusterIP: ip,
      clusterIPs: [ip],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
      ],
    },
  };
}

/**
 * Creates `kube-system/kube-dns` ({@link kubeDnsService}) and keeps it: recreated when deleted,
 * its labels, ClusterIP and ports patched back when changed.
 */
export function kubeDnsServiceController(ip: string): ControllerFactory {
  return keptServiceController({ name: 'kube-dns-service', service: kubeDnsService(ip) });
}
