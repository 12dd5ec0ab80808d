import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { goNetworkError } from '../admission/index.ts';
import type { ApiService } from './api-service.ts';
import { hostPort } from './backend-target.ts';
import { backendRequest, targetOrUnavailable, type ProxyContext } from './proxy-request.ts';
import type { RemoteUser } from './remote-user.ts';

/** The raw status line and headers of an answer, for writing on a socket. */
function rawHead(status: number, statusMessage: string, rawHeaders: readonly string[]): string {
  const lines = [`HTTP/1.1 ${status} ${statusMessage}`];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2)
    lines.push(`${rawHeaders[i]}: ${rawHeaders[i + 1]}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** Writes a plain-text error on a socket that has not been upgraded, then closes it. */
function socketError(socket: Duplex, code: number, message: string): void {
  if (socket.destroyed) return;
  const body = `${message}\n`;
  const reason = code === 404 ? 'Not Found' : 'Service Unavailable';
  socket.end(
    rawHead(code, reason, [
      'Content-Type',
      'text/plain; charset=utf-8',
      'X-Content-Type-Options',
      'nosniff',
      'Content-Length',
      String(Buffer.byteLength(body)),
      'Connection',
      'close',
    ]) + body,
  );
}

function splice(client: Duplex, backend: Duplex): void {
  client.pipe(backend);
  backend.pipe(client);
  const close = (): void => {
    client.destroy();
    backend.destroy();
  };
  client.on('error', close);
  backend.on('error', close);
  client.on('close', close);
  backend.on('close', close);
}

/**
 * Forwards an HTTP upgrade (WebSocket) to an APIService's backend with the same headers as
 * {@link proxyRequest}, writes the backend's 101 answer to the client's socket and splices the
 * two connections. A backend that refuses the upgrade has its answer relayed as is.
 */
export async function proxyUpgrade(options: {
  ctx: ProxyContext;
  req: IncomingMessage;
  socket: Duplex;
  head: Buffer;
  apiService: ApiService;
  user: RemoteUser;
}): Promise<void> {
  const { ctx, req, socket, head, apiService, user } = options;
  const target = await targetOrUnavailable(ctx, apiService, (code, message) => {
    socketError(socket, code, message);
  });
  if (target === undefined) return;
  const upstream = backendRequest(target, req, user, true);
  upstream.on('upgrade', (answer, backend, backendHead) => {
    socket.write(rawHead(answer.statusCode ?? 101, answer.statusMessage ?? '', answer.rawHeaders));
    if (backendHead.length > 0) socket.write(backendHead);
    if (head.length > 0) backend.write(head);
    splice(socket, backend);
  });
  upstream.on('response', (answer) => {
    // Not upgraded: relay the answer, its body decoded, on a connection that then closes.
    const kept = answer.rawHeaders.flatMap((value, i, all) =>
      i % 2 === 0 && !/^(transfer-encoding|connection|keep-alive)$/i.test(value)
        ? [value, all[i + 1] ?? '']
        : [],
    );
    kept.push('Connection', 'close');
    socket.write(rawHead(answer.statusCode ?? 502, answer.statusMessage ?? '', kept));
    answer.pipe(socket);
  });
  upstream.on('error', (error) => {
    socketError(socket, 503, goNetworkError(error, hostPort(target.host, target.port)));
  });
  socket.on('error', () => upstream.destroy());
  upstream.end();
}
