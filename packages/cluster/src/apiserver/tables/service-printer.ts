import type { Json, KubeObject } from '../json.ts';
import { arrayAt, numberAt, stringAt } from '../selectors/read-json.ts';
import { columnDescriptions as describe } from './column-descriptions.ts';
import {
  ageColumn,
  ageOf,
  column,
  formatLabelsAt,
  namedPrinter,
  nameColumn,
  nameOf,
  type TablePrinter,
} from './table-printer.ts';

function stringsAt(value: Json | undefined, ...path: readonly string[]): string[] {
  return arrayAt(value, ...path).filter((entry): entry is string => typeof entry === 'string');
}

function loadBalancerAddresses(svc: KubeObject): string[] {
  const addresses = new Set<string>();
  for (const ingress of arrayAt(svc, 'status', 'loadBalancer', 'ingress')) {
    const ip = stringAt(ingress, 'ip');
    const hostname = stringAt(ingress, 'hostname');
    if (ip !== '') addresses.add(ip);
    else if (hostname !== '') addresses.add(hostname);
  }
  return [...addresses].sort();
}

/** `getServiceExternalIP` (wide, so load-balancer addresses are never clipped). */
export function serviceExternalIP(svc: KubeObject): string {
  const externalIPs = stringsAt(svc, 'spec', 'externalIPs');
  switch (stringAt(svc, 'spec', 'type')) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const all = [...loadBalancerAddresses(svc), ...externalIPs];
      return all.length > 0 ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return stringAt(svc, 'spec', 'externalName');
    default:
      return '<unknown>';
  }
}

/** `makePortString`: `80/TCP` or `80:30080/TCP`, comma-joined, or `<none>`. */
export function servicePorts(svc: KubeObject): string {
  const ports = arrayAt(svc, 'spec', 'ports').map((port) => {
    const protocol = stringAt(port, 'protocol') || 'TCP';
    const nodePort = numberAt(port, 'nodePort');
    const number = numberAt(port, 'port');
    return nodePort > 0 ? `${number}:${nodePort}/${protocol}` : `${number}/${protocol}`;
  });
  return ports.length > 0 ? ports.join(',') : '<none>';
}

function clusterIP(svc: KubeObject): string {
  const [first] = stringsAt(svc, 'spec', 'clusterIPs');
  const single = stringAt(svc, 'spec', 'clusterIP');
  return first ?? (single === '' ? '<none>' : single);
}

/** Services: Name, Type, Cluster-IP, External-IP, Port(s), Age; wide: Selector. */
export const servicePrinter: TablePrinter = {
  columns: [
    nameColumn,
    column('Type', 'string', describe.serviceType),
    column('Cluster-IP', 'string', describe.clusterIP),
    column('External-IP', 'string', describe.externalIPs),
    column('Port(s)', 'string', describe.servicePorts),
    ageColumn,
    column('Selector', 'string', describe.serviceSelector, { priority: 1 }),
  ],
  row: (svc, now) => ({
    cells: [
      nameOf(svc),
      stringAt(svc, 'spec', 'type'),
      clusterIP(svc),
      serviceExternalIP(svc),
      servicePorts(svc),
      ageOf(svc, now),
      formatLabelsAt(svc, 'spec', 'selector'),
    ],
  }),
};

const maxEndpointsShown = 3;

function subsetEntries(subset: Json): string[] {
  const addresses = arrayAt(subset, 'addresses').map((a) => stringAt(a, 'ip'));
  const ports = arrayAt(subset, 'ports');
  if (ports.length === 0) return addresses;
  return ports.flatMap((port) => addresses.map((ip) => joinHostPort(ip, numberAt(port, 'port'))));
}

function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** `formatEndpoints`: up to three `ip:port` entries, then `+ N more...`, or `<none>`. */
export function formatEndpoints(endpoints: KubeObject): string {
  const subsets = arrayAt(endpoints, 'subsets');
  if (subsets.length === 0) return '<none>';
  const all = subsets.flatMap(subsetEntries);
  const shown = all.slice(0, maxEndpointsShown).join(',');
  return all.length > maxEndpointsShown
    ? `${shown} + ${all.length - maxEndpointsShown} more...`
    : shown;
}

/** Endpoints: Name, Endpoints, Age. */
export const endpointsPrinter: TablePrinter = namedPrinter(
  [column('Endpoints', 'string', describe.endpointSubsets)],
  (endpoints) => [formatEndpoints(endpoints)],
);
