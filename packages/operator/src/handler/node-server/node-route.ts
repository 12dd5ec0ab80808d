import { NodeStatusError } from './node-status-error.ts';

/** The byte streams of a VMI the node endpoint serves as websockets. */
export const streamKinds = ['console', 'vnc', 'spice'] as const;
export type StreamKind = (typeof streamKinds)[number];

/** The VMI actions (PUT, answered 204). */
export const vmiActions = ['pause', 'unpause', 'softreboot', 'reset'] as const;
export type VmiAction = (typeof vmiActions)[number];

/** The VMI a route is about. */
export interface VmiRef {
  readonly namespace: string;
  readonly name: string;
}

/** What a request to the node endpoint asks for. */
export type NodeRoute =
  | (VmiRef & { readonly kind: 'stream'; readonly stream: StreamKind })
  | (VmiRef & { readonly kind: 'action'; readonly action: VmiAction })
  | (VmiRef & { readonly kind: 'guestosinfo' })
  | (VmiRef & { readonly kind: 'screenshot' });

/** A request as the router sees it. */
export interface RouteRequest {
  readonly method: string;
  /** The request target (path and query). */
  readonly url: string;
  /** Whether it asks for a websocket upgrade. */
  readonly upgrade: boolean;
}

const prefix = /^\/v1\/namespaces\/([^/]+)\/virtualmachineinstances\/([^/]+)\/(.+)$/;
const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const dnsSubdomain = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

const isOneOf = <T extends string>(value: string, list: readonly T[]): value is T =>
  (list as readonly string[]).includes(value);

function methodNotAllowed(method: string, allowed: string, path: string): NodeStatusError {
  return new NodeStatusError(405, `the method ${method} is not allowed on ${path}; use ${allowed}`);
}

function routeFor(ref: VmiRef, sub: string, request: RouteRequest, path: string): NodeRoute {
  const { method, upgrade } = request;
  if (isOneOf(sub, streamKinds)) {
    if (method !== 'GET') throw methodNotAllowed(method, 'GET', path);
    if (!upgrade) {
      throw new NodeStatusError(400, `${path} is a websocket: send a GET with Upgrade: websocket`);
    }
    return { ...ref, kind: 'stream', stream: sub };
  }
  if (isOneOf(sub, vmiActions)) {
    if (method !== 'PUT') throw methodNotAllowed(method, 'PUT', path);
    return { ...ref, kind: 'action', action: sub };
  }
  if (sub === 'guestosinfo' || sub === 'vnc/screenshot') {
    if (method !== 'GET') throw methodNotAllowed(method, 'GET', path);
    return { ...ref, kind: sub === 'guestosinfo' ? 'guestosinfo' : 'screenshot' };
  }
  throw new NodeStatusError(404, `the virt-handler endpoint serves no ${sub} on ${path}`);
}

/**
 * Parses a request to virt-handler's node endpoint:
 * `/v1/namespaces/{ns}/virtualmachineinstances/{name}/{console|vnc|spice}` (websocket GET),
 * `…/{pause|unpause|softreboot|reset}` (PUT), `…/guestosinfo` and `…/vnc/screenshot` (GET).
 * Throws a {@link NodeStatusError} (400, 404, 405) naming what is wrong.
 */
export function parseNodeRoute(request: RouteRequest): NodeRoute {
  const path = request.url.split('?')[0] ?? '';
  const match = prefix.exec(path);
  if (match === null) throw new NodeStatusError(404, `the virt-handler endpoint serves no ${path}`);
  const [, namespace = '', name = '', sub = ''] = match;
  if (!dnsLabel.test(namespace)) {
    throw new NodeStatusError(400, `the namespace '${namespace}' is not a valid DNS label`);
  }
  if (!dnsSubdomain.test(name)) {
    throw new NodeStatusError(400, `the VMI name '${name}' is not a valid DNS subdomain`);
  }
  return routeFor({ namespace, name }, sub, request, path);
}
