import { isIPv4 } from 'node:net';
import {
  isJsonObject,
  type Json,
  type JsonObject,
  type KubeObject,
} from '../../../apiserver/json.ts';
import { labelsOf, metaString } from '../../../apiserver/objects/lifecycle.ts';
import { clusterIpOf, serviceSpec } from '../desired-cluster-ip.ts';

/** Where a connection may go: a ready endpoint's address and port. */
export interface Backend {
  readonly ip: string;
  readonly port: number;
}

/** One virtual address to listen on, and where its connections go. */
export interface ProxyRoute {
  /** `ip:port`, the listener's identity. */
  readonly address: string;
  readonly ip: string;
  readonly port: number;
  /** `namespace/name:port-name`, for logs. */
  readonly service: string;
  /** Ready endpoints, in a stable order (empty: connections are refused by closing them). */
  readonly backends: readonly Backend[];
}

function objects(value: Json | undefined): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

/**
 * Upstream's label for "another proxy implements this Service": kube-proxy ignores Services that
 * carry it, whatever its value, and so does this proxy (the cluster DNS serves its own ClusterIP).
 */
export const serviceProxyNameLabel = 'service.kubernetes.io/service-proxy-name';

/** Whether this proxy serves the Service: it has a ClusterIP, and no other proxy claims it. */
function proxied(service: KubeObject): boolean {
  return (
    isIPv4(clusterIpOf(service)) &&
    serviceSpec(service)['type'] !== 'ExternalName' &&
    labelsOf(service)[serviceProxyNameLabel] === undefined
  );
}

function key(obj: KubeObject): string {
  return `${metaString(obj, 'namespace')}/${metaString(obj, 'name')}`;
}

/** The ready backends of one Service port: the subsets' addresses at the port of the same name. */
function backendsOf(
  endpoints: KubeObject | undefined,
  portName: string,
  protocol: string,
): Backend[] {
  const backends: Backend[] = [];
  for (const subset of objects(endpoints?.['subsets'])) {
    const port = objects(subset['ports']).find(
      (p) => (p['name'] ?? '') === portName && (p['protocol'] ?? 'TCP') === protocol,
    )?.['port'];
    if (typeof port !== 'number') continue;
    for (const address of objects(subset['addresses']))
      if (typeof address['ip'] === 'string') backends.push({ ip: address['ip'], port });
  }
  return backends.sort((a, b) => a.ip.localeCompare(b.ip) || a.port - b.port);
}

/**
 * What a service proxy listens on, from Services and their Endpoints: one route per TCP port of
 * every Service with a ClusterIP (headless and ExternalName Services have none) that does not
 * carry {@link serviceProxyNameLabel} (served by another proxy, as upstream), to the ready
 * addresses of the Endpoints of the same name at the port named like the Service port. The
 * first Service to claim an `ip:port` keeps it (Services are taken in namespace/name order).
 * UDP and SCTP ports are not proxied.
 */
export function proxyRoutes(
  services: readonly KubeObject[],
  endpoints: readonly KubeObject[],
): ProxyRoute[] {
  const endpointsByKey = new Map(endpoints.map((e) => [key(e), e]));
  const routes = new Map<string, ProxyRoute>();
  for (const service of [...services].sort((a, b) => key(a).localeCompare(key(b)))) {
    if (!proxied(service)) continue;
    const ip = clusterIpOf(service);
    for (const port of objects(serviceSpec(service)['ports'])) {
      const number = port['port'];
      const protocol = typeof port['protocol'] === 'string' ? port['protocol'] : 'TCP';
      if (typeof number !== 'number' || protocol !== 'TCP') continue;
      const name = typeof port['name'] === 'string' ? port['name'] : '';
      const address = `${ip}:${number}`;
      if (routes.has(address)) continue;
      routes.set(address, {
        address,
        ip,
        port: number,
        service: `${key(service)}:${name || number}`,
        backends: backendsOf(endpointsByKey.get(key(service)), name, protocol),
      });
    }
  }
  return [...routes.values()];
}
