import { isJsonObject, type Json, type JsonObject, type KubeObject } from '../json.ts';
import { statusErrors } from '../status-error.ts';
import { nodeStreamPath, type StreamKind } from '../../node/streaming/streaming-paths.ts';

/** Where a node's streaming server listens. */
export interface NodeEndpoint {
  readonly host: string;
  readonly port: number;
}

/** A pod stream resolved to its node: the endpoint and the node-side path (with query). */
export interface PodStreamTarget {
  readonly endpoint: NodeEndpoint;
  readonly path: string;
  readonly container: string;
}

const defaultContainerAnnotation = 'kubectl.kubernetes.io/default-container';

function field(object: Json | undefined, name: string): Json | undefined {
  return isJsonObject(object) ? object[name] : undefined;
}

function text(value: Json | undefined): string {
  return typeof value === 'string' ? value : '';
}

function containerNames(spec: Json | undefined, list: string): string[] {
  const items = field(spec, list);
  return Array.isArray(items)
    ? items.map((c) => text(field(c, 'name'))).filter((n) => n !== '')
    : [];
}

/**
 * The node's streaming endpoint: `status.daemonEndpoints.kubeletEndpoint.Port` on its InternalIP
 * (127.0.0.1 when it has none). 503 when the node has not published a port.
 */
export function nodeEndpoint(node: KubeObject): NodeEndpoint {
  const status = field(node, 'status');
  const port = field(field(field(status, 'daemonEndpoints'), 'kubeletEndpoint'), 'Port');
  const name = text(field(node.metadata, 'name'));
  if (typeof port !== 'number' || !Number.isInteger(port) || port <= 0 || port > 65535)
    throw statusErrors.serviceUnavailable(
      `node "${name}" does not publish a kubelet endpoint port`,
    );
  const addresses = field(status, 'addresses');
  const internal = Array.isArray(addresses)
    ? addresses.find((a) => text(field(a, 'type')) === 'InternalIP')
    : undefined;
  const host = text(field(internal, 'address'));
  return { host: host === '' ? '127.0.0.1' : host, port };
}

function choices(pod: KubeObject, name: string): string {
  const spec = field(pod, 'spec');
  const init = containerNames(spec, 'initContainers');
  const ephemeral = containerNames(spec, 'ephemeralContainers');
  let message = `a container name must be specified for pod ${name}, choose one of: [${containerNames(spec, 'containers').join(' ')}]`;
  if (init.length > 0) message += ` or one of the init containers: [${init.join(' ')}]`;
  if (ephemeral.length > 0)
    message += ` or one of the ephemeral containers: [${ephemeral.join(' ')}]`;
  return message;
}

/**
 * The container a stream is for: `container` from the query; else the pod's only container, or
 * the one its `kubectl.kubernetes.io/default-container` annotation names; else 400 asking to
 * choose. 400 too when the named container is not in the pod.
 */
export function chooseContainer(pod: KubeObject, query: URLSearchParams): string {
  const spec = field(pod, 'spec');
  const name = text(field(pod.metadata, 'name'));
  const main = containerNames(spec, 'containers');
  const all = [
    ...main,
    ...containerNames(spec, 'initContainers'),
    ...containerNames(spec, 'ephemeralContainers'),
  ];
  const asked = query.get('container') ?? '';
  const annotated = text(field(field(pod.metadata, 'annotations'), defaultContainerAnnotation));
  const chosen =
    asked !== ''
      ? asked
      : main.length === 1
        ? (main[0] ?? '')
        : all.includes(annotated)
          ? annotated
          : '';
  if (chosen === '') throw statusErrors.badRequest(choices(pod, name));
  if (!all.includes(chosen))
    throw statusErrors.badRequest(`container ${chosen} is not valid for pod ${name}`);
  return chosen;
}

function containerStatus(pod: KubeObject, container: string): JsonObject | undefined {
  const status = field(pod, 'status');
  for (const list of ['containerStatuses', 'initContainerStatuses', 'ephemeralContainerStatuses']) {
    const items = field(status, list);
    const found = Array.isArray(items)
      ? items.find((s) => text(field(s, 'name')) === container)
      : undefined;
    if (isJsonObject(found)) return found;
  }
  return undefined;
}

/** 400 for a log request on a container that has never run yet (as kubelet answers it). */
function checkLogReady(pod: KubeObject, container: string): void {
  const status = containerStatus(pod, container);
  const waiting = field(field(status, 'state'), 'waiting');
  const ranBefore = isJsonObject(field(field(status, 'lastState'), 'terminated'));
  if (!isJsonObject(waiting) || ranBefore) return;
  const reason = text(field(waiting, 'reason')) || 'ContainerCreating';
  const name = text(field(pod.metadata, 'name'));
  throw statusErrors.badRequest(
    `container "${container}" in pod "${name}" is waiting to start: ${reason}`,
  );
}

function checkRunnable(pod: KubeObject, kind: StreamKind): void {
  const phase = text(field(field(pod, 'status'), 'phase'));
  if (phase !== 'Succeeded' && phase !== 'Failed') return;
  if (kind === 'exec')
    throw statusErrors.badRequest(
      `cannot exec into a container in a completed pod; current phase is ${phase}`,
    );
  if (kind === 'attach')
    throw statusErrors.badRequest(
      `cannot attach to a container in a completed pod; current phase is ${phase}`,
    );
}

/** Whether a subresource name is one the node serves. */
export function isStreamKind(subresource: string): subresource is StreamKind {
  return ['log', 'exec', 'attach', 'portforward'].includes(subresource);
}

/**
 * Resolves a pod stream to its node: checks that the pod is bound, picks and checks the container
 * (not for port-forward), refuses exec/attach on a completed pod and logs of a container that has
 * not started, and builds the node-side path. Throws StatusErrors in Kubernetes' wording.
 */
export function podStreamTarget(
  pod: KubeObject,
  node: KubeObject | undefined,
  request: { kind: StreamKind; query: URLSearchParams },
): PodStreamTarget {
  const { kind, query } = request;
  const name = text(field(pod.metadata, 'name'));
  const nodeName = text(field(field(pod, 'spec'), 'nodeName'));
  if (nodeName === '') throw statusErrors.badRequest(`pod ${name} does not have a host assigned`);
  const container = kind === 'portforward' ? '' : chooseContainer(pod, query);
  checkRunnable(pod, kind);
  if (kind === 'log') checkLogReady(pod, container);
  if (node === undefined) throw statusErrors.notFound('nodes', nodeName);
  const target = {
    kind,
    namespace: text(field(pod.metadata, 'namespace')),
    pod: name,
    podUid: text(field(pod.metadata, 'uid')),
    container,
  };
  const nodeQuery = new URLSearchParams(query);
  const podIP = text(field(field(pod, 'status'), 'podIP'));
  if (kind === 'portforward' && podIP !== '') nodeQuery.set('podIP', podIP);
  return { endpoint: nodeEndpoint(node), path: nodeStreamPath(target, nodeQuery), container };
}
