/** What a request path addresses, before the registry says whether it exists. */
export type RequestTarget =
  | { type: 'version' }
  | { type: 'health'; check: 'healthz' | 'livez' | 'readyz' }
  | { type: 'api-versions' }
  | { type: 'api-groups' }
  | { type: 'api-group'; group: string }
  | { type: 'resource-list'; group: string; version: string }
  | { type: 'openapi-v3-index' }
  | { type: 'openapi-v3-document'; group: string; version: string }
  | { type: 'openapi-v2' }
  | ResourceTarget
  | { type: 'unknown' };

/** A request for a resource, a collection, or a subresource. */
export interface ResourceTarget {
  type: 'resource';
  group: string;
  version: string;
  /** Empty for cluster-wide requests and cluster-scoped resources. */
  namespace: string;
  resource: string;
  /** Empty for collections. */
  name: string;
  subresource: string;
  /**
   * Path segments after the subresource (`vnc/screenshot` → `screenshot`), as kube-apiserver
   * accepts them: only aggregated API servers and proxy subresources serve such paths.
   */
  subpath?: string;
  /** The deprecated `/watch/` path prefix was used. */
  watchPath: boolean;
}

const namespaceSubresources = new Set(['status', 'finalize']);

function splitPath(path: string): string[] | null {
  const parts = path.split('/').filter((p) => p !== '');
  try {
    return parts.map((p) => decodeURIComponent(p));
  } catch {
    return null;
  }
}

function resourceTarget(group: string, version: string, rest: string[]): RequestTarget {
  let parts = rest;
  let watchPath = false;
  if (parts[0] === 'watch') {
    watchPath = true;
    parts = parts.slice(1);
  }
  let namespace = '';
  if (parts[0] === 'namespaces' && parts.length > 1) {
    namespace = parts[1] ?? '';
    if (parts.length > 2 && !namespaceSubresources.has(parts[2] ?? '')) parts = parts.slice(2);
    else return namespaceTarget(group, version, parts, watchPath);
  }
  const [resource, name = '', subresource = '', ...extra] = parts;
  if (resource === undefined) return { type: 'unknown' };
  return {
    type: 'resource',
    group,
    version,
    namespace,
    resource,
    name,
    subresource,
    ...(extra.length > 0 ? { subpath: extra.join('/') } : {}),
    watchPath,
  };
}

/** `/namespaces/{name}[/status|/finalize]`: the namespace object itself. */
function namespaceTarget(
  group: string,
  version: string,
  parts: string[],
  watchPath: boolean,
): RequestTarget {
  return {
    type: 'resource',
    group,
    version,
    namespace: '',
    resource: 'namespaces',
    name: parts[1] ?? '',
    subresource: parts[2] ?? '',
    watchPath,
  };
}

function openapiTarget(parts: string[]): RequestTarget {
  if (parts[1] === 'v2') return { type: 'openapi-v2' };
  if (parts[1] !== 'v3') return { type: 'unknown' };
  if (parts.length === 2) return { type: 'openapi-v3-index' };
  if (parts[2] === 'api' && parts.length === 4)
    return { type: 'openapi-v3-document', group: '', version: parts[3] ?? '' };
  if (parts[2] === 'apis' && parts.length === 5) {
    return { type: 'openapi-v3-document', group: parts[3] ?? '', version: parts[4] ?? '' };
  }
  return { type: 'unknown' };
}

function apisTarget(parts: string[]): RequestTarget {
  const [, group, version, ...rest] = parts;
  if (group === undefined) return { type: 'api-groups' };
  if (version === undefined) return { type: 'api-group', group };
  if (rest.length === 0) return { type: 'resource-list', group, version };
  return resourceTarget(group, version, rest);
}

/** Parses a request path (without the query) into what it addresses. */
export function parseRequestPath(path: string): RequestTarget {
  const parts = splitPath(path);
  if (parts === null) return { type: 'unknown' };
  const [first] = parts;
  switch (first) {
    case 'version':
      return parts.length === 1 ? { type: 'version' } : { type: 'unknown' };
    case 'healthz':
    case 'livez':
    case 'readyz':
      return { type: 'health', check: first };
    case 'openapi':
      return openapiTarget(parts);
    case 'api': {
      const [, version, ...rest] = parts;
      if (version === undefined) return { type: 'api-versions' };
      if (rest.length === 0) return { type: 'resource-list', group: '', version };
      return resourceTarget('', version, rest);
    }
    case 'apis':
      return apisTarget(parts);
    default:
      return { type: 'unknown' };
  }
}
