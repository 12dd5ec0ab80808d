/** What a resource request does, as Kubernetes' authorizers see it. */
export interface ResourceAttributes {
  readonly type: 'resource';
  readonly verb: string;
  /** API group, empty for the core group. */
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly subresource: string;
  /** Empty for cluster-scoped requests and all-namespace lists. */
  readonly namespace: string;
  /** Empty for collections. */
  readonly name: string;
}

/** A request for a path that is not a resource (`/version`, `/apis`, `/healthz`...). */
export interface NonResourceAttributes {
  readonly type: 'nonResource';
  readonly verb: string;
  readonly path: string;
}

export type RequestAttributes = ResourceAttributes | NonResourceAttributes;

/** The request, as far as deriving its attributes goes. */
export interface RequestLine {
  readonly method: string;
  /** Path and query, as in `req.url`. */
  readonly url: string;
  /** Whether it is a websocket upgrade (`Upgrade: websocket`). */
  readonly websocket?: boolean;
}

const namespaceSubresources = new Set(['status', 'finalize']);
const methodVerbs: Readonly<Record<string, string>> = {
  POST: 'create',
  GET: 'get',
  HEAD: 'get',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};

function splitPath(path: string): string[] | undefined {
  try {
    return path
      .split('/')
      .filter((p) => p !== '')
      .map((p) => decodeURIComponent(p));
  } catch {
    return undefined;
  }
}

function validPathSegment(name: string): boolean {
  return name !== '.' && name !== '..' && !name.includes('/') && !name.includes('%');
}

/** The `metadata.name=` value of a field selector, which names the object a list or watch is about. */
function selectedName(query: URLSearchParams): string {
  for (const term of (query.get('fieldSelector') ?? '').split(',')) {
    const match = /^\s*metadata\.name\s*==?\s*(.*?)\s*$/.exec(term);
    const name = match?.[1];
    if (name !== undefined) return validPathSegment(name) ? name : '';
  }
  return '';
}

interface Located {
  namespace: string;
  parts: string[];
}

/** `/namespaces/{ns}/...` relative parts, as upstream's RequestInfoFactory moves them. */
function locate(parts: string[]): Located {
  if (parts[0] !== 'namespaces' || parts.length < 2) return { namespace: '', parts };
  const namespace = parts[1] ?? '';
  if (parts.length > 2 && !namespaceSubresources.has(parts[2] ?? '')) {
    return { namespace, parts: parts.slice(2) };
  }
  return { namespace, parts };
}

function resourceAttributes(
  line: RequestLine,
  api: { group: string; version: string; rest: string[] },
  query: URLSearchParams,
): RequestAttributes {
  let verb = methodVerbs[line.method.toUpperCase()] ?? line.method.toLowerCase();
  let rest = api.rest;
  if (rest[0] === 'watch') {
    verb = 'watch';
    rest = rest.slice(1);
  }
  const { namespace, parts } = locate(rest);
  const [resource = '', pathName = '', subresource = ''] = parts;
  let name = pathName;
  if (name === '' && verb === 'get') {
    verb = ['true', '1'].includes(query.get('watch') ?? '') ? 'watch' : 'list';
    name = selectedName(query);
  }
  if (name === '' && verb === 'delete') verb = 'deletecollection';
  const { group, version } = api;
  return { type: 'resource', verb, group, version, resource, subresource, namespace, name };
}

function nonResource(line: RequestLine, path: string): NonResourceAttributes {
  return { type: 'nonResource', verb: line.method.toLowerCase(), path };
}

/**
 * Derives the authorization attributes of a request as kube-apiserver's RequestInfoFactory does:
 * `/api/v1/...` and `/apis/{group}/{version}/...` with a resource are resource requests (GET one →
 * get, GET a collection → list, `watch=true` or `/watch/` → watch, POST → create, PUT → update,
 * PATCH → patch, DELETE → delete or deletecollection; a `metadata.name=` field selector names the
 * object of a list or watch; `/namespaces/{name}` is in namespace `name`); everything else is a
 * non-resource request whose verb is the lower-case method.
 */
export function requestAttributes(line: RequestLine): RequestAttributes {
  const q = line.url.indexOf('?');
  const path = q < 0 ? line.url : line.url.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : line.url.slice(q + 1));
  const parts = splitPath(path);
  if (parts === undefined) return nonResource(line, path);
  if (parts[0] === 'api' && parts.length >= 3) {
    return resourceAttributes(
      line,
      { group: '', version: parts[1] ?? '', rest: parts.slice(2) },
      query,
    );
  }
  if (parts[0] === 'apis' && parts.length >= 4) {
    const [, group = '', version = '', ...rest] = parts;
    return resourceAttributes(line, { group, version, rest }, query);
  }
  return nonResource(line, path);
}

const streamingSubresources = new Set(['exec', 'attach', 'portforward']);

/**
 * Whether a request is a websocket GET of `pods/exec|attach|portforward`: kube-apiserver ≥ 1.30
 * authorizes it with `create` (as the SPDY POST always was); `get` is accepted too, as during
 * upstream's transition.
 */
export function isStreamingUpgrade(attrs: RequestAttributes, line: RequestLine): boolean {
  return (
    attrs.type === 'resource' &&
    line.websocket === true &&
    attrs.verb === 'get' &&
    attrs.group === '' &&
    attrs.resource === 'pods' &&
    streamingSubresources.has(attrs.subresource)
  );
}
