import { isJsonObject, type Json, type JsonObject, type KubeObject } from '../../apiserver/json.ts';
import { isDeleting, metaString } from '../../apiserver/objects/lifecycle.ts';
import { serviceSpec } from '../services/desired-cluster-ip.ts';
import { selectsPod, serviceSelector } from './service-selector.ts';

/** A Service port resolved against one pod: the name and protocol of the Service port, the pod's port. */
export interface EndpointPort {
  readonly name: string;
  readonly port: number;
  readonly protocol: string;
  readonly appProtocol?: string;
}

/** One pod behind a Service, as both Endpoints and EndpointSlices describe it. */
export interface PodEndpoint {
  readonly ip: string;
  /** The pod is Ready (always true when the Service publishes not-ready addresses). */
  readonly ready: boolean;
  /** The pod is being deleted. */
  readonly terminating: boolean;
  readonly nodeName: string;
  /** `spec.hostname`, when the pod's `spec.subdomain` names the Service. */
  readonly hostname: string;
  readonly targetRef: JsonObject;
  /** The Service's ports this pod serves (a named targetPort the pod lacks is left out). */
  readonly ports: readonly EndpointPort[];
}

function objects(value: Json | undefined): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

function field(obj: JsonObject, key: string): JsonObject {
  const value = obj[key];
  return isJsonObject(value) ? value : {};
}

function text(obj: JsonObject, key: string): string {
  const value = obj[key];
  return typeof value === 'string' ? value : '';
}

/** The pod's IP (`status.podIP`, else the first of `status.podIPs`); '' before it has one. */
export function podIp(pod: KubeObject): string {
  const status = field(pod, 'status');
  const [first] = objects(status['podIPs']);
  return text(status, 'podIP') || (first === undefined ? '' : text(first, 'ip'));
}

/** Whether the pod's `Ready` condition is True. */
export function isPodReady(pod: KubeObject): boolean {
  return objects(field(pod, 'status')['conditions']).some(
    (c) => c['type'] === 'Ready' && c['status'] === 'True',
  );
}

/**
 * Whether a pod belongs in a Service's endpoints at all (upstream's ShouldPodBeInEndpoints): it
 * has an IP, is not terminating (unless terminating pods are included) and has not finished
 * for good (Succeeded or Failed under restartPolicy Never; Succeeded under OnFailure).
 */
export function shouldPodBeInEndpoints(pod: KubeObject, includeTerminating: boolean): boolean {
  if (podIp(pod) === '') return false;
  if (!includeTerminating && isDeleting(pod)) return false;
  const phase = text(field(pod, 'status'), 'phase');
  const restartPolicy = text(field(pod, 'spec'), 'restartPolicy');
  if (restartPolicy === 'Never') return phase !== 'Failed' && phase !== 'Succeeded';
  if (restartPolicy === 'OnFailure') return phase !== 'Succeeded';
  return true;
}

/**
 * The pod port a Service port targets: a number as is, a name looked up among the pod's
 * container ports of the same protocol; undefined when the pod has no port of that name.
 */
export function resolveTargetPort(servicePort: JsonObject, pod: KubeObject): number | undefined {
  const target = servicePort['targetPort'] ?? servicePort['port'];
  if (typeof target === 'number') return target;
  if (typeof target !== 'string') return undefined;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = text(servicePort, 'protocol') || 'TCP';
  const containers = objects(field(pod, 'spec')['containers']);
  const match = containers
    .flatMap((c) => objects(c['ports']))
    .find((p) => p['name'] === target && (text(p, 'protocol') || 'TCP') === protocol);
  const port = match?.['containerPort'];
  return typeof port === 'number' ? port : undefined;
}

function resolvePorts(service: KubeObject, pod: KubeObject): EndpointPort[] {
  const resolved: EndpointPort[] = [];
  for (const servicePort of objects(serviceSpec(service)['ports'])) {
    const port = resolveTargetPort(servicePort, pod);
    if (port === undefined) continue;
    const appProtocol = text(servicePort, 'appProtocol');
    resolved.push({
      name: text(servicePort, 'name'),
      port,
      protocol: text(servicePort, 'protocol') || 'TCP',
      ...(appProtocol === '' ? {} : { appProtocol }),
    });
  }
  return resolved;
}

function podEndpoint(service: KubeObject, pod: KubeObject, publishNotReady: boolean): PodEndpoint {
  const spec = field(pod, 'spec');
  const subdomain = text(spec, 'subdomain');
  return {
    ip: podIp(pod),
    ready: publishNotReady || isPodReady(pod),
    terminating: isDeleting(pod),
    nodeName: text(spec, 'nodeName'),
    hostname:
      subdomain !== '' && subdomain === metaString(service, 'name') ? text(spec, 'hostname') : '',
    targetRef: {
      kind: 'Pod',
      namespace: metaString(pod, 'namespace'),
      name: metaString(pod, 'name'),
      uid: metaString(pod, 'uid'),
    },
    ports: resolvePorts(service, pod),
  };
}

/** Whether the Service publishes the addresses of pods that are not ready. */
export function publishesNotReady(service: KubeObject): boolean {
  return serviceSpec(service)['publishNotReadyAddresses'] === true;
}

/**
 * The pods a Service selects that belong in its endpoints, sorted by IP then UID, each with its
 * readiness and resolved ports; empty for a Service without a selector. Terminating pods are
 * included only when asked for (EndpointSlices report them, Endpoints do not unless the
 * Service publishes not-ready addresses).
 */
export function podEndpoints(
  service: KubeObject,
  pods: readonly KubeObject[],
  includeTerminating: boolean,
): PodEndpoint[] {
  const selector = serviceSelector(service);
  if (selector === undefined) return [];
  const namespace = metaString(service, 'namespace');
  const publishNotReady = publishesNotReady(service);
  return pods
    .filter((pod) => metaString(pod, 'namespace') === namespace && selectsPod(selector, pod))
    .filter((pod) => shouldPodBeInEndpoints(pod, includeTerminating || publishNotReady))
    .map((pod) => podEndpoint(service, pod, publishNotReady))
    .sort(
      (a, b) =>
        compareIps(a.ip, b.ip) || text(a.targetRef, 'uid').localeCompare(text(b.targetRef, 'uid')),
    );
}

/** Orders IPv4 addresses numerically (others after, by text). */
export function compareIps(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 4; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0 && !Number.isNaN(d)) return d;
  }
  return a.localeCompare(b);
}
