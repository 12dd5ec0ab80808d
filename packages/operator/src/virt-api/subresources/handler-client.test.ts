// HandlerClient and the splice against a real HTTPS + WebSocket server that behaves as the
// virt-handler endpoint of issue 8 (interface 1) is specified to.
import { once } from 'node:events';
import { X509Certificate } from 'node:crypto';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { VirtualMachineInstance } from '@podvisor/api';
import { createCertificateAuthority } from '@podvisor/kube';
import { WebSocket, WebSocketServer } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HandlerClient, plainSubprotocol, type HandlerEndpoint } from './handler-client.ts';
import { SubresourceError } from './subresource-error.ts';
import { clientHandshake, spliceWebSocket, writeSocketFailure } from './websocket-splice.ts';

const token = 'virt-api-token';
const seen: { method: string; path: string; authorization: string }[] = [];
let handler: HttpsServer;
let handlerPort: number;
let fingerprint: string;
let front: Server;
let frontPort: number;

const vmi: VirtualMachineInstance = {
  metadata: { name: 'vm1', namespace: 'ns' },
  spec: { domain: { devices: {} } },
  status: { phase: 'Running', nodeName: 'node-a' },
};

const conflictStatus = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message:
    'Operation cannot be fulfilled on virtualmachineinstance.kubevirt.io "vm1": VMI is not paused',
  reason: 'Conflict',
  code: 409,
};

function answerJson(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

/** The fake handler's plain requests. */
function handle(req: IncomingMessage, res: ServerResponse): void {
  seen.push({
    method: req.method ?? '',
    path: req.url ?? '',
    authorization: req.headers.authorization ?? '',
  });
  const base = '/v1/namespaces/ns/virtualmachineinstances/vm1';
  const call = `${req.method ?? ''} ${req.url ?? ''}`;
  if (req.headers.authorization !== `Bearer ${token}`) {
    answerJson(res, 401, { kind: 'Status', code: 401, message: 'Unauthorized' });
  } else if (call === `PUT ${base}/pause`) {
    res.writeHead(204).end();
  } else if (call === `PUT ${base}/unpause`) {
    answerJson(res, 409, conflictStatus);
  } else if (call === `GET ${base}/guestosinfo`) {
    answerJson(res, 200, { name: 'Debian' });
  } else {
    res.writeHead(500).end('boom');
  }
}

function endpoint(pinned = fingerprint): HandlerEndpoint {
  return { podName: 'virt-handler-x', ip: '127.0.0.1', fingerprint: pinned };
}

function client(pinned = fingerprint): HandlerClient {
  return new HandlerClient({
    locate: (node) =>
      node === 'node-a' ? Promise.resolve(endpoint(pinned)) : Promise.reject(new Error(node)),
    port: handlerPort,
    token: () => Promise.resolve(token),
    timeoutMs: 5000,
  });
}

function startHandler(cert: string, key: string): Promise<void> {
  handler = createServer({ cert, key }, handle);
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => (protocols.has(plainSubprotocol) ? plainSubprotocol : false),
  });
  handler.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    seen.push({
      method: 'UPGRADE',
      path: req.url ?? '',
      authorization: req.headers.authorization ?? '',
    });
    if (!(req.url ?? '').endsWith('/console')) {
      const body = JSON.stringify(conflictStatus);
      socket.end(
        `HTTP/1.1 409 Conflict\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.ping();
      ws.on('message', (data: Buffer) => {
        ws.send(Buffer.concat([Buffer.from('echo:'), data]));
      });
    });
  });
  handler.listen(0, '127.0.0.1');
  return once(handler, 'listening').then(() => {
    handlerPort = (handler.address() as AddressInfo).port;
  });
}

/** A stand-in for virt-api's upgrade path: handshake, open the handler stream, splice. */
function startFront(): Promise<void> {
  front = createHttpServer();
  front.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const stream = (req.url ?? '').endsWith('/vnc') ? 'vnc' : 'console';
    const handshake = clientHandshake(req);
    client()
      .openStream(vmi, stream)
      .then(
        (upstream) => {
          spliceWebSocket(handshake, { socket, head }, upstream);
        },
        (error: unknown) => {
          writeSocketFailure(socket, error as SubresourceError);
        },
      );
  });
  front.listen(0, '127.0.0.1');
  return once(front, 'listening').then(() => {
    frontPort = (front.address() as AddressInfo).port;
  });
}

beforeAll(async () => {
  const ca = await createCertificateAuthority('fake-virt-handler');
  const serving = await ca.issue({
    commonName: 'virt-handler',
    ipAddresses: ['127.0.0.1'],
    usage: 'server',
  });
  fingerprint = new X509Certificate(serving.cert).fingerprint256;
  await startHandler(serving.cert, serving.key);
  await startFront();
});

afterAll(() => {
  handler.closeAllConnections();
  handler.close();
  front.closeAllConnections();
  front.close();
});

describe('HandlerClient', () => {
  it('PUTs an action with virt-api token and resolves on 204', async () => {
    await client().put(vmi, 'pause');
    expect(seen.at(-1)).toEqual({
      method: 'PUT',
      path: '/v1/namespaces/ns/virtualmachineinstances/vm1/pause',
      authorization: `Bearer ${token}`,
    });
  });

  it("relays the handler's Status when it refuses an action", async () => {
    await expect(client().put(vmi, 'unpause')).rejects.toMatchObject({ status: conflictStatus });
  });

  it('turns an answer without a Status into a 500 naming the handler', async () => {
    await expect(client().put(vmi, 'reset')).rejects.toMatchObject({
      status: { code: 500, message: 'Internal error occurred: virt-handler answered 500: boom' },
    });
  });

  it('GETs a document with its content type', async () => {
    const answer = await client().get(vmi, 'guestosinfo');
    expect(answer.contentType).toBe('application/json');
    expect(JSON.parse(answer.body.toString('utf8'))).toEqual({ name: 'Debian' });
  });

  it('accepts the pinned fingerprint in any spelling', async () => {
    await client(fingerprint.replace(/:/g, '').toLowerCase()).put(vmi, 'pause');
    expect(seen.at(-1)?.path).toContain('/pause');
  });

  it('refuses a handler whose certificate does not match before sending anything', async () => {
    const before = seen.length;
    const wrong = 'AA:'.repeat(31) + 'AA';
    await expect(client(wrong).put(vmi, 'pause')).rejects.toMatchObject({
      status: { code: 500, message: expect.stringContaining('does not match its pod') as unknown },
    });
    expect(seen.length).toBe(before);
  });

  it('refuses a VMI without a node', async () => {
    const unplaced = { ...vmi, status: { phase: 'Running' as const } };
    await expect(client().put(unplaced, 'pause')).rejects.toBeInstanceOf(SubresourceError);
  });
});

describe('streams spliced to the handler', () => {
  it('negotiates plain.kubevirt.io and passes bytes and pings both ways unchanged', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${frontPort}/console`, [plainSubprotocol]);
    const pinged = once(ws, 'ping');
    await once(ws, 'open');
    expect(ws.protocol).toBe(plainSubprotocol);
    await pinged;
    const reply = once(ws, 'message') as Promise<[Buffer, boolean]>;
    ws.send(Buffer.from([0x00, 0xff, 0x0d, 0x0a]));
    const [data, isBinary] = await reply;
    expect(isBinary).toBe(true);
    expect([...data]).toEqual([...Buffer.from('echo:'), 0x00, 0xff, 0x0d, 0x0a]);
    expect(seen.at(-1)).toMatchObject({ method: 'UPGRADE', authorization: `Bearer ${token}` });
    ws.close(1000);
    await once(ws, 'close');
  });

  it("answers the handler's refusal of a stream with its Status", async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${frontPort}/vnc`, [plainSubprotocol]);
    ws.on('error', () => undefined);
    const [, res] = (await once(ws, 'unexpected-response')) as [unknown, IncomingMessage];
    expect(res.statusCode).toBe(409);
    const chunks: Buffer[] = [];
    for await (const chunk of res as AsyncIterable<Buffer>) chunks.push(chunk);
    expect(JSON.parse(Buffer.concat(chunks).toString('utf8'))).toEqual(conflictStatus);
    ws.terminate();
  });
});
