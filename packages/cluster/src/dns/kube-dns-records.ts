import { isIPv4 } from 'node:net';
import { isJsonObject, type Json, type JsonObject, type KubeObject } from '../apiserver/json.ts';
import { metaString } from '../apiserver/objects/lifecycle.ts';
import type {
  DnsPort,
  EndpointAddress,
  EndpointsRecord,
  PodRecord,
  ServiceRecord,
} from './dns-index.ts';

function objects(value: Json | undefined): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

function text(obj: JsonObject, field: string): string {
  const value = obj[field];
  return typeof value === 'string' ? value : '';
}

function section(obj: KubeObject, field: 'spec' | 'status'): JsonObject {
  const value = obj[field];
  return isJsonObject(value) ? value : {};
}

function portsOf(value: Json | undefined): DnsPort[] {
  return objects(value).flatMap((p) => {
    const port = p['port'];
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) return [];
    return [{ name: text(p, 'name'), protocol: text(p, 'protocol') || 'TCP', port }];
  });
}

const hostPattern =
  /^(?=.{1,253}$)[A-Za-z0-9_]([-A-Za-z0-9_]{0,62})(\.[A-Za-z0-9_][-A-Za-z0-9_]{0,62})*$/;

/**
 * What DNS answers for a `v1 Service`: ExternalName (a valid `spec.externalName`), headless
 * (`clusterIP: None`) or ClusterIP (its `spec.clusterIP`, `''` until allocated), with its
 * ports. Undefined for an object without a namespace or name.
 */
export function serviceRecordOf(obj: KubeObject): ServiceRecord | undefined {
  const namespace = metaString(obj, 'namespace');
  const name = metaString(obj, 'name');
  if (namespace === '' || name === '') return undefined;
  const spec = section(obj, 'spec');
  const base = { namespace, name, ports: portsOf(spec['ports']) };
  if (text(spec, 'type') === 'ExternalName') {
    const externalName = text(spec, 'externalName').replace(/\.$/, '');
    // An unusable externalName leaves the name existing without data, never a broken answer.
    return hostPattern.test(externalName)
      ? { ...base, kind: 'external-name', externalName }
      : { ...base, kind: 'cluster-ip', clusterIp: '' };
  }
  const clusterIp = text(spec, 'clusterIP');
  return clusterIp === 'None'
    ? { ...base, kind: 'headless' }
    : { ...base, kind: 'cluster-ip', clusterIp };
}

function addressOf(obj: JsonObject): EndpointAddress[] {
  const ip = text(obj, 'ip');
  if (!isIPv4(ip)) return [];
  const hostname = text(obj, 'hostname');
  return [hostname === '' ? { ip } : { ip, hostname }];
}

/** The ready addresses (`subsets[].addresses`, with `hostname`) and ports of a `v1 Endpoints`. */
export function endpointsRecordOf(obj: KubeObject): EndpointsRecord | undefined {
  const namespace = metaString(obj, 'namespace');
  const name = metaString(obj, 'name');
  if (namespace === '' || name === '') return undefined;
  const subsets = objects(obj['subsets']).map((subset) => ({
    addresses: objects(subset['addresses']).flatMap(addressOf),
    ports: portsOf(subset['ports']),
  }));
  return { namespace, name, subsets };
}

/**
 * A pod's DNS record: its IPv4 `status.podIP`, while it has one and has not finished
 * (Succeeded and Failed pods keep a podIP that another pod may already hold). Host-network pods
 * share their node's address and get none.
 */
export function podRecordOf(obj: KubeObject): PodRecord | undefined {
  const namespace = metaString(obj, 'namespace');
  const name = metaString(obj, 'name');
  const status = section(obj, 'status');
  const ip = text(status, 'podIP');
  const phase = text(status, 'phase');
  if (namespace === '' || name === '' || !isIPv4(ip)) return undefined;
  if (phase === 'Succeeded' || phase === 'Failed') return undefined;
  if (section(obj, 'spec')['hostNetwork'] === true) return undefined;
  return { namespace, name, ip };
}
