import { connect, createServer, type Server, type Socket } from 'node:net';
import type { Logger } from '@podvisor/kube';
import type { KubeObject } from '../../../apiserver/json.ts';
import { proxyRoutes, type ProxyRoute } from './proxy-routes.ts';

/** A TCP proxy for Service ClusterIPs on the loopback network. */
export interface ServiceProxy {
  /**
   * Listens on every route of these Services and Endpoints (see `proxyRoutes`), stops listening
   * on the others and points existing listeners at the current backends. Resolves once new
   * listeners are bound, with the addresses worth trying again soon (held by another process);
   * an address that cannot be bound for good (a port under 1024 without the privilege) is
   * tried again on later updates only.
   */
  update(services: readonly KubeObject[], endpoints: readonly KubeObject[]): Promise<string[]>;
  /** The `ip:port` addresses listened on. */
  listening(): string[];
  /** Stops every listener and ends every proxied connection. */
  close(): Promise<void>;
}

interface Listener {
  route: ProxyRoute;
  readonly server: Server;
  readonly sockets: Set<Socket>;
  next: number;
  bound: boolean;
  closed: boolean;
}

interface ProxyState {
  readonly logger: Logger;
  readonly listeners: Map<string, Listener>;
  /** The last bind error code of each address that failed, so it is logged once. */
  readonly failures: Map<string, string>;
}

function track(listener: Listener, socket: Socket): void {
  listener.sockets.add(socket);
  socket.once('close', () => listener.sockets.delete(socket));
}

/** Forwards one accepted connection to the next backend, round-robin; none: a reset. */
function forward(listener: Listener, client: Socket): void {
  const { backends } = listener.route;
  const backend = backends[listener.next++ % Math.max(1, backends.length)];
  if (backend === undefined) {
    client.resetAndDestroy();
    return;
  }
  const upstream = connect({ host: backend.ip, port: backend.port, allowHalfOpen: true });
  track(listener, client);
  track(listener, upstream);
  const fail = (): void => {
    client.destroy();
    upstream.destroy();
  };
  client.on('error', fail);
  upstream.on('error', fail);
  client.pipe(upstream);
  upstream.pipe(client);
}

function closeListener(listener: Listener): Promise<void> {
  return new Promise((resolve) => {
    listener.closed = true;
    for (const socket of listener.sockets) socket.destroy();
    if (!listener.bound) {
      resolve();
      return;
    }
    listener.server.close(() => {
      resolve();
    });
  });
}

function errorCode(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code ?? error.name;
}

/** Records a failed bind (logged as a warning once per address and cause); whether to retry soon. */
function bindFailed(state: ProxyState, route: ProxyRoute, error: Error): boolean {
  const code = errorCode(error);
  const context = { err: error, address: route.address, service: route.service };
  if (state.failures.get(route.address) === code)
    state.logger.debug(context, 'still cannot listen');
  else state.logger.warn(context, 'cannot listen for a Service');
  state.failures.set(route.address, code);
  return code !== 'EACCES';
}

/** Binds a route's address; resolves with the address when it should be retried soon. */
function listen(state: ProxyState, route: ProxyRoute): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer({ allowHalfOpen: true });
    const listener: Listener = {
      route,
      server,
      sockets: new Set(),
      next: 0,
      bound: false,
      closed: false,
    };
    state.listeners.set(route.address, listener);
    server.on('connection', (socket) => {
      forward(listener, socket);
    });
    server.on('error', (error) => {
      if (listener.bound) {
        state.logger.warn({ err: error, address: route.address }, 'Service listener failed');
        return;
      }
      if (state.listeners.get(route.address) === listener) state.listeners.delete(route.address);
      resolve(bindFailed(state, route, error) ? route.address : undefined);
    });
    server.listen({ host: route.ip, port: route.port }, () => {
      listener.bound = true;
      if (listener.closed) server.close();
      state.failures.delete(route.address);
      state.logger.debug({ address: route.address, service: route.service }, 'proxying Service');
      resolve(undefined);
    });
  });
}

async function update(state: ProxyState, routes: readonly ProxyRoute[]): Promise<string[]> {
  const wanted = new Set(routes.map((r) => r.address));
  const closing: Promise<void>[] = [];
  for (const [address, listener] of state.listeners) {
    if (wanted.has(address)) continue;
    state.listeners.delete(address);
    closing.push(closeListener(listener));
  }
  for (const address of state.failures.keys())
    if (!wanted.has(address)) state.failures.delete(address);
  const binding: Promise<string | undefined>[] = [];
  for (const route of routes) {
    const existing = state.listeners.get(route.address);
    if (existing === undefined) binding.push(listen(state, route));
    else existing.route = route;
  }
  const [retry] = await Promise.all([Promise.all(binding), Promise.all(closing)]);
  return retry.filter((a) => a !== undefined);
}

/**
 * Creates a service proxy: for each Service port it binds the ClusterIP and port (any
 * 127.0.0.0/8 address can be bound on Linux) and forwards every TCP connection to a ready
 * endpoint, round-robin. Only one process can bind an address, so one proxy serves all nodes of
 * a machine. Feed it with `update` whenever Services or Endpoints change.
 */
export function createServiceProxy(options: { readonly logger: Logger }): ServiceProxy {
  const state: ProxyState = { logger: options.logger, listeners: new Map(), failures: new Map() };
  return {
    update: (services, endpoints) => update(state, proxyRoutes(services, endpoints)),
    listening: () =>
      [...state.listeners.values()].filter((l) => l.bound).map((l) => l.route.address),
    async close() {
      const all = [...state.listeners.values()];
      state.listeners.clear();
      await Promise.all(all.map(closeListener));
    },
  };
}
