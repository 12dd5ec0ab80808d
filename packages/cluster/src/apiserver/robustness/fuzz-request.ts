import { randomBody } from './fuzz-body.ts';
import { asksForWatch, randomQuery } from './fuzz-query.ts';
import { randomTarget, safePath } from './fuzz-target.ts';
import type { KubeRequest } from './kube-client.ts';
import { mixSeed, type Random, seededRandom } from './seeded-random.ts';

/** One generated request; `index` and the run's seed regenerate it exactly. */
export interface FuzzRequest extends KubeRequest {
  readonly index: number;
  /** A watch (query or `/watch/` path): read for a moment, then cut. */
  readonly watch: boolean;
}

const methods = [
  'GET',
  'GET',
  'GET',
  'GET',
  'GET',
  'GET',
  'GET',
  'POST',
  'POST',
  'POST',
  'POST',
  'PUT',
  'PUT',
  'PATCH',
  'PATCH',
  'PATCH',
  'PATCH',
  'DELETE',
  'DELETE',
  'HEAD',
  'OPTIONS',
  'PROPFIND',
];
const tableAccept =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const accepts = [
  'application/json',
  'application/json',
  'application/json, */*',
  tableAccept,
  'application/vnd.kubernetes.protobuf,application/json',
  'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io',
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json',
  'application/yaml',
  '*/*',
  'text/html',
  'application/vnd.kubernetes.protobuf',
  'application/json;as=Table;g=meta.k8s.io;v=v1',
  'garbage;;;=',
];

function headers(random: Random, contentType: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (random.chance(0.9)) out['Accept'] = random.pick(accepts);
  if (contentType !== undefined) out['Content-Type'] = contentType;
  if (random.chance(0.2))
    out['User-Agent'] = random.pick(['kubectl/v1.32.4 (linux/amd64) kubernetes/abc', 'fuzz', '']);
  return out;
}

function token(random: Random): string | null | undefined {
  if (random.chance(0.97)) return undefined;
  return random.chance(0.5) ? null : 'not-the-token';
}

/** Generates request `index` of the run seeded with `seed` (independent of other requests). */
export function fuzzRequest(seed: number, index: number): FuzzRequest {
  const random = seededRandom(mixSeed(seed, index));
  const method = random.pick(methods);
  const target = randomTarget(random, method);
  const query = randomQuery(random, method);
  const { contentType, body } = randomBody(random, method, target);
  const watch = method === 'GET' && (asksForWatch(query) || /\/watch\//.test(target.path));
  const auth = token(random);
  return {
    index,
    method,
    path: safePath(
      query === '' ? target.path : `${target.path}${target.path.includes('?') ? '&' : '?'}${query}`,
    ),
    headers: headers(random, contentType),
    ...(body === undefined ? {} : { body }),
    ...(auth === undefined ? {} : { token: auth }),
    watch,
    ...(watch ? { readForMs: 1000 } : {}),
    timeoutMs: 15_000,
  };
}

/** A short, printable description of a request for failure messages. */
export function describeRequest(request: FuzzRequest): string {
  const body =
    request.body === undefined
      ? ''
      : ` body(${Buffer.byteLength(request.body)}B): ${JSON.stringify(request.body.toString().slice(0, 300))}`;
  const type = request.headers?.['Content-Type'];
  return `#${request.index} ${request.method} ${request.path.slice(0, 300)}${type === undefined ? '' : ` [${type}]`}${body}`;
}
