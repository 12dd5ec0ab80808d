import type { JsonObject, KubeObject } from '../../apiserver/json.ts';
import { labelsOf, metaString } from '../../apiserver/objects/lifecycle.ts';
import { serviceSpec } from '../services/desired-cluster-ip.ts';
import { podEndpoints, type EndpointPort, type PodEndpoint } from './pod-endpoints.ts';
import { serviceSelector } from './service-selector.ts';

/** The label upstream puts on the endpoints of a headless Service. */
export const headlessLabel = 'service.kubernetes.io/headless';

/** Whether a Service is headless (`clusterIP: None`). */
export function isHeadless(service: KubeObject): boolean {
  return serviceSpec(service)['clusterIP'] === 'None';
}

/** A Service's labels, plus the headless label when it is headless (what its endpoints carry). */
export function endpointLabels(service: KubeObject): Record<string, string> {
  const labels = labelsOf(service);
  if (isHeadless(service)) labels[headlessLabel] = '';
  else Reflect.deleteProperty(labels, headlessLabel);
  return labels;
}

function address(endpoint: PodEndpoint): JsonObject {
  const addr: JsonObject = { ip: endpoint.ip };
  if (endpoint.hostname !== '') addr['hostname'] = endpoint.hostname;
  if (endpoint.nodeName !== '') addr['nodeName'] = endpoint.nodeName;
  addr['targetRef'] = endpoint.targetRef;
  return addr;
}

function portJson(port: EndpointPort): JsonObject {
  const json: JsonObject = {};
  if (port.name !== '') json['name'] = port.name;
  json['port'] = port.port;
  json['protocol'] = port.protocol;
  if (port.appProtocol !== undefined) json['appProtocol'] = port.appProtocol;
  return json;
}

interface Subset {
  readonly ports: readonly EndpointPort[];
  readonly addresses: JsonObject[];
  readonly notReadyAddresses: JsonObject[];
}

/**
 * Groups addresses by the exact set of ports they serve (upstream's RepackSubsets): one subset
 * per port set, ready and not-ready addresses apart, subsets ordered by their ports.
 */
function repack(endpoints: readonly PodEndpoint[], headlessWithoutPorts: boolean): Subset[] {
  const subsets = new Map<string, Subset>();
  for (const endpoint of endpoints) {
    if (endpoint.ports.length === 0 && !headlessWithoutPorts) continue;
    const ports = [...endpoint.ports].sort(
      (a, b) => a.name.localeCompare(b.name) || a.port - b.port,
    );
    const key = JSON.stringify(ports);
    let subset = subsets.get(key);
    if (subset === undefined) {
      subset = { ports, addresses: [], notReadyAddresses: [] };
      subsets.set(key, subset);
    }
    (endpoint.ready ? subset.addresses : subset.notReadyAddresses).push(address(endpoint));
  }
  return [...subsets.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, s]) => s);
}

function subsetJson(subset: Subset): JsonObject {
  const json: JsonObject = {};
  if (subset.addresses.length > 0) json['addresses'] = subset.addresses;
  if (subset.notReadyAddresses.length > 0) json['notReadyAddresses'] = subset.notReadyAddresses;
  if (subset.ports.length > 0) json['ports'] = subset.ports.map(portJson);
  return json;
}

/**
 * The `v1 Endpoints` of a Service with a selector, from the pods of its namespace: ready pods
 * under `addresses`, the others under `notReadyAddresses` (each with `ip`, `nodeName` and a Pod
 * `targetRef`), ports resolved per pod from the Service's (named) targetPorts and subsets grouped
 * by port set; the Service's labels. Undefined for Services without a selector or of type
 * ExternalName, whose Endpoints the controller leaves alone.
 */
export function desiredEndpoints(
  service: KubeObject,
  pods: readonly KubeObject[],
): KubeObject | undefined {
  if (serviceSelector(service) === undefined) return undefined;
  const ports = serviceSpec(service)['ports'];
  const noPorts = !Array.isArray(ports) || ports.length === 0;
  const subsets = repack(podEndpoints(service, pods, false), noPorts && isHeadless(service));
  const endpoints: KubeObject = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: {
      name: metaString(service, 'name'),
      namespace: metaString(service, 'namespace'),
      labels: endpointLabels(service),
    },
  };
  if (subsets.length > 0) endpoints['subsets'] = subsets.map(subsetJson);
  return endpoints;
}
