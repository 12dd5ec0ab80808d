import { createHash, randomBytes } from 'node:crypto';
import { request, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect, type TLSSocket } from 'node:tls';
import type { VirtualMachineInstance } from '@podvisor/api';
import type { VmiAction, VmiStream } from './check-vmi-action.ts';
import { internalError, SubresourceError, type FailureStatus } from './subresource-error.ts';
import { servingCertAnnotation } from '../../shared/node-endpoint.ts';

/** KubeVirt's only websocket subprotocol: one binary byte stream. */
export const plainSubprotocol = 'plain.kubevirt.io';

/** The virt-handler pod serving a node: its pod IP and pinned certificate fingerprint. */
export interface HandlerEndpoint {
  readonly podName: string;
  readonly ip: string;
  /** SHA-256 of the DER certificate, hex, with or without colons, any case. */
  readonly fingerprint: string;
}

/** Finds the virt-handler of a node; throws a {@link SubresourceError} when there is none. */
export type HandlerLocator = (nodeName: string) => Promise<HandlerEndpoint>;

/** What a {@link HandlerClient} needs. */
export interface HandlerClientOptions {
  readonly locate: HandlerLocator;
  /** The handlers' port (`--console-port`, 8186). */
  readonly port: number;
  /** virt-api's bearer token (its ServiceAccount token, re-read as it rotates). */
  readonly token: () => Promise<string>;
  /** How long a connection, request or upgrade may take (default 10 s, as KubeVirt's client). */
  readonly timeoutMs?: number;
}

/** A GET answer of the handler (guest OS info JSON, a screenshot). */
export interface HandlerAnswer {
  readonly contentType: string;
  readonly body: Buffer;
}

/** An upgraded websocket connection to the handler, still framed; `head` was read past the 101. */
export interface HandlerStream {
  readonly socket: Duplex;
  readonly head: Buffer;
}

const websocketGuid = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** The `Sec-WebSocket-Accept` value for a `Sec-WebSocket-Key` (RFC 6455). */
export function websocketAccept(key: string): string {
  return createHash('sha1')
    .update(key + websocketGuid)
    .digest('base64');
}

/** A fingerprint as lower-case hex without separators, for comparison. */
export function normalizeFingerprint(fingerprint: string): string {
  return fingerprint.replace(/[^0-9a-f]/gi, '').toLowerCase();
}

function nodeOf(vmi: VirtualMachineInstance): string {
  const node = vmi.status?.nodeName;
  if (node === undefined || node === '') {
    throw internalError(`VMI ${JSON.stringify(vmi.metadata.name ?? '')} has no node yet`);
  }
  return node;
}

function handlerPath(vmi: VirtualMachineInstance, action: VmiAction): string {
  const namespace = encodeURIComponent(vmi.metadata.namespace ?? '');
  const name = encodeURIComponent(vmi.metadata.name ?? '');
  return `/v1/namespaces/${namespace}/virtualmachineinstances/${name}/${action}`;
}

function isFailureStatus(value: unknown): value is FailureStatus {
  if (typeof value !== 'object' || value === null) return false;
  const { kind, code, message } = value as Record<string, unknown>;
  return kind === 'Status' && typeof code === 'number' && typeof message === 'string';
}

/** The handler's refusal as a SubresourceError: its Status when it sent one, else a 500. */
function refusal(code: number, text: string): SubresourceError {
  try {
    const parsed: unknown = JSON.parse(text);
    if (isFailureStatus(parsed) && parsed.code >= 400) return new SubresourceError(parsed);
  } catch {
    // Not JSON: described below.
  }
  const detail = text.trim() === '' ? '' : `: ${text.trim().slice(0, 500)}`;
  return internalError(`virt-handler answered ${code}${detail}`);
}

async function readAll(res: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw internalError(`virt-handler's answer is larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The largest GET answer accepted (a screenshot of a large display). */
const maxAnswerBytes = 64 * 1024 * 1024;

/**
 * virt-api's client of the virt-handler endpoint on each node (issue 8, interface 1): HTTPS to
 * the handler pod of the VMI's node, port 8186, whose self-signed certificate must have the
 * SHA-256 fingerprint the pod publishes in {@link servingCertAnnotation} (checked before any
 * byte of the request, the bearer token included, is sent); virt-api authenticates with its
 * ServiceAccount token. Failures are {@link SubresourceError}s: the handler's own Status
 * (409…), or a 500 naming the cause.
 */
export class HandlerClient {
  readonly #options: HandlerClientOptions;

  constructor(options: HandlerClientOptions) {
    this.#options = options;
  }

  /** PUT an action (pause, unpause, softreboot, reset); resolves on a 2xx answer. */
  async put(vmi: VirtualMachineInstance, action: VmiAction, body?: unknown): Promise<void> {
    const payload = body === undefined ? '' : JSON.stringify(body);
    const res = await this.#request(vmi, {
      method: 'PUT',
      path: handlerPath(vmi, action),
      headers: {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(payload),
      },
      payload,
    });
    const text = (await readAll(res, maxAnswerBytes)).toString('utf8');
    const code = res.statusCode ?? 0;
    if (code < 200 || code > 299) throw refusal(code, text);
  }

  /** GET a document (guestosinfo, vnc/screenshot): its content type and bytes. */
  async get(vmi: VirtualMachineInstance, action: VmiAction, query = ''): Promise<HandlerAnswer> {
    const res = await this.#request(vmi, {
      method: 'GET',
      path: handlerPath(vmi, action) + query,
      headers: {},
      payload: '',
    });
    const body = await readAll(res, maxAnswerBytes);
    const code = res.statusCode ?? 0;
    if (code < 200 || code > 299) throw refusal(code, body.toString('utf8'));
    return { contentType: res.headers['content-type'] ?? 'application/octet-stream', body };
  }

  /**
   * Opens the websocket `stream` (console, vnc, spice) of the VMI on its handler with the
   * `plain.kubevirt.io` subprotocol and no extensions, so the frames can be spliced to a client
   * as they are. Rejects with the handler's Status when it refuses the upgrade.
   */
  async openStream(
    vmi: VirtualMachineInstance,
    stream: VmiStream,
    query = '',
  ): Promise<HandlerStream> {
    const key = randomBytes(16).toString('base64');
    const req = await this.#start(vmi, {
      method: 'GET',
      path: handlerPath(vmi, stream) + query,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': key,
        'Sec-WebSocket-Protocol': plainSubprotocol,
      },
    });
    return new Promise<HandlerStream>((resolve, reject) => {
      req.on('upgrade', (res: IncomingMessage, socket: Duplex, head: Buffer) => {
        (socket as Socket).setTimeout(0);
        if (res.headers['sec-websocket-accept'] !== websocketAccept(key)) {
          socket.destroy();
          reject(
            internalError('virt-handler answered the upgrade with a wrong Sec-WebSocket-Accept'),
          );
          return;
        }
        resolve({ socket, head });
      });
      req.on('response', (res: IncomingMessage) => {
        readAll(res, 1024 * 1024).then((body) => {
          reject(refusal(res.statusCode ?? 0, body.toString('utf8')));
        }, reject);
      });
      req.on('error', (error) => {
        reject(asHandlerError(error));
      });
      req.end();
    });
  }

  async #request(
    vmi: VirtualMachineInstance,
    call: { method: string; path: string; headers: OutgoingHttpHeaders; payload: string },
  ): Promise<IncomingMessage> {
    const req = await this.#start(vmi, call);
    return new Promise<IncomingMessage>((resolve, reject) => {
      req.on('response', resolve);
      req.on('error', (error) => {
        reject(asHandlerError(error));
      });
      req.end(call.payload);
    });
  }

  async #start(
    vmi: VirtualMachineInstance,
    call: { method: string; path: string; headers: OutgoingHttpHeaders },
  ): Promise<ReturnType<typeof request>> {
    const endpoint = await this.#options.locate(nodeOf(vmi));
    const timeoutMs = this.#options.timeoutMs ?? 10_000;
    const socket = await pinnedConnection(endpoint, this.#options.port, timeoutMs);
    const token = await this.#options.token();
    const req = request({
      method: call.method,
      path: call.path,
      host: endpoint.ip,
      port: this.#options.port,
      headers: { ...call.headers, Authorization: `Bearer ${token}` },
      createConnection: () => socket,
      timeout: timeoutMs,
    });
    req.on('timeout', () => {
      req.destroy(
        internalError(`virt-handler ${endpoint.podName} did not answer in ${timeoutMs} ms`),
      );
    });
    return req;
  }
}

function asHandlerError(error: unknown): SubresourceError {
  if (error instanceof SubresourceError) return error;
  return internalError(
    `cannot reach virt-handler: ${error instanceof Error ? error.message : String(error)}`,
  );
}

/**
 * A TLS connection to the handler whose certificate has the pinned fingerprint (the chain is
 * not checked: the handler's certificate is self-signed and trusted by its fingerprint alone).
 */
export function pinnedConnection(
  endpoint: HandlerEndpoint,
  port: number,
  timeoutMs: number,
): Promise<TLSSocket> {
  return new Promise<TLSSocket>((resolve, reject) => {
    const where = `virt-handler ${endpoint.podName} at ${endpoint.ip}:${port}`;
    const socket = connect({
      host: endpoint.ip,
      port,
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
    });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(internalError(`${where} did not complete a TLS handshake in ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('error', (error: Error) => {
      clearTimeout(timer);
      reject(internalError(`cannot reach ${where}: ${error.message}`));
    });
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const presented = socket.getPeerX509Certificate()?.fingerprint256 ?? '';
      if (normalizeFingerprint(presented) !== normalizeFingerprint(endpoint.fingerprint)) {
        socket.destroy();
        reject(
          internalError(
            `${where} presented a certificate whose SHA-256 fingerprint does not match its pod's ${servingCertAnnotation} annotation`,
          ),
        );
        return;
      }
      resolve(socket);
    });
  });
}

export { servingCertAnnotation };
