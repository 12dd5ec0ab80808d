import { isJsonObject, type JsonObject, type KubeObject } from '../../apiserver/json.ts';
import { metaString } from '../../apiserver/objects/lifecycle.ts';
import { allocateClusterIp } from './allocate-cluster-ip.ts';
import { isClusterIpIn, type ClusterIpRange } from './cluster-ip-range.ts';

/** The `spec` of a Service, or an empty object. */
export function serviceSpec(service: KubeObject): JsonObject {
  const spec = service['spec'];
  return isJsonObject(spec) ? spec : {};
}

function stringAt(obj: JsonObject, key: string): string {
  const value = obj[key];
  return typeof value === 'string' ? value : '';
}

function firstString(obj: JsonObject, key: string): string {
  const list = obj[key];
  const [first] = Array.isArray(list) ? list : [];
  return typeof first === 'string' ? first : '';
}

/** The ClusterIP a Service holds (`spec.clusterIP`, else `spec.clusterIPs[0]`); '' when none. */
export function clusterIpOf(service: KubeObject): string {
  const spec = serviceSpec(service);
  return stringAt(spec, 'clusterIP') || firstString(spec, 'clusterIPs');
}

/** The ClusterIPs held by Services, a Service's own excepted (headless `None` is not an address). */
export function usedClusterIps(services: readonly KubeObject[], except?: KubeObject): Set<string> {
  const exceptUid = except === undefined ? undefined : metaString(except, 'uid');
  const used = new Set<string>();
  for (const service of services) {
    if (metaString(service, 'uid') === exceptUid) continue;
    const ip = clusterIpOf(service);
    if (ip !== '' && ip !== 'None') used.add(ip);
  }
  return used;
}

function sameFields(spec: JsonObject, wanted: JsonObject): boolean {
  return Object.entries(wanted).every(
    ([key, value]) => JSON.stringify(spec[key]) === JSON.stringify(value),
  );
}

/** What {@link desiredClusterIpSpec} decides from. */
export interface DesiredClusterIpInput {
  readonly service: KubeObject;
  /** The ClusterIPs other Services hold. */
  readonly used: ReadonlySet<string>;
  /** The cluster's ClusterIP range. */
  readonly range: ClusterIpRange;
}

/**
 * The `spec` fields a Service still lacks for its virtual IP, or undefined when it has them:
 * ClusterIP, NodePort and LoadBalancer Services without an address get one from `range` (a
 * `spec.clusterIPs[0]` set alone is taken as the request), with `clusterIPs`, `ipFamilies:
 * [IPv4]` and `ipFamilyPolicy: SingleStack`; headless Services (`clusterIP: None`) keep `None`;
 * ExternalName Services get nothing. A Service holding an address outside `range` (written while
 * the cluster used another range: a data directory of loopback mode started with the pod network,
 * or back) gets a new one, since no proxy serves the old one any more. Throws the allocator's
 * StatusError when no address is free.
 */
export function desiredClusterIpSpec(input: DesiredClusterIpInput): JsonObject | undefined {
  const { service, range, used } = input;
  const spec = serviceSpec(service);
  if (stringAt(spec, 'type') === 'ExternalName') return undefined;
  const held = clusterIpOf(service);
  const keep = held === 'None' || (held !== '' && isClusterIpIn(range, held));
  const ip = keep
    ? held
    : allocateClusterIp(range, { used, serviceName: metaString(service, 'name') });
  const wanted: JsonObject = {
    clusterIP: ip,
    clusterIPs: [ip],
    ipFamilies: ['IPv4'],
    ipFamilyPolicy: 'SingleStack',
  };
  return sameFields(spec, wanted) ? undefined : wanted;
}
