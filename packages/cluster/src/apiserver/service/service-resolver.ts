import { isJsonObject, type Json, type JsonObject } from '../json.ts';
import { labelSelectorFromSpec, matchesLabels } from '../selectors/index.ts';
import type { Store } from '../storage/index.ts';
import { labelsOf } from '../objects/lifecycle.ts';

/** Where a Service port leads in the embedded cluster: a ready endpoint's address. */
export interface ServiceTarget {
  readonly host: string;
  readonly port: number;
}

function objects(value: Json | undefined): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

function field(obj: JsonObject, key: string): JsonObject {
  const value = obj[key];
  return isJsonObject(value) ? value : {};
}

/** The port entry of a Service for a port number. */
function servicePort(service: JsonObject, port: number): JsonObject | undefined {
  return objects(field(service, 'spec')['ports']).find((p) => p['port'] === port);
}

function fromEndpoints(
  endpoints: JsonObject | undefined,
  portName: Json | undefined,
): ServiceTarget | undefined {
  for (const subset of objects(endpoints?.['subsets'])) {
    const address = objects(subset['addresses'])[0];
    const ports = objects(subset['ports']);
    const port = ports.find((p) => portName === undefined || p['name'] === portName) ?? ports[0];
    if (typeof address?.['ip'] === 'string' && typeof port?.['port'] === 'number')
      return { host: address['ip'], port: port['port'] };
  }
  return undefined;
}

function containerPort(pod: JsonObject, name: string): number | undefined {
  for (const container of objects(field(pod, 'spec')['containers'])) {
    const found = objects(container['ports']).find((p) => p['name'] === name);
    if (typeof found?.['containerPort'] === 'number') return found['containerPort'];
  }
  return undefined;
}

function fromPods(
  store: Store,
  namespace: string,
  service: JsonObject,
  target: Json | undefined,
): ServiceTarget | undefined {
  const selectorSpec = field(service, 'spec')['selector'];
  if (!isJsonObject(selectorSpec) || Object.keys(selectorSpec).length === 0) return undefined;
  const selector = labelSelectorFromSpec({ matchLabels: selectorSpec });
  for (const pod of store.list(`/core/pods/${namespace}/`).items) {
    const status = field(pod, 'status');
    if (
      status['phase'] !== 'Running' ||
      typeof status['podIP'] !== 'string' ||
      !matchesLabels(selector, labelsOf(pod))
    )
      continue;
    const port =
      typeof target === 'number'
        ? target
        : typeof target === 'string'
          ? containerPort(pod, target)
          : undefined;
    if (port !== undefined) return { host: status['podIP'], port };
  }
  return undefined;
}

/**
 * Resolves `namespace/name:port` of a Service to an endpoint, as a cluster's service routing
 * would: the Service's Endpoints when they exist, otherwise a running pod matching its selector.
 * Throws when there is no such Service, port or endpoint (webhooks and aggregation report it).
 */
export function resolveServiceTarget(
  store: Store,
  namespace: string,
  name: string,
  port: number,
): ServiceTarget {
  const service = store.get(`/core/services/${namespace}/${name}`);
  if (service === undefined) throw new Error(`service "${namespace}/${name}" not found`);
  const entry = servicePort(service, port);
  if (entry === undefined) throw new Error(`service "${namespace}/${name}" has no port ${port}`);
  const found =
    fromEndpoints(store.get(`/core/endpoints/${namespace}/${name}`), entry['name']) ??
    fromPods(store, namespace, service, entry['targetPort'] ?? port);
  if (found === undefined) throw new Error(`service "${namespace}/${name}" has no ready endpoints`);
  return found;
}
