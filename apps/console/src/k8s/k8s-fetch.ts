import { csrfHeaderName, csrfToken } from './csrf-token.ts';
import { KubeError, kubeErrorFromBody } from './kube-error.ts';
import { notifyUnauthorized } from './on-unauthorized.ts';

/** Where the BFF proxies the Kubernetes API, as the signed-in user. */
export const kubernetesApiPrefix = '/api/kubernetes';

/** A collection: `group` is `''` for the core API; no `namespace` means all (or cluster-scoped). */
export interface ResourceLocator {
  readonly group: string;
  readonly version: string;
  /** The plural resource name, e.g. `virtualmachines`. */
  readonly resource: string;
  readonly namespace?: string | undefined;
}

/** One object of a collection. */
export interface ObjectLocator extends ResourceLocator {
  readonly name: string;
}

/** What every request may carry. */
export interface K8sRequestOptions {
  readonly signal?: AbortSignal;
}

/** One RFC 6902 operation. */
export interface JsonPatchOperation {
  readonly op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  readonly path: string;
  readonly value?: unknown;
  readonly from?: string;
}

/** A JSON merge patch (RFC 7386) or a JSON patch (RFC 6902). */
export type K8sPatch =
  | { readonly type: 'merge'; readonly patch: Readonly<Record<string, unknown>> }
  | { readonly type: 'json'; readonly operations: readonly JsonPatchOperation[] };

/** A raw request to the Kubernetes API through the BFF. */
export interface K8sRequest extends K8sRequestOptions {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The API path, starting `/api/` or `/apis/` (query string allowed). */
  readonly path: string;
  readonly body?: unknown;
  readonly contentType?: string;
}

const patchContentTypes = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
} as const;

function segment(value: string): string {
  return encodeURIComponent(value);
}

/** The API path of a collection or (with `name`) an object, and optionally a subresource of it. */
export function resourcePath(
  locator: ResourceLocator & { readonly name?: string; readonly subresource?: string },
): string {
  const root =
    locator.group === ''
      ? `/api/${segment(locator.version)}`
      : `/apis/${segment(locator.group)}/${segment(locator.version)}`;
  const scope = locator.namespace === undefined ? '' : `/namespaces/${segment(locator.namespace)}`;
  const name = locator.name === undefined ? '' : `/${segment(locator.name)}`;
  const sub = locator.subresource === undefined ? '' : `/${segment(locator.subresource)}`;
  return `${root}${scope}/${segment(locator.resource)}${name}${sub}`;
}

function headersOf(request: K8sRequest): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (request.body !== undefined)
    headers['Content-Type'] = request.contentType ?? 'application/json';
  if (request.method !== 'GET') headers[csrfHeaderName] = csrfToken();
  return headers;
}

async function send(url: string, request: K8sRequest): Promise<Response> {
  try {
    return await fetch(url, {
      method: request.method,
      headers: headersOf(request),
      credentials: 'same-origin',
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      ...(request.signal === undefined ? {} : { signal: request.signal }),
    });
  } catch (error) {
    if (request.signal?.aborted === true) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new KubeError({
      code: 0,
      reason: 'NetworkError',
      message: `the console server could not be reached: ${detail}`,
    });
  }
}

/**
 * Sends one request to the Kubernetes API through the BFF (`/api/kubernetes`), with the CSRF
 * token on every method but GET, and resolves with the parsed JSON answer (`undefined` for an
 * empty one). A non-2xx answer rejects with a {@link KubeError} in the server's words; a 401 also
 * tells the {@link onUnauthorized} listeners.
 */
export async function k8sRequest(request: K8sRequest): Promise<unknown> {
  if (!request.path.startsWith('/api/') && !request.path.startsWith('/apis/'))
    throw new KubeError({
      code: 400,
      reason: 'BadRequest',
      message: `path: Invalid value: ${JSON.stringify(request.path)}: must start with /api/ or /apis/`,
    });
  const response = await send(`${kubernetesApiPrefix}${request.path}`, request);
  const text = await response.text();
  if (!response.ok) {
    const error = kubeErrorFromBody(response.status, text);
    if (response.status === 401) notifyUnauthorized(error);
    throw error;
  }
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

/** Reads one object. */
export async function k8sGet<T>(
  locator: ObjectLocator,
  options: K8sRequestOptions = {},
): Promise<T> {
  return (await k8sRequest({ ...options, method: 'GET', path: resourcePath(locator) })) as T;
}

/** What a list may be narrowed by. */
export interface K8sListOptions extends K8sRequestOptions {
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
}

interface ListPage<T> {
  readonly items?: T[];
  readonly metadata?: { readonly continue?: string };
}

const listPageSize = 500;

function listPath(locator: ResourceLocator, options: K8sListOptions, token: string): string {
  const search = new URLSearchParams({ limit: String(listPageSize) });
  if (options.labelSelector !== undefined) search.set('labelSelector', options.labelSelector);
  if (options.fieldSelector !== undefined) search.set('fieldSelector', options.fieldSelector);
  if (token !== '') search.set('continue', token);
  return `${resourcePath(locator)}?${search.toString()}`;
}

/** Lists a collection (every page of it), resolving with its items. */
export async function k8sList<T>(
  locator: ResourceLocator,
  options: K8sListOptions = {},
): Promise<T[]> {
  const items: T[] = [];
  let token = '';
  do {
    const page = (await k8sRequest({
      method: 'GET',
      path: listPath(locator, options, token),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    })) as ListPage<T>;
    items.push(...(page.items ?? []));
    token = page.metadata?.continue ?? '';
  } while (token !== '');
  return items;
}

/** Creates `body` in the collection; resolves with the object as the server stored it. */
export async function k8sCreate<T>(
  locator: ResourceLocator,
  body: T,
  options: K8sRequestOptions = {},
): Promise<T> {
  return (await k8sRequest({ ...options, method: 'POST', path: resourcePath(locator), body })) as T;
}

/**
 * Replaces an object (PUT). With `metadata.resourceVersion` in `body`, a concurrent change makes
 * it reject with a 409 `Conflict` {@link KubeError}.
 */
export async function k8sUpdate<T>(
  locator: ObjectLocator,
  body: T,
  options: K8sRequestOptions = {},
): Promise<T> {
  return (await k8sRequest({ ...options, method: 'PUT', path: resourcePath(locator), body })) as T;
}

/** Patches an object with a merge patch or a JSON patch; resolves with the patched object. */
export async function k8sPatch<T>(
  locator: ObjectLocator,
  patch: K8sPatch,
  options: K8sRequestOptions = {},
): Promise<T> {
  return (await k8sRequest({
    ...options,
    method: 'PATCH',
    path: resourcePath(locator),
    body: patch.type === 'merge' ? patch.patch : patch.operations,
    contentType: patchContentTypes[patch.type],
  })) as T;
}

/** How a delete proceeds. */
export interface K8sDeleteOptions extends K8sRequestOptions {
  readonly propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  readonly gracePeriodSeconds?: number;
}

/** Deletes an object; resolves with the server's answer (the object being deleted, or a Status). */
export async function k8sDelete(
  locator: ObjectLocator,
  options: K8sDeleteOptions = {},
): Promise<unknown> {
  const { propagationPolicy, gracePeriodSeconds, ...rest } = options;
  const hasBody = propagationPolicy !== undefined || gracePeriodSeconds !== undefined;
  const body = {
    kind: 'DeleteOptions',
    apiVersion: 'v1',
    ...(propagationPolicy === undefined ? {} : { propagationPolicy }),
    ...(gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds }),
  };
  return k8sRequest({
    ...rest,
    method: 'DELETE',
    path: resourcePath(locator),
    ...(hasBody ? { body } : {}),
  });
}

/**
 * Calls a subresource by its API path, e.g. `PUT
 * /apis/subresources.kubevirt.io/v1/namespaces/ns/virtualmachines/x/start` (with an optional JSON
 * body); resolves with the parsed answer, `undefined` when it is empty.
 */
export async function k8sSubresource(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<unknown> {
  return k8sRequest({ method, path, ...(body === undefined ? {} : { body }) });
}
