import type { FuzzRequest } from './fuzz-request.ts';
import type { KubeResponse } from './kube-client.ts';

/** Why an answer is wrong: a 500 (a server bug by definition) or a malformed answer. */
export interface AnswerProblem {
  readonly kind: 'internal-error' | 'malformed';
  readonly detail: string;
}

const watchTypes = new Set(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function snippet(body: Buffer): string {
  return JSON.stringify(body.toString('utf8').slice(0, 400));
}

/** The path's segments as the server sees them (WHATWG URL parsing resolves `.` and `..`). */
function segmentsOf(path: string): string[] {
  let pathname: string;
  try {
    pathname = new URL(path, 'https://apiserver').pathname;
  } catch {
    pathname = path.split(/[?#]/)[0] ?? '';
  }
  return pathname.split('/').filter((s) => s !== '');
}

/** Whether a path addresses a resource (so a success must be a typed object), not discovery etc. */
function isResourcePath(path: string): boolean {
  const [root, ...rest] = segmentsOf(path);
  if (root === 'api') return rest.length >= 2;
  if (root === 'apis') return rest.length >= 3;
  return false;
}

/** Paths whose success is plain text: health checks, Prometheus metrics, pod logs. */
function isTextPath(path: string): boolean {
  const segments = segmentsOf(path);
  const [root] = segments;
  const textRoots = ['healthz', 'livez', 'readyz', 'metrics'];
  return (root !== undefined && textRoots.includes(root)) || segments.at(-1) === 'log';
}

/** Problems with a `Status` body answering an error (kind, apiVersion, status, code, message). */
export function statusProblem(body: unknown, code: number): string | undefined {
  if (!isRecord(body)) return 'the error body is not a JSON object';
  if (body['kind'] !== 'Status' || body['apiVersion'] !== 'v1')
    return 'the error body is not a v1 Status';
  if (body['status'] !== 'Failure')
    return `Status.status is ${JSON.stringify(body['status'])}, not "Failure"`;
  if (body['code'] !== code)
    return `Status.code ${JSON.stringify(body['code'])} differs from the HTTP status ${code}`;
  if (typeof body['message'] !== 'string' || body['message'] === '')
    return 'Status.message is empty';
  return undefined;
}

function watchProblem(res: KubeResponse): string | undefined {
  const lines = res.body.toString('utf8').split('\n');
  const tail = lines.pop() ?? '';
  if (!res.cut && tail !== '') return 'the watch stream ended inside a line';
  for (const line of lines) {
    const event = parseJson(line);
    if (!isRecord(event) || typeof event['type'] !== 'string' || !watchTypes.has(event['type']))
      return `bad watch line ${JSON.stringify(line.slice(0, 200))}`;
    const object = event['object'];
    if (!isRecord(object) || typeof object['kind'] !== 'string')
      return `watch event without a typed object: ${JSON.stringify(line.slice(0, 200))}`;
    if (event['type'] === 'ERROR' && object['kind'] !== 'Status')
      return 'ERROR event without a Status';
  }
  return undefined;
}

function isWatchStream(req: FuzzRequest, res: KubeResponse): boolean {
  if (!req.watch) return false;
  const text = res.body.toString('utf8');
  return res.cut || text === '' || text.startsWith('{"type"') || text.includes('}\n{');
}

function mediaTypeOf(res: KubeResponse): string {
  return (res.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function isNonEmptyString(value: unknown): boolean {
  return typeof value === 'string' && value !== '';
}

function jsonObjectProblem(req: FuzzRequest, body: unknown): string | undefined {
  if (!isRecord(body)) return 'a success body that is not a JSON object';
  if (!isResourcePath(req.path)) return undefined;
  if (!isNonEmptyString(body['kind']) || !isNonEmptyString(body['apiVersion']))
    return 'a success object without apiVersion and kind';
  return undefined;
}

function successProblem(req: FuzzRequest, res: KubeResponse): string | undefined {
  if (isWatchStream(req, res)) return watchProblem(res);
  const type = mediaTypeOf(res);
  if (type === 'text/plain')
    return isTextPath(req.path) ? undefined : 'a text/plain success on an API path';
  if (type === 'application/vnd.kubernetes.protobuf')
    return res.body.subarray(0, 4).toString('latin1') === 'k8s\0'
      ? undefined
      : 'protobuf without the k8s\\0 prefix';
  if (type !== 'application/json' && !type.endsWith('+json'))
    return `a success with Content-Type ${JSON.stringify(type)}`;
  return jsonObjectProblem(req, parseJson(res.body.toString('utf8')));
}

function problemWith(req: FuzzRequest, res: KubeResponse): string | undefined {
  if (res.status < 200 || (res.status >= 300 && res.status < 400) || res.status > 599)
    return `unexpected HTTP status ${res.status}`;
  if (req.method === 'HEAD') return undefined;
  if (res.headers['content-type'] === undefined && res.body.length > 0)
    return 'a body without Content-Type';
  if (res.status < 300) return successProblem(req, res);
  return statusProblem(parseJson(res.body.toString('utf8')), res.status);
}

/**
 * Checks one answer: never a 500; a success is a JSON object (with apiVersion and kind on
 * resource paths) or a well-formed watch stream; an error is a `Status` whose code is the HTTP status.
 */
export function checkAnswer(req: FuzzRequest, res: KubeResponse): AnswerProblem | undefined {
  if (res.status === 500) return { kind: 'internal-error', detail: snippet(res.body) };
  const problem = problemWith(req, res);
  return problem === undefined
    ? undefined
    : { kind: 'malformed', detail: `${res.status}: ${problem}; body ${snippet(res.body)}` };
}
