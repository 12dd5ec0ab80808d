import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { VirtualMachineInstance } from '@podvisor/api';
import type { Logger } from '@podvisor/kube';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  launcherVmDir,
  noFollowConnector,
  streamNames,
  streamSocketNames,
  type ConnectStreamSocket,
} from './launcher-vm-sockets.ts';
import { parseNodeRoute, type NodeRoute, type StreamKind } from './node-route.ts';
import { NodeStatusError } from './node-status-error.ts';
import { SerialConsoleHub } from './serial-console-hub.ts';
import { guestOsInfo, runVmiAction, screenshot } from './vmi-requests.ts';
import { describeVmi, resolveVmiTarget, type LauncherLink, type VmiTarget } from './vmi-target.ts';
import {
  closeCodes,
  closeWith,
  keepAlive,
  messageBytes,
  pipeSocket,
  websocketViewer,
} from './websocket-pipes.ts';

/** KubeVirt's websocket subprotocol: one binary byte stream. */
export const plainSubprotocol = 'plain.kubevirt.io';

/** Options of {@link startNodeServer}. */
export interface NodeServerOptions {
  readonly host: string;
  /** 8186 in the DaemonSet; 0 picks a free port. */
  readonly port: number;
  /** The serving certificate and key (PEM). */
  readonly certificate: { readonly cert: string; readonly key: string };
  /** Who may call: an `Authorization` header value → the user, or a NodeStatusError. */
  readonly authenticator: { authenticate(authorization: string | undefined): Promise<string> };
  readonly nodeName: string;
  /** The node's pod directories, as this process sees them. */
  readonly podsDir: string;
  /** The real path of `podsDir`: nothing below it is followed if it is a symlink. */
  readonly trustedRoot: string;
  /** The VMIs on this node by `namespace/name` (the handler's informer cache). */
  readonly vmis: { get(key: string): VirtualMachineInstance | undefined };
  /** The handler's launcher connections by VMI key (the reconciler's sessions). */
  readonly sessions: () => ReadonlyMap<string, LauncherLink>;
  readonly logger: Logger;
  /** Websocket pings on every stream; 30 s by default. */
  readonly pingIntervalMs?: number;
  /** The serial scrollback replayed to a new viewer; 64 KiB by default. */
  readonly scrollbackBytes?: number;
  /** How stream sockets are opened; `connectNoFollow` below `trustedRoot` by default. */
  readonly connectSocket?: ConnectStreamSocket;
}

/** The running node endpoint. */
export interface NodeServer {
  readonly port: number;
  /** Closes every stream (1001) and the listener. */
  close(): Promise<void>;
}

interface Context {
  readonly options: NodeServerOptions;
  readonly hub: SerialConsoleHub;
  readonly wss: WebSocketServer;
  readonly connect: ConnectStreamSocket;
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/** Any error as a NodeStatusError (unexpected ones are 500s). */
function asStatusError(error: unknown): NodeStatusError {
  return error instanceof NodeStatusError ? error : new NodeStatusError(500, messageOf(error));
}

function sendStatus(res: ServerResponse, error: NodeStatusError): void {
  const body = JSON.stringify(error.toStatus());
  res.writeHead(error.code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** Answers an upgrade request with a Status instead of switching protocols. */
function refuseUpgrade(socket: Duplex, error: NodeStatusError): void {
  const body = JSON.stringify(error.toStatus());
  const head = [
    `HTTP/1.1 ${String(error.code)} ${STATUS_CODES[error.code] ?? ''}`,
    'Content-Type: application/json',
    `Content-Length: ${String(Buffer.byteLength(body))}`,
    'Connection: close',
  ];
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
}

/** Authenticates, routes and finds the VMI of a request. */
async function targetOf(
  ctx: Context,
  req: IncomingMessage,
  upgrade: boolean,
): Promise<{ route: NodeRoute; target: VmiTarget }> {
  await ctx.options.authenticator.authenticate(req.headers.authorization);
  const route = parseNodeRoute({ method: req.method ?? '', url: req.url ?? '', upgrade });
  const key = `${route.namespace}/${route.name}`;
  const target = resolveVmiTarget({
    route,
    vmi: ctx.options.vmis.get(key),
    nodeName: ctx.options.nodeName,
    session: ctx.options.sessions().get(key),
  });
  return { route, target };
}

async function serveRequest(
  ctx: Context,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { route, target } = await targetOf(ctx, req, false);
  if (route.kind === 'action') {
    await runVmiAction(route, target, route.action);
    ctx.options.logger.info(
      { vmi: `${route.namespace}/${route.name}`, action: route.action },
      'VMI action',
    );
    res.writeHead(204).end();
  } else if (route.kind === 'guestosinfo') {
    const body = JSON.stringify(await guestOsInfo(route, target));
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
    });
    res.end(body);
  } else if (route.kind === 'screenshot') {
    const png = await screenshot(route, target);
    res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': png.length }).end(png);
  }
}

/** Opens a stream's launcher socket; 503 naming the stream when it cannot be reached. */
async function openStreamSocket(
  ctx: Context,
  route: NodeRoute & { stream: StreamKind },
  target: VmiTarget,
): Promise<Socket> {
  try {
    return await ctx.connect(
      launcherVmDir(ctx.options.podsDir, target.podUid),
      streamSocketNames[route.stream],
    );
  } catch (error) {
    throw new NodeStatusError(
      503,
      `cannot reach ${streamNames[route.stream]} of ${describeVmi(route)}: ${messageOf(error)}`,
    );
  }
}

/** Completes the websocket handshake (choosing `plain.kubevirt.io` when offered). */
function upgrade(
  ctx: Context,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
): Promise<WebSocket> {
  return new Promise((resolve) => {
    ctx.wss.handleUpgrade(req, socket, head, resolve);
  });
}

/** A console viewer: attached to the VMI's shared serial connection. */
async function serveConsole(
  ctx: Context,
  ws: WebSocket,
  consoleKey: string,
  open: () => Promise<Socket>,
) {
  try {
    const attachment = await ctx.hub.attach(consoleKey, open, websocketViewer(ws, 4 * 1024 * 1024));
    ws.on('message', (data) => {
      attachment.write(messageBytes(data));
    });
    ws.on('close', () => {
      attachment.detach();
    });
  } catch (error) {
    closeWith(ws, closeCodes.streamEnded, `the serial console is unavailable: ${messageOf(error)}`);
  }
}

async function serveStream(
  ctx: Context,
  request: { req: IncomingMessage; socket: Duplex; head: Buffer },
): Promise<void> {
  const { route, target } = await targetOf(ctx, request.req, true);
  if (route.kind !== 'stream') throw new NodeStatusError(400, 'only streams are websockets');
  const open = (): Promise<Socket> => openStreamSocket(ctx, route, target);
  const logger = ctx.options.logger.child({
    vmi: `${route.namespace}/${route.name}`,
    stream: route.stream,
  });
  if (route.stream === 'console') {
    const consoleKey = `${target.podUid}/${target.vmi.metadata.uid ?? ''}`;
    await ctx.hub.open(consoleKey, open);
    const ws = await upgrade(ctx, request.req, request.socket, request.head);
    keepAlive(ws, ctx.options.pingIntervalMs ?? 30_000);
    await serveConsole(ctx, ws, consoleKey, open);
    logger.info('console viewer attached');
    return;
  }
  const stream = await open();
  request.socket.once('close', () => stream.destroy());
  const ws = await upgrade(ctx, request.req, request.socket, request.head);
  keepAlive(ws, ctx.options.pingIntervalMs ?? 30_000);
  pipeSocket(ws, stream, {
    what: streamNames[route.stream],
    // spice-server serves one client: a new viewer's main channel takes the display over.
    ...(route.stream === 'spice'
      ? { closedBecause: 'another SPICE viewer took over, or the VM stopped' }
      : {}),
  });
  logger.info('display viewer connected');
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Starts virt-handler's node endpoint (HTTPS, KubeVirt's port 8186): the `console`, `vnc` and
 * `spice` websockets of the VMIs on this node (subprotocol `plain.kubevirt.io`, binary
 * messages, pings), their `pause|unpause|softreboot|reset` actions (PUT → 204),
 * `guestosinfo` and `vnc/screenshot`. Every request must carry a bearer token the
 * authenticator accepts (virt-api's ServiceAccount); failures are answered with a Status.
 * Serial consoles are shared by all their viewers ({@link SerialConsoleHub}); each VNC or
 * SPICE viewer gets its own connection to QEMU's socket (VNC with a shared display).
 */
export async function startNodeServer(options: NodeServerOptions): Promise<NodeServer> {
  const ctx: Context = {
    options,
    hub: new SerialConsoleHub({
      logger: options.logger,
      ...(options.scrollbackBytes === undefined
        ? {}
        : { scrollbackBytes: options.scrollbackBytes }),
    }),
    wss: new WebSocketServer({
      noServer: true,
      maxPayload: 1024 * 1024,
      handleProtocols: (offered) => (offered.has(plainSubprotocol) ? plainSubprotocol : false),
    }),
    connect: options.connectSocket ?? noFollowConnector(options.trustedRoot),
  };
  const server = createServer({ cert: options.certificate.cert, key: options.certificate.key });
  server.on('request', (req, res) => {
    serveRequest(ctx, req, res).catch((error: unknown) => {
      const status = asStatusError(error);
      if (status.code >= 500)
        options.logger.warn({ err: error, url: req.url }, 'node endpoint request failed');
      if (!res.headersSent) sendStatus(res, status);
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    serveStream(ctx, { req, socket, head }).catch((error: unknown) => {
      refuseUpgrade(socket, asStatusError(error));
    });
  });
  const port = await listen(server, options.host, options.port);
  options.logger.info({ host: options.host, port }, 'node endpoint listening');
  return {
    port,
    async close() {
      for (const ws of ctx.wss.clients)
        closeWith(ws, closeCodes.goingAway, 'virt-handler is shutting down');
      ctx.hub.close('virt-handler is shutting down');
      const closed = new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
      server.closeAllConnections();
      await closed;
    },
  };
}
