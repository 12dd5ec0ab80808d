import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { Agent, request as httpsRequest } from 'node:https';
import type { ClusterAccess } from './read-kubeconfig.ts';

/** One request, sent exactly as given (the path is not re-encoded). */
export interface KubeRequest {
  readonly method: string;
  /** Path and query, e.g. `/api/v1/namespaces?limit=1`. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
  /** Stop reading after this many ms and return what arrived, marked `cut` (for watches). */
  readonly readForMs?: number;
  /** Reject when the answer is not complete after this many ms (default 20 s). */
  readonly timeoutMs?: number;
  /** `null`: send no Authorization header; a string: send this token instead of the admin's. */
  readonly token?: string | null;
}

/** A complete (or deliberately cut) answer. */
export interface KubeResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** The client stopped reading after `readForMs`; the server had not ended the body. */
  readonly cut: boolean;
}

/** One line of a watch stream. */
export interface WatchLine {
  readonly type: string;
  readonly object: Record<string, unknown>;
}

/** A running watch. */
export interface WatchHandle {
  /** Settles when the stream ends or breaks: the HTTP status and, if any, why it broke. */
  readonly done: Promise<{ status: number; error?: string }>;
  /** Settles with the HTTP status once the response headers arrived (0: no response at all). */
  readonly ready: Promise<number>;
  /** Closes the stream from the client side. */
  stop(): void;
}

/** A small HTTPS client for the API server, trusting its CA and sending the admin token. */
export interface KubeClient {
  request(req: KubeRequest): Promise<KubeResponse>;
  /** Sends an optional JSON body and parses the JSON answer (`undefined` when it is not JSON). */
  json(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  /** Streams `GET path` as watch events, one JSON object per line. */
  watch(path: string, onEvent: (event: WatchLine) => void): WatchHandle;
  /** Drops the pooled connections. */
  close(): void;
}

const defaultTimeoutMs = 20_000;

function headersFor(access: ClusterAccess, req: KubeRequest): Record<string, string> {
  const headers: Record<string, string> = { ...req.headers };
  const token = req.token === undefined ? access.token : req.token;
  if (token !== null) headers['Authorization'] = `Bearer ${token}`;
  if (req.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(req.body));
  return headers;
}

function requestLine(req: KubeRequest): string {
  return `${req.method} ${req.path.slice(0, 300)}`;
}

function collect(res: IncomingMessage, req: KubeRequest): Promise<KubeResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const answer = (cut: boolean): void => {
      clearTimeout(cutTimer);
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        body: Buffer.concat(chunks),
        cut,
      });
    };
    const cutTimer =
      req.readForMs === undefined
        ? undefined
        : setTimeout(() => {
            answer(true);
            res.destroy();
          }, req.readForMs);
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => {
      answer(false);
    });
    res.on('error', (error) => {
      clearTimeout(cutTimer);
      reject(new Error(`${requestLine(req)}: the answer broke off: ${error.message}`));
    });
  });
}

function send(access: ClusterAccess, agent: Agent, req: KubeRequest): Promise<KubeResponse> {
  const url = new URL(access.server);
  return new Promise((resolve, reject) => {
    const timeoutMs = req.timeoutMs ?? defaultTimeoutMs;
    const outgoing = httpsRequest(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: req.method,
        path: req.path,
        headers: headersFor(access, req),
      },
      (res) => {
        collect(res, req).then(resolve, reject);
      },
    );
    const timer = setTimeout(() => {
      outgoing.destroy(new Error(`no complete answer within ${timeoutMs} ms`));
    }, timeoutMs);
    outgoing.on('close', () => {
      clearTimeout(timer);
    });
    outgoing.on('error', (error) => {
      reject(new Error(`${requestLine(req)}: ${error.message}`));
    });
    outgoing.end(req.body);
  });
}

function parseLines(text: string, onEvent: (event: WatchLine) => void): string {
  const lines = text.split('\n');
  const rest = lines.pop() ?? '';
  for (const line of lines) if (line.trim() !== '') onEvent(JSON.parse(line) as WatchLine);
  return rest;
}

function openWatch(
  access: ClusterAccess,
  path: string,
  onEvent: (event: WatchLine) => void,
): WatchHandle {
  const url = new URL(access.server);
  const agent = new Agent({ ca: access.ca, keepAlive: false });
  let stopped = false;
  let outgoing: ReturnType<typeof httpsRequest> | undefined;
  let headersArrived: (status: number) => void = () => undefined;
  const ready = new Promise<number>((resolve) => (headersArrived = resolve));
  const done = new Promise<{ status: number; error?: string }>((resolve) => {
    outgoing = httpsRequest(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: 'GET',
        path,
        headers: headersFor(access, { method: 'GET', path }),
      },
      (res) => {
        const status = res.statusCode ?? 0;
        headersArrived(status);
        let pending = '';
        let ended = false;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (status !== 200) {
            pending += chunk;
            return;
          }
          try {
            pending = parseLines(pending + chunk, onEvent);
          } catch (error) {
            resolve({ status, error: `unparsable watch line: ${String(error)}` });
            res.destroy();
          }
        });
        res.on('end', () => {
          ended = true;
          resolve(status === 200 ? { status } : { status, error: pending });
        });
        res.on('error', () => undefined);
        res.on('close', () => {
          if (!ended && !stopped) resolve({ status, error: 'the stream broke off' });
          resolve({ status });
        });
      },
    );
    outgoing.on('error', (error) => {
      headersArrived(0);
      resolve({ status: 0, ...(stopped ? {} : { error: error.message }) });
    });
    outgoing.end();
  });
  return {
    done,
    ready,
    stop: () => {
      stopped = true;
      outgoing?.destroy();
      agent.destroy();
    },
  };
}

/** Creates a client for the server in `access`, pooling up to `maxSockets` connections. */
export function createKubeClient(access: ClusterAccess, maxSockets = 16): KubeClient {
  const agent = new Agent({ ca: access.ca, keepAlive: true, maxSockets });
  return {
    request: (req) => send(access, agent, req),
    json: async (method, path, body) => {
      const res = await send(access, agent, {
        method,
        path,
        headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      let parsed: unknown;
      try {
        parsed = JSON.parse(res.body.toString('utf8'));
      } catch {
        parsed = undefined;
      }
      return { status: res.status, body: parsed };
    },
    watch: (path, onEvent) => openWatch(access, path, onEvent),
    close: () => {
      agent.destroy();
    },
  };
}
