/** The kinds of request a node's streaming server answers. */
export type StreamKind = 'log' | 'exec' | 'attach' | 'portforward';

/** Which pod (and container) a streaming request is for. */
export interface StreamTarget {
  readonly kind: StreamKind;
  readonly namespace: string;
  readonly pod: string;
  readonly podUid: string;
  /** Empty for port-forward. */
  readonly container: string;
}

const prefixes: Record<StreamKind, string> = {
  log: 'containerLogs',
  exec: 'exec',
  attach: 'attach',
  portforward: 'portForward',
};

function segments(values: readonly string[]): string {
  return values.map((v) => `/${encodeURIComponent(v)}`).join('');
}

/**
 * The path (with query) of a streaming request on a node, named after kubelet's:
 * `/containerLogs/{ns}/{pod}/{container}?podUID=…`, `/exec|attach/{ns}/{pod}/{uid}/{container}`,
 * `/portForward/{ns}/{pod}/{uid}`; `query` is passed through.
 */
export function nodeStreamPath(target: StreamTarget, query: URLSearchParams): string {
  const { kind, namespace, pod, podUid, container } = target;
  const params = new URLSearchParams(query);
  let path: string;
  if (kind === 'log') {
    params.delete('container');
    params.set('podUID', podUid);
    path = segments([prefixes.log, namespace, pod, container]);
  } else if (kind === 'portforward') {
    path = segments([prefixes.portforward, namespace, pod, podUid]);
  } else {
    params.delete('container');
    path = segments([prefixes[kind], namespace, pod, podUid, container]);
  }
  const search = params.toString();
  return search === '' ? path : `${path}?${search}`;
}

function decodeAll(parts: readonly string[]): string[] | undefined {
  try {
    return parts.map((p) => decodeURIComponent(p));
  } catch {
    return undefined;
  }
}

function kindOf(prefix: string | undefined): StreamKind | undefined {
  return (Object.keys(prefixes) as StreamKind[]).find((k) => prefixes[k] === prefix);
}

function pathParts(url: string): string[] {
  const q = url.indexOf('?');
  const parts = decodeAll((q < 0 ? url : url.slice(0, q)).split('/').filter((p) => p !== ''));
  return parts ?? [];
}

/** The pod UID and container of a path's tail (after `{ns}/{pod}`), or undefined. */
function podAndContainer(
  kind: StreamKind,
  rest: readonly string[],
  query: URLSearchParams,
): { podUid: string; container: string } | undefined {
  const expected = kind === 'exec' || kind === 'attach' ? 2 : 1;
  if (rest.length !== expected) return undefined;
  const [first = '', second = ''] = rest;
  if (kind === 'log') {
    const podUid = query.get('podUID') ?? '';
    return podUid === '' ? undefined : { podUid, container: first };
  }
  return { podUid: first, container: second };
}

/** Parses a node streaming path (see {@link nodeStreamPath}); undefined when it names none. */
export function parseNodeStreamPath(
  url: string,
): { target: StreamTarget; query: URLSearchParams } | undefined {
  const q = url.indexOf('?');
  const query = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
  const parts = pathParts(url);
  const [prefix, namespace = '', pod = '', ...rest] = parts;
  const kind = kindOf(prefix);
  if (kind === undefined || parts.includes('')) return undefined;
  const ids = podAndContainer(kind, rest, query);
  if (ids === undefined) return undefined;
  return { target: { kind, namespace, pod, ...ids }, query };
}
