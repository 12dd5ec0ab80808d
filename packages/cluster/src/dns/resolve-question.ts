import { isIPv4, isIPv6 } from 'node:net';
import type { DnsSource, EndpointAddress, ServiceRecord } from './dns-index.ts';
import {
  classIn,
  rcodes,
  recordTypes,
  type Question,
  type RecordData,
  type ResourceRecord,
} from './dns-message.ts';
import {
  canonicalName,
  dashedIp,
  ipOfDashedLabel,
  ipOfReverseLabels,
  labelsUnder,
} from './dns-name.ts';

/**
 * How `<a-b-c-d>.<ns>.pod.<zone>` is answered, as CoreDNS's `pods` option: `insecure` for any
 * well-formed address (CoreDNS's default Corefile), `verified` only when a pod of that namespace
 * holds it, `disabled` never. The mode also gates PTR answers for pod addresses.
 */
export type PodsMode = 'insecure' | 'verified' | 'disabled';

/** What the resolver needs to know besides the data. */
export interface ResolverConfig {
  /** The cluster domain, canonical (`cluster.local`). */
  readonly zone: string;
  /** The TTL of every answer, in seconds. */
  readonly ttl: number;
  readonly pods: PodsMode;
}

/** The version of the Kubernetes DNS schema answered at `dns-version.<zone>` (as CoreDNS). */
export const dnsSchemaVersion = '1.1.0';

/** The reverse zone answered for Service and pod addresses. */
export const reverseZone = 'in-addr.arpa';

/** An authoritative answer: NOERROR (with or without records) or NXDOMAIN. */
export interface Answer {
  readonly kind: 'answer';
  readonly rcode: number;
  readonly answers: readonly ResourceRecord[];
  readonly authorities: readonly ResourceRecord[];
  readonly additionals: readonly ResourceRecord[];
}

/**
 * What to do with a question: an authoritative answer; `outside` for a name in neither zone
 * (REFUSED, or forwarded when upstreams are configured); `unknown-reverse` for a reverse name
 * with no cluster record (forwarded when upstreams are configured, else `nxdomain`).
 */
export type Resolution =
  | Answer
  | { readonly kind: 'outside' }
  | { readonly kind: 'unknown-reverse'; readonly nxdomain: Answer };

interface RecordSpec {
  readonly type: number;
  readonly data: RecordData;
}

/** The records at one existing name, and the records the Additional section may carry. */
interface NameNode {
  readonly records: readonly RecordSpec[];
  readonly additionals: readonly ResourceRecord[];
}

interface Lookup {
  readonly source: DnsSource;
  readonly config: ResolverConfig;
}

const emptyNode: NameNode = { records: [], additionals: [] };

function a(address: string): RecordSpec {
  return { type: recordTypes.A, data: { kind: 'a', address } };
}

function serviceName(service: ServiceRecord, zone: string): string {
  return `${service.name}.${service.namespace}.svc.${zone}`.toLowerCase();
}

function readyAddresses(lookup: Lookup, service: ServiceRecord): EndpointAddress[] {
  const seen = new Map<string, EndpointAddress>();
  const eps = lookup.source.endpoints(service.namespace, service.name);
  for (const subset of eps?.subsets ?? [])
    for (const address of subset.addresses)
      if (!seen.has(address.ip)) seen.set(address.ip, address);
  return [...seen.values()].sort((x, y) => x.ip.localeCompare(y.ip));
}

function hostnameOf(address: EndpointAddress): string {
  return (address.hostname ?? dashedIp(address.ip)).toLowerCase();
}

function serviceNode(lookup: Lookup, service: ServiceRecord): NameNode | undefined {
  switch (service.kind) {
    case 'external-name':
      return {
        records: [
          { type: recordTypes.CNAME, data: { kind: 'name', target: service.externalName } },
        ],
        additionals: [],
      };
    case 'cluster-ip':
      if (isIPv4(service.clusterIp)) return { records: [a(service.clusterIp)], additionals: [] };
      if (isIPv6(service.clusterIp))
        return {
          records: [{ type: recordTypes.AAAA, data: { kind: 'aaaa', address: service.clusterIp } }],
          additionals: [],
        };
      return emptyNode;
    case 'headless': {
      // Kubernetes DNS spec §2.4.1: a headless Service without ready endpoints is NXDOMAIN.
      const addresses = readyAddresses(lookup, service).filter((x) => isIPv4(x.ip));
      return addresses.length === 0
        ? undefined
        : { records: addresses.map((x) => a(x.ip)), additionals: [] };
    }
  }
}

interface SrvTarget {
  readonly port: number;
  readonly target: string;
  readonly ip: string;
}

function srvTargets(
  lookup: Lookup,
  service: ServiceRecord,
  port: string,
  protocol: string,
): SrvTarget[] {
  const matches = (p: { name: string; protocol: string }): boolean =>
    p.name !== '' && p.name.toLowerCase() === port && p.protocol.toLowerCase() === protocol;
  const name = serviceName(service, lookup.config.zone);
  if (service.kind === 'cluster-ip') {
    if (!isIPv4(service.clusterIp)) return [];
    return service.ports
      .filter(matches)
      .map((p) => ({ port: p.port, target: name, ip: service.clusterIp }));
  }
  if (service.kind !== 'headless') return [];
  const eps = lookup.source.endpoints(service.namespace, service.name);
  return (eps?.subsets ?? []).flatMap((subset) =>
    subset.ports
      .filter(matches)
      .flatMap((p) =>
        subset.addresses
          .filter((x) => isIPv4(x.ip))
          .map((x) => ({ port: p.port, target: `${hostnameOf(x)}.${name}`, ip: x.ip })),
      ),
  );
}

function srvNode(
  lookup: Lookup,
  service: ServiceRecord,
  port: string,
  protocol: string,
): NameNode | undefined {
  const targets = srvTargets(lookup, service, port, protocol);
  if (targets.length === 0) return undefined;
  const weight = Math.max(1, Math.floor(100 / targets.length));
  const additionals = new Map<string, ResourceRecord>();
  for (const t of targets)
    additionals.set(`${t.target} ${t.ip}`, {
      name: t.target,
      type: recordTypes.A,
      class: classIn,
      ttl: lookup.config.ttl,
      data: { kind: 'a', address: t.ip },
    });
  return {
    records: targets.map((t) => ({
      type: recordTypes.SRV,
      data: { kind: 'srv', priority: 0, weight, port: t.port, target: t.target },
    })),
    additionals: [...additionals.values()],
  };
}

/** `_<proto>.<svc>…`: exists when a named port of the Service (or its endpoints) uses it. */
function protocolNode(
  lookup: Lookup,
  service: ServiceRecord,
  protocol: string,
): NameNode | undefined {
  const eps = lookup.source.endpoints(service.namespace, service.name);
  const ports =
    service.kind === 'headless' ? (eps?.subsets ?? []).flatMap((s) => s.ports) : service.ports;
  return ports.some((p) => p.name !== '' && p.protocol.toLowerCase() === protocol)
    ? emptyNode
    : undefined;
}

/** `<hostname>.<svc>…` of a headless Service: its ready endpoints with that hostname. */
function hostNode(lookup: Lookup, service: ServiceRecord, label: string): NameNode | undefined {
  if (service.kind !== 'headless') return undefined;
  const addresses = readyAddresses(lookup, service).filter(
    (x) => hostnameOf(x) === label && isIPv4(x.ip),
  );
  return addresses.length === 0
    ? undefined
    : { records: addresses.map((x) => a(x.ip)), additionals: [] };
}

function serviceTree(lookup: Lookup, rest: readonly string[]): NameNode | undefined {
  const [namespace, name, first, second, ...more] = rest;
  if (namespace === undefined) return emptyNode;
  if (name === undefined) return lookup.source.hasNamespace(namespace) ? emptyNode : undefined;
  const service = lookup.source.service(namespace, name);
  if (service === undefined || more.length > 0) return undefined;
  if (first === undefined) return serviceNode(lookup, service);
  if (second === undefined)
    return first.startsWith('_')
      ? protocolNode(lookup, service, first.slice(1))
      : hostNode(lookup, service, first);
  if (!first.startsWith('_') || !second.startsWith('_')) return undefined;
  return srvNode(lookup, service, second.slice(1), first.slice(1));
}

function podTree(lookup: Lookup, rest: readonly string[]): NameNode | undefined {
  if (lookup.config.pods === 'disabled') return undefined;
  const [namespace, label, ...more] = rest;
  if (namespace === undefined) return emptyNode;
  if (label === undefined) return emptyNode;
  const ip = ipOfDashedLabel(label);
  if (ip === undefined || more.length > 0) return undefined;
  if (
    lookup.config.pods === 'verified' &&
    !lookup.source.podsWithIp(ip).some((p) => p.namespace.toLowerCase() === namespace)
  )
    return undefined;
  return { records: [a(ip)], additionals: [] };
}

function zoneNode(lookup: Lookup, labels: readonly string[]): NameNode | undefined {
  const [top, ...rest] = [...labels].reverse();
  const { zone } = lookup.config;
  switch (top) {
    case undefined:
      return {
        records: [
          { type: recordTypes.SOA, data: soaData(lookup) },
          { type: recordTypes.NS, data: { kind: 'name', target: `ns.dns.${zone}` } },
        ],
        additionals: [],
      };
    case 'dns-version':
      return rest.length > 0
        ? undefined
        : {
            records: [{ type: recordTypes.TXT, data: { kind: 'txt', texts: [dnsSchemaVersion] } }],
            additionals: [],
          };
    case 'svc':
      return serviceTree(lookup, rest);
    case 'pod':
      return podTree(lookup, rest);
    case 'dns':
      // `ns.dns.<zone>`, the name in the zone's NS and SOA records.
      return rest.length === 0 || (rest.length === 1 && rest[0] === 'ns') ? emptyNode : undefined;
    default:
      return undefined;
  }
}

/** The names of headless Services' endpoints at `ip` (`<hostname>.<svc>.<ns>.svc.<zone>`). */
function endpointNamesAt(lookup: Lookup, ip: string): string[] {
  const names: string[] = [];
  for (const eps of lookup.source.allEndpoints()) {
    const service = lookup.source.service(eps.namespace, eps.name);
    if (service?.kind !== 'headless') continue;
    const serviceFqdn = serviceName(service, lookup.config.zone);
    for (const x of eps.subsets.flatMap((subset) => subset.addresses))
      if (x.ip === ip) names.push(`${hostnameOf(x)}.${serviceFqdn}`);
  }
  return names;
}

/** What `ip` reverses to: ClusterIP Services and headless endpoints, else pods (unless disabled). */
function ptrTargets(lookup: Lookup, ip: string): string[] {
  const { zone, pods } = lookup.config;
  const targets = new Set<string>(endpointNamesAt(lookup, ip));
  for (const service of lookup.source.services())
    if (service.kind === 'cluster-ip' && service.clusterIp === ip)
      targets.add(serviceName(service, zone));
  if (targets.size === 0 && pods !== 'disabled')
    for (const pod of lookup.source.podsWithIp(ip))
      targets.add(`${dashedIp(ip)}.${pod.namespace}.pod.${zone}`.toLowerCase());
  return [...targets].sort();
}

function soaData(lookup: Lookup): RecordData {
  const { zone, ttl } = lookup.config;
  return {
    kind: 'soa',
    mname: `ns.dns.${zone}`,
    rname: `hostmaster.${zone}`,
    serial: lookup.source.serial,
    refresh: 7200,
    retry: 1800,
    expire: 86400,
    minimum: ttl,
  };
}

function soaRecord(lookup: Lookup, apex: string): ResourceRecord {
  return {
    name: apex,
    type: recordTypes.SOA,
    class: classIn,
    ttl: lookup.config.ttl,
    data: soaData(lookup),
  };
}

function answerFrom(
  lookup: Lookup,
  question: Question,
  node: NameNode | undefined,
  apex: string,
): Answer {
  if (node === undefined)
    return {
      kind: 'answer',
      rcode: rcodes.nxDomain,
      answers: [],
      authorities: [soaRecord(lookup, apex)],
      additionals: [],
    };
  let matching = node.records.filter(
    (r) => question.type === recordTypes.ANY || r.type === question.type,
  );
  if (matching.length === 0) matching = node.records.filter((r) => r.type === recordTypes.CNAME);
  const answers = matching.map((r) => ({
    name: question.name,
    type: r.type,
    class: classIn,
    ttl: lookup.config.ttl,
    data: r.data,
  }));
  return {
    kind: 'answer',
    rcode: rcodes.noError,
    answers,
    authorities: answers.length === 0 ? [soaRecord(lookup, apex)] : [],
    additionals: matching.some((r) => r.type === recordTypes.SRV) ? node.additionals : [],
  };
}

/**
 * Answers one question from the cluster's records, as CoreDNS's kubernetes plugin answers the
 * Kubernetes DNS-Based Service Discovery specification: `<svc>.<ns>.svc.<zone>` (the ClusterIP;
 * a headless Service's ready endpoint addresses; an ExternalName's CNAME),
 * `<hostname>.<svc>.<ns>.svc.<zone>` for headless endpoints, `_<port>._<proto>.<svc>.<ns>.svc.<zone>`
 * SRV for named ports, `<a-b-c-d>.<ns>.pod.<zone>`, `dns-version.<zone>` TXT, the apex's SOA and
 * NS, and PTR in `in-addr.arpa` for ClusterIPs, headless endpoints and pods. Names compare
 * case-insensitively; answers carry the question's spelling. Existing names without the asked
 * type are NOERROR with the SOA (so AAAA of an IPv4 Service is empty), unknown names NXDOMAIN.
 */
export function resolveQuestion(
  source: DnsSource,
  question: Question,
  config: ResolverConfig,
): Resolution {
  const lookup: Lookup = { source, config };
  let name: string;
  try {
    name = canonicalName(question.name);
  } catch {
    return { kind: 'outside' };
  }
  const inZone = labelsUnder(name, config.zone);
  if (inZone !== undefined)
    return answerFrom(lookup, question, zoneNode(lookup, inZone), config.zone);
  const reverse = labelsUnder(name, reverseZone);
  if (reverse === undefined) return { kind: 'outside' };
  const ip = ipOfReverseLabels(reverse);
  const targets = ip === undefined ? [] : ptrTargets(lookup, ip);
  if (targets.length === 0)
    return {
      kind: 'unknown-reverse',
      nxdomain: answerFrom(lookup, question, undefined, reverseZone),
    };
  const node: NameNode = {
    records: targets.map((target) => ({ type: recordTypes.PTR, data: { kind: 'name', target } })),
    additionals: [],
  };
  return answerFrom(lookup, question, node, reverseZone);
}
