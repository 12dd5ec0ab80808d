import { createHash } from 'node:crypto';
import type { JsonObject, KubeObject } from '../../apiserver/json.ts';
import { metaString } from '../../apiserver/objects/lifecycle.ts';
import { endpointLabels } from './desired-endpoints.ts';
import { podEndpoints, type EndpointPort, type PodEndpoint } from './pod-endpoints.ts';
import { serviceSelector } from './service-selector.ts';

/** The label naming the Service of an EndpointSlice. */
export const serviceNameLabel = 'kubernetes.io/service-name';
/** The label naming the controller that manages an EndpointSlice. */
export const managedByLabel = 'endpointslice.kubernetes.io/managed-by';
/** Upstream's value of {@link managedByLabel}, which tools look for. */
export const endpointSliceControllerName = 'endpointslice-controller.k8s.io';
/** Endpoints per slice, upstream's default `--max-endpoints-per-slice`. */
export const maxEndpointsPerSlice = 100;

const suffixAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** A deterministic 5-character suffix in the alphabet of generated names. */
function suffix(text: string): string {
  const digest = createHash('sha256').update(text).digest();
  return [...digest.subarray(0, 5)].map((b) => suffixAlphabet[b % suffixAlphabet.length]).join('');
}

function endpointJson(endpoint: PodEndpoint): JsonObject {
  const json: JsonObject = {
    addresses: [endpoint.ip],
    conditions: {
      ready: endpoint.ready && !endpoint.terminating,
      serving: endpoint.ready,
      terminating: endpoint.terminating,
    },
  };
  if (endpoint.hostname !== '') json['hostname'] = endpoint.hostname;
  if (endpoint.nodeName !== '') json['nodeName'] = endpoint.nodeName;
  json['targetRef'] = endpoint.targetRef;
  return json;
}

function portJson(port: EndpointPort): JsonObject {
  const json: JsonObject = { name: port.name, port: port.port, protocol: port.protocol };
  if (port.appProtocol !== undefined) json['appProtocol'] = port.appProtocol;
  return json;
}

function byPorts(endpoints: readonly PodEndpoint[]): Map<string, PodEndpoint[]> {
  const groups = new Map<string, PodEndpoint[]>();
  for (const endpoint of endpoints) {
    const key = JSON.stringify(
      [...endpoint.ports].sort((a, b) => a.name.localeCompare(b.name) || a.port - b.port),
    );
    groups.set(key, [...(groups.get(key) ?? []), endpoint]);
  }
  return groups;
}

function slice(
  service: KubeObject,
  portsKey: string,
  chunk: number,
  members: PodEndpoint[],
): KubeObject {
  const name = metaString(service, 'name');
  const ports = JSON.parse(portsKey) as EndpointPort[];
  const obj: KubeObject = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: `${name}-${suffix(`${portsKey}#${chunk}`)}`,
      namespace: metaString(service, 'namespace'),
      labels: {
        ...endpointLabels(service),
        [serviceNameLabel]: name,
        [managedByLabel]: endpointSliceControllerName,
      },
      ownerReferences: [
        {
          apiVersion: 'v1',
          kind: 'Service',
          name,
          uid: metaString(service, 'uid'),
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    addressType: 'IPv4',
    endpoints: members.map(endpointJson),
  };
  if (ports.length > 0) obj['ports'] = ports.map(portJson);
  return obj;
}

/**
 * The `discovery.k8s.io/v1` EndpointSlices of a Service with a selector: its pods (terminating
 * ones included, with `ready`/`serving`/`terminating` conditions), one slice per set of resolved
 * ports and at most {@link maxEndpointsPerSlice} endpoints each, named deterministically
 * (`<service>-<5 chars>`), labelled with the Service's name and the managing controller, and
 * owned by the Service. A Service selecting no pods gets one empty slice, as upstream; one
 * without a selector (or ExternalName) gets none.
 */
export function desiredEndpointSlices(
  service: KubeObject,
  pods: readonly KubeObject[],
): KubeObject[] {
  if (serviceSelector(service) === undefined) return [];
  const groups = byPorts(podEndpoints(service, pods, true));
  if (groups.size === 0) return [slice(service, '[]', 0, [])];
  const slices: KubeObject[] = [];
  for (const [portsKey, members] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    for (let start = 0; start < members.length; start += maxEndpointsPerSlice)
      slices.push(
        slice(
          service,
          portsKey,
          start / maxEndpointsPerSlice,
          members.slice(start, start + maxEndpointsPerSlice),
        ),
      );
  }
  return slices;
}
