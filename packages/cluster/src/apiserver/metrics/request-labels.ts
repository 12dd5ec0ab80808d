import { requestAttributes, type ResourceAttributes } from '../auth/request-attributes.ts';

/** The labels of `apiserver_request_total`, in the order {@link requestLabelValues} returns them. */
export const requestLabelNames = [
  'verb',
  'dry_run',
  'group',
  'version',
  'resource',
  'subresource',
  'scope',
  'component',
  'code',
] as const;

/** What labelling a request needs: its method, URL and content type. */
export interface RequestLine {
  readonly method: string;
  /** Path and query, as in `req.url`. */
  readonly url: string;
  readonly contentType?: string | undefined;
}

const applyPatch = 'application/apply-patch+yaml';
const connectSubresources = new Set(['exec', 'attach', 'portforward', 'proxy']);
const metricVerbs: Readonly<Record<string, string>> = {
  get: 'GET',
  list: 'LIST',
  watch: 'WATCH',
  create: 'POST',
  update: 'PUT',
  patch: 'PATCH',
  delete: 'DELETE',
  deletecollection: 'DELETECOLLECTION',
};

/**
 * The `verb` label as kube-apiserver reports it: upper-case, from the HTTP method (POST, PUT,
 * PATCH, DELETE), GET split into GET (one object) and LIST, WATCH for watches, APPLY for
 * server-side apply, CONNECT for exec/attach/portforward/proxy, "other" for anything else.
 */
export function metricVerb(attrs: ResourceAttributes, contentType: string | undefined): string {
  if (connectSubresources.has(attrs.subresource) && attrs.resource !== '') return 'CONNECT';
  if (attrs.verb === 'patch' && contentType?.split(';')[0]?.trim() === applyPatch) return 'APPLY';
  return metricVerbs[attrs.verb] ?? 'other';
}

/** The `scope` label: `resource` for one object (and creates), `namespace`, or `cluster`. */
export function metricScope(attrs: ResourceAttributes): string {
  if (attrs.name !== '' || attrs.verb === 'create') return 'resource';
  return attrs.namespace === '' ? 'cluster' : 'namespace';
}

/** The `dry_run` label: the request's `dryRun` values, sorted and comma-joined; empty without. */
function dryRun(url: string): string {
  if (!url.includes('dryRun=')) return '';
  const q = url.indexOf('?');
  return new URLSearchParams(q < 0 ? '' : url.slice(q + 1)).getAll('dryRun').sort().join(',');
}

/**
 * The label values of `apiserver_request_total` for a finished request (in
 * {@link requestLabelNames} order), or undefined for a non-resource request (`/version`,
 * discovery, `/metrics`...), which kube-apiserver does not count there either.
 */
export function requestLabelValues(line: RequestLine, code: number): string[] | undefined {
  const attrs = requestAttributes({ method: line.method, url: line.url });
  if (attrs.type !== 'resource' || attrs.resource === '') return undefined;
  return [
    metricVerb(attrs, line.contentType),
    dryRun(line.url),
    attrs.group,
    attrs.version,
    attrs.resource,
    attrs.subresource,
    metricScope(attrs),
    'apiserver',
    String(code),
  ];
}
