import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCertificateAuthority } from '@podvisor/kube';
import { WebSocketServer, type WebSocket } from 'ws';
import { stringify } from 'yaml';

/** A request the fake server received. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly body: string;
}

/** What the fake server answers to one method and path. */
export interface FakeAnswer {
  readonly status: number;
  readonly body?: string | Buffer | object;
  readonly contentType?: string;
}

/** A websocket path's behaviour: serve the socket, or refuse the upgrade with an answer. */
export type StreamHandler = ((socket: WebSocket) => void) | { readonly refuse: FakeAnswer };

/** An HTTPS + websocket server standing in for the API server in tests. */
export interface FakeApiServer {
  readonly url: string;
  /** A kubeconfig (contexts `main`, namespace team-a, current; and `other`, no namespace). */
  readonly kubeconfigPath: string;
  readonly requests: RecordedRequest[];
  /** The subprotocols each websocket upgrade offered. */
  readonly offeredProtocols: string[][];
  answer(method: string, path: string, answer: FakeAnswer): void;
  stream(path: string, handler: StreamHandler): void;
  close(): Promise<void>;
}

/** The bearer token the fake server accepts. */
export const fakeToken = 'fake-token-123';

/** A Kubernetes Status body. */
export function statusBody(code: number, reason: string, message: string): object {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  };
}

function writeAnswer(res: ServerResponse, answer: FakeAnswer): void {
  const isBytes = typeof answer.body === 'string' || Buffer.isBuffer(answer.body);
  const body = answer.body === undefined ? '' : isBytes ? answer.body : JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'Content-Type': answer.contentType ?? 'application/json',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

function readAll(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}

function kubeconfigYaml(url: string, ca: string): string {
  const cluster = { server: url, 'certificate-authority-data': Buffer.from(ca).toString('base64') };
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'fake', cluster }],
    users: [{ name: 'alice', user: { token: fakeToken } }],
    contexts: [
      { name: 'main', context: { cluster: 'fake', user: 'alice', namespace: 'team-a' } },
      { name: 'other', context: { cluster: 'fake', user: 'alice' } },
    ],
    'current-context': 'main',
  });
}

function authorized(req: IncomingMessage): boolean {
  return req.headers.authorization === `Bearer ${fakeToken}`;
}

/** Starts the fake API server on 127.0.0.1 with a CA-signed certificate and a kubeconfig for it. */
export async function startFakeApiServer(): Promise<FakeApiServer> {
  const ca = await createCertificateAuthority('fake-ca');
  const serving = await ca.issue({
    commonName: 'fake-apiserver',
    ipAddresses: ['127.0.0.1'],
    usage: 'server',
  });
  const answers = new Map<string, FakeAnswer>();
  const streams = new Map<string, StreamHandler>();
  const requests: RecordedRequest[] = [];
  const offeredProtocols: string[][] = [];
  const unauthorized: FakeAnswer = {
    status: 401,
    body: statusBody(401, 'Unauthorized', 'Unauthorized'),
  };
  const notFound: FakeAnswer = {
    status: 404,
    body: '404 page not found',
    contentType: 'text/plain',
  };

  const server: Server = createServer({ cert: serving.cert, key: serving.key }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://localhost');
    void readAll(req).then((body) => {
      requests.push({
        method: req.method ?? '',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        body,
      });
      const answer = authorized(req)
        ? (answers.get(`${req.method ?? ''} ${url.pathname}`) ?? notFound)
        : unauthorized;
      writeAnswer(res, answer);
    });
  });
  const sockets = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req: IncomingMessage, socket, head) => {
    const path = new URL(req.url ?? '/', 'https://localhost').pathname;
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    offeredProtocols.push(offered);
    const handler = streams.get(path);
    const refusal = !authorized(req) ? unauthorized : handler === undefined ? notFound : undefined;
    const answer = refusal ?? (typeof handler === 'object' ? handler.refuse : undefined);
    if (answer !== undefined) {
      const body = JSON.stringify(answer.body ?? '');
      socket.end(
        `HTTP/1.1 ${answer.status} Refused\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => {
      if (typeof handler === 'function') handler(ws);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = mkdtempSync(join(tmpdir(), 'virtctl-test-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  writeFileSync(kubeconfigPath, kubeconfigYaml(url, ca.cert));

  return {
    url,
    kubeconfigPath,
    requests,
    offeredProtocols,
    answer: (method, path, answer) => answers.set(`${method} ${path}`, answer),
    stream: (path, handler) => streams.set(path, handler),
    close: () =>
      new Promise((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close(() => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}
