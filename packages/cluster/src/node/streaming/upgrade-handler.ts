import type { IncomingMessage } from 'node:http';
import { connect as tcpConnect, isIPv4, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from '@podvisor/kube';
import { createWebSocketStream, WebSocketServer, type WebSocket } from 'ws';
import { StatusError, statusErrors } from '../../apiserver/status-error.ts';
import {
  ContainerAccessError,
  type AttachSession,
  type ContainerAccess,
  type ExecSession,
} from '../container-access.ts';
import { chooseChannelProtocol, type ChannelProtocol } from './channel-protocol.ts';
import { serveAttach, serveExec, type StreamFlags } from './channel-session.ts';
import { queryFlag } from './log-options.ts';
import { serveSpdyPortForward, type PortConnector } from './spdy/spdy-port-forward.ts';
import { parseNodeStreamPath, type StreamTarget } from './streaming-paths.ts';
import { requestedPorts, serveWebSocketPortForward } from './websocket-port-forward.ts';

/** kubectl's port-forward over a websocket: SPDY/3.1 frames tunnelled in binary messages. */
export const spdyTunnelProtocol = 'SPDY/3.1+portforward.k8s.io';
/** Websocket subprotocols of channel-pair port-forward, best first. */
const portForwardProtocols = ['portforward.k8s.io', 'v4.channel.k8s.io', 'channel.k8s.io'];

/**
 * Opens a connection to a port of a pod. `podIP` is what the API server read from the pod's
 * status (the `podIP` query parameter), if anything.
 */
export type PodPortConnector = (
  pod: { podUid: string; podIP: string | undefined },
  port: number,
) => Socket;

/** What the upgrade handler works with. */
export interface UpgradeContext {
  readonly access: ContainerAccess;
  readonly logger: Logger;
  /** How port-forward reaches a pod (default: TCP to the `podIP` the API server passes). */
  readonly portForward?: PodPortConnector;
}

/** Handles a node's upgrade requests (already authorized); rejects with a StatusError. */
export interface UpgradeHandler {
  handle(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void>;
  /** Ends every upgraded connection. */
  close(): void;
}

interface UpgradeCall {
  readonly req: IncomingMessage;
  readonly socket: Duplex;
  readonly head: Buffer;
  readonly target: StreamTarget;
  readonly query: URLSearchParams;
}

function offeredProtocols(req: IncomingMessage): Set<string> {
  const header = req.headers['sec-websocket-protocol'] ?? '';
  return new Set(
    header
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== ''),
  );
}

function streamFlags(query: URLSearchParams): StreamFlags {
  const flags = {
    stdin: queryFlag(query, 'stdin'),
    stdout: queryFlag(query, 'stdout'),
    stderr: queryFlag(query, 'stderr'),
  };
  if (!flags.stdin && !flags.stdout && !flags.stderr)
    throw statusErrors.badRequest('you must specify at least 1 of stdin, stdout, stderr');
  return flags;
}

/** Connects to the pod IP the API server passed: pods listen on their own loopback address. */
const connectToPodIp: PodPortConnector = (pod, port) => tcpConnect({ host: pod.podIP ?? '', port });

function portConnector(ctx: UpgradeContext, call: UpgradeCall): PortConnector {
  const pod = { podUid: call.target.podUid, podIP: call.query.get('podIP') ?? undefined };
  if (ctx.portForward === undefined && (pod.podIP === undefined || !isIPv4(pod.podIP)))
    throw statusErrors.badRequest(`pod ${call.target.pod} has no IP address to forward to`);
  const open = ctx.portForward ?? connectToPodIp;
  return (port) => open(pod, port);
}

/** A ContainerAccessError as the HTTP answer Kubernetes gives (404 for an unknown container). */
function accessError(error: unknown): unknown {
  if (!(error instanceof ContainerAccessError)) return error;
  return error.reason === 'NotFound'
    ? new StatusError(404, 'NotFound', error.message)
    : statusErrors.badRequest(error.message);
}

function choose(call: UpgradeCall): ChannelProtocol {
  const offered = offeredProtocols(call.req);
  const protocol = offered.size === 0 ? 'channel.k8s.io' : chooseChannelProtocol(offered);
  if (protocol === undefined)
    throw statusErrors.badRequest(
      `unable to upgrade: none of the offered subprotocols [${[...offered].join(' ')}] is supported`,
    );
  return protocol;
}

/** Exec and attach: the container is reached first, so that refusals are plain HTTP answers. */
async function channelUpgrade(
  ctx: UpgradeContext,
  server: WebSocketServer,
  call: UpgradeCall,
): Promise<void> {
  const { target, query } = call;
  const protocol = choose(call);
  const streams = streamFlags(query);
  const command = query.getAll('command');
  if (target.kind === 'exec' && command.length === 0)
    throw statusErrors.badRequest('you must specify at least 1 command');
  let opened: ExecSession | AttachSession;
  try {
    opened =
      target.kind === 'exec'
        ? await ctx.access.execIn(target.podUid, target.container, command, {
            tty: queryFlag(query, 'tty'),
          })
        : await ctx.access.attach(target.podUid, target.container, { stdin: streams.stdin });
  } catch (error) {
    throw accessError(error);
  }
  let accepted = false;
  const release = (): void => {
    if (accepted) return;
    if ('kill' in opened) opened.kill();
    else opened.detach();
  };
  if (call.socket.destroyed) {
    release();
    return;
  }
  // `ws` may refuse the handshake without calling back: the container session must not leak.
  call.socket.once('close', release);
  server.handleUpgrade(call.req, call.socket, call.head, (ws: WebSocket) => {
    accepted = true;
    ws.on('error', () => undefined);
    const session = { ws, protocol, streams };
    if ('kill' in opened) serveExec(session, opened);
    else serveAttach(session, opened);
  });
}

/** The websocket servers of one node (`noServer`: the HTTPS server hands upgrades over). */
interface Servers {
  readonly channel: WebSocketServer;
  readonly port: WebSocketServer;
  /** Requests whose SPDY tunnel subprotocol was hidden from `ws` (it rejects '/' in names). */
  readonly tunnelled: WeakSet<IncomingMessage>;
}

function createServers(): Servers {
  const tunnelled = new WeakSet<IncomingMessage>();
  const channel = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    handleProtocols: (offered) => chooseChannelProtocol(offered) ?? false,
  });
  const port = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    handleProtocols: (offered) => portForwardProtocols.find((p) => offered.has(p)) ?? false,
  });
  port.on('headers', (headers: string[], req: IncomingMessage) => {
    if (tunnelled.has(req)) headers.push(`Sec-WebSocket-Protocol: ${spdyTunnelProtocol}`);
  });
  return { channel, port, tunnelled };
}

function portForwardUpgrade(ctx: UpgradeContext, servers: Servers, call: UpgradeCall): void {
  const connect = portConnector(ctx, call);
  const { req, socket, head } = call;
  if (offeredProtocols(req).has(spdyTunnelProtocol)) {
    delete req.headers['sec-websocket-protocol'];
    servers.tunnelled.add(req);
    servers.port.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      const transport = createWebSocketStream(ws);
      transport.on('error', () => undefined);
      serveSpdyPortForward(transport, connect);
    });
    return;
  }
  const ports = requestedPorts(call.query);
  if (typeof ports === 'string') throw statusErrors.badRequest(ports);
  servers.port.handleUpgrade(req, socket, head, (ws: WebSocket) => {
    ws.on('error', () => undefined);
    serveWebSocketPortForward(ws, ports, connect);
  });
}

/** kubectl's `POST` upgrade to SPDY/3.1 for port-forward. */
function spdyUpgrade(ctx: UpgradeContext, call: UpgradeCall): void {
  const connect = portConnector(ctx, call);
  const { socket, head } = call;
  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n' +
      'X-Stream-Protocol-Version: portforward.k8s.io\r\n\r\n',
  );
  if (head.length > 0) socket.unshift(head);
  serveSpdyPortForward(socket, connect);
}

async function dispatch(ctx: UpgradeContext, servers: Servers, call: UpgradeCall): Promise<void> {
  const { kind } = call.target;
  const upgrade = (call.req.headers.upgrade ?? '').toLowerCase();
  if (upgrade === 'websocket' && kind === 'portforward') portForwardUpgrade(ctx, servers, call);
  else if (upgrade === 'websocket') await channelUpgrade(ctx, servers.channel, call);
  else if (upgrade === 'spdy/3.1' && kind === 'portforward') spdyUpgrade(ctx, call);
  else throw statusErrors.badRequest(`unsupported upgrade "${upgrade}" for ${kind}`);
}

/** Creates the upgrade side of a node's streaming server: websocket exec/attach/port-forward and SPDY port-forward. */
export function createUpgradeHandler(ctx: UpgradeContext): UpgradeHandler {
  const open = new Set<Duplex>();
  const servers = createServers();
  return {
    handle: async (req, socket, head) => {
      const parsed = parseNodeStreamPath(req.url ?? '/');
      if (parsed === undefined || parsed.target.kind === 'log') throw statusErrors.pathNotFound();
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      ctx.logger.debug(
        {
          kind: parsed.target.kind,
          pod: parsed.target.pod,
          upgrade: req.headers.upgrade,
          protocols: req.headers['sec-websocket-protocol'],
        },
        'stream opening',
      );
      await dispatch(ctx, servers, { req, socket, head, ...parsed });
    },
    close: () => {
      for (const socket of open) socket.destroy();
      servers.channel.close();
      servers.port.close();
    },
  };
}
