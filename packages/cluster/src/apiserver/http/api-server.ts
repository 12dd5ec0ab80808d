import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  createServer as createNetServer,
  type AddressInfo,
  type Server as NetServer,
} from 'node:net';
import type { Logger } from '@podvisor/kube';
import { crdResourceDefinitions } from '../crd/crd-resources.ts';
import { metaString } from '../objects/lifecycle.ts';
import { loadBuiltinSchemas, type BuiltinSchemas } from '../openapi/index.ts';
import { negotiateOpenApiV2, OPENAPI_V2_JSON, OPENAPI_V2_PROTOBUF } from '../openapi/v2/index.ts';
import type { Duplex } from 'node:stream';
import type { Aggregator } from '../aggregation/index.ts';
import { isJsonObject } from '../json.ts';
import { asStatusError, rejectUpgrade } from './upgrade-response.ts';
import { parsePodStreamPath, type PodProxy } from '../pod-proxy/index.ts';
import { Registry } from '../registry/registry.ts';
import type { ResourceDefinition } from '../registry/resource-definition.ts';
import { asObjectOfKind, createObject } from '../service/create-object.ts';
import { NamespaceFinalizer } from '../service/namespace-finalizer.ts';
import { namespaceKey } from '../service/namespaces.ts';
import {
  noAdmission,
  type Admission,
  type SchemaSource,
  type ServiceContext,
} from '../service/service-context.ts';
import { StatusError, statusErrors } from '../status-error.ts';
import type { Store } from '../storage/index.ts';
import { createAuth, type Auth } from '../auth/index.ts';
import type { UserInfo } from '../user-info.ts';
import { serveDiscovery, versionInfo } from './discovery-routes.ts';
import { OpenApiCache } from './openapi-cache.ts';
import { decodeObjectBody, readBody } from './request-body.ts';
import { parseRequestPath, type RequestTarget, type ResourceTarget } from './request-info.ts';
import { handleResource } from './resource-routes.ts';
import { sendJson, sendStatusError, sendText } from './responses.ts';
import { isReview } from './reviews.ts';
import { isTokenRequest, serveTokenRequest } from './service-account-routes.ts';
import { RequestMetrics, serveMetrics } from '../metrics/index.ts';
import { clusterClient, type ClusterClient } from '../../controllers/cluster-client.ts';
import {
  loopbackClusterIpRange,
  type ClusterIpRange,
} from '../../controllers/services/cluster-ip-range.ts';

/** What the API server is built from. */
export interface ApiServerOptions {
  readonly store: Store;
  readonly logger: Logger;
  /** TLS key and certificate (PEM) the server presents. */
  readonly tls: { readonly key: string; readonly cert: string };
  /** The bearer token of the cluster admin. */
  readonly adminToken: string;
  /** `DATA_DIR/pki`: static user tokens and the service-account signing key live there. */
  readonly pkiDir: string;
  /** The built-in kinds' schemas (default: the installed upstream OpenAPI documents, if any). */
  readonly builtins?: BuiltinSchemas;
  readonly now?: () => number;
  /** Admission control (default: none). */
  readonly admission?: Admission;
  /** API aggregation: group-versions served by APIServices backed by a Service. */
  readonly aggregator?: Aggregator;
  /** Pod logs, exec, attach and port-forward, proxied to node agents. */
  readonly podProxy?: PodProxy;
  /** The Service ClusterIP range (default: loopback mode's 127.96.0.0/16). */
  readonly clusterIpRange?: ClusterIpRange;
}

/** A running (or ready to run) API server. */
export interface ApiServer {
  readonly registry: Registry;
  /** The service layer, for the controllers that run in this process. */
  readonly context: ServiceContext;
  /**
   * Starts serving on `host:port` (0: any free port; host 127.0.0.1 by default) and resolves with
   * the base URL (`https://127.0.0.1:<port>` for the wildcard 0.0.0.0, which the certificate does
   * not name).
   */
  listen(port: number, host?: string): Promise<string>;
  /**
   * Serves, besides the port of `listen`, the connections accepted on an already listening TCP
   * socket given as a file descriptor (inherited from the parent process), with the same TLS and
   * handlers; resolves with that socket's port. Rejects when `fd` is not a listening TCP socket.
   */
  acceptFrom(fd: number): Promise<number>;
  /** Stops accepting requests, ends open watches and closes the listener. */
  close(): Promise<void>;
}

const systemNamespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
const crdPrefix = '/apiextensions.k8s.io/customresourcedefinitions/';

function schemaSource(builtins: BuiltinSchemas): SchemaSource {
  const none = (): undefined => undefined;
  return (def: ResourceDefinition) =>
    def.source === 'crd'
      ? { schema: def.schema, resolve: none }
      : { schema: builtins.schemaFor(def.group, def.version, def.kind), resolve: builtins.resolve };
}

/** What request handling needs, built once per server. */
interface ServerParts {
  readonly ctx: ServiceContext;
  readonly aggregator: Aggregator | undefined;
  readonly podProxy: PodProxy | undefined;
  readonly openapi: OpenApiCache;
  readonly auth: Auth;
  /** The in-process client (for subresources answered by reading other objects). */
  readonly client: ClusterClient;
  readonly logger: Logger;
  readonly metrics: RequestMetrics;
}

/** The service context, with the registry loaded from stored CRDs and the namespace finalizer wired. */
function createParts(
  options: ApiServerOptions,
  registry: Registry,
): ServerParts & { finalizer: NamespaceFinalizer } {
  const builtins = options.builtins ?? loadBuiltinSchemas();
  const hooks: { terminating: (name: string) => void } = { terminating: () => undefined };
  const ctx: ServiceContext = {
    store: options.store,
    registry,
    schemas: schemaSource(builtins),
    now: options.now ?? Date.now,
    admission: options.admission ?? noAdmission,
    clusterIpRange: options.clusterIpRange ?? loopbackClusterIpRange,
    onCrdChange: (crd, deleted) => {
      registry.setCrdResources(metaString(crd, 'name'), deleted ? [] : crdResourceDefinitions(crd));
    },
    onNamespaceTerminating: (name) => {
      hooks.terminating(name);
    },
  };
  const finalizer = new NamespaceFinalizer(ctx, options.logger.child({ controller: 'namespace' }));
  hooks.terminating = (name) => {
    finalizer.terminate(name);
  };
  for (const crd of options.store.list(crdPrefix).items) ctx.onCrdChange(crd, false);
  finalizer.resume();
  return {
    ctx,
    finalizer,
    client: clusterClient(ctx),
    aggregator: options.aggregator,
    podProxy: options.podProxy,
    openapi: new OpenApiCache(registry, builtins),
    auth: createAuth({
      ctx,
      pkiDir: options.pkiDir,
      adminToken: options.adminToken,
      logger: options.logger.child({ subsystem: 'auth' }),
    }),
    logger: options.logger,
    metrics: new RequestMetrics(),
  };
}

/** Proxies the request when an aggregated API server owns its group-version; false otherwise. */
async function proxiedToAggregate(
  parts: ServerParts,
  call: { req: IncomingMessage; res: ServerResponse; target: ResourceTarget },
  user: UserInfo | undefined,
): Promise<boolean> {
  const { target } = call;
  const remote =
    target.group === '' ? undefined : parts.aggregator?.route(target.group, target.version);
  if (remote === undefined || user === undefined || parts.aggregator === undefined) return false;
  await parts.aggregator.proxy(call.req, call.res, remote, user);
  return true;
}

async function serveResource(
  parts: ServerParts,
  call: {
    req: IncomingMessage;
    res: ServerResponse;
    target: ResourceTarget;
    query: URLSearchParams;
  },
  user: UserInfo | undefined,
): Promise<void> {
  if (await proxiedToAggregate(parts, call, user)) return;
  const { req, res, target } = call;
  const def = parts.ctx.registry.find(target.group, target.version, target.resource);
  const nested = target.subpath !== undefined;
  if (def === undefined || nested || (!def.namespaced && target.namespace !== ''))
    throw statusErrors.pathNotFound();
  if (isReview(def) && req.method === 'POST' && user !== undefined) {
    const review = asObjectOfKind(
      def,
      decodeObjectBody(await readBody(req), req.headers['content-type']),
      target.namespace,
    );
    sendJson(res, 201, parts.auth.answerReview(def.kind, review, user, target.namespace));
    return;
  }
  if (isTokenRequest({ ...call, def, logger: parts.logger })) {
    await serveTokenRequest(
      { ...call, def, logger: parts.logger },
      { client: parts.client, auth: parts.auth },
    );
    return;
  }
  await handleResource(parts.ctx, {
    ...call,
    def,
    logger: parts.logger,
    ...(user === undefined ? {} : { user }),
    ...(parts.podProxy === undefined ? {} : { podProxy: parts.podProxy }),
  });
}

function serveOpenApiV2(parts: ServerParts, req: IncomingMessage, res: ServerResponse): void {
  const form = negotiateOpenApiV2(req.headers.accept);
  if (form === undefined)
    throw statusErrors.notAcceptable(
      `only the following media types are accepted: ${OPENAPI_V2_JSON}, ${OPENAPI_V2_PROTOBUF}`,
    );
  const { json, protobuf } = parts.openapi.v2();
  const body = form.format === 'protobuf' ? Buffer.from(protobuf) : Buffer.from(json);
  res.writeHead(200, { 'Content-Type': form.contentType, 'Content-Length': body.length });
  res.end(body);
}

function serveOpenApi(
  parts: ServerParts,
  target: RequestTarget,
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
  if (target.type === 'openapi-v2') {
    serveOpenApiV2(parts, req, res);
    return true;
  }
  if (target.type === 'openapi-v3-index') {
    sendJson(res, 200, parts.openapi.index());
    return true;
  }
  if (target.type !== 'openapi-v3-document') return false;
  const doc = parts.openapi.document(target.group, target.version);
  if (doc === undefined) throw statusErrors.pathNotFound();
  sendJson(res, 200, doc);
  return true;
}

async function serve(parts: ServerParts, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const raw = req.url ?? '/';
  const q = raw.indexOf('?');
  const target = parseRequestPath(q < 0 ? raw : raw.slice(0, q));
  const query = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  const { user } = parts.auth.checkRequest(req);
  if (serveOpenApi(parts, target, req, res)) return;
  switch (target.type) {
    case 'version':
      sendJson(res, 200, versionInfo);
      return;
    case 'health':
      sendText(res, 200, 'ok');
      return;
    case 'resource':
      await serveResource(parts, { req, res, target, query }, user);
      return;
    case 'unknown':
      if (serveMetrics(parts.metrics, req, res)) return;
      throw statusErrors.pathNotFound();
    default:
      await serveDiscovery(
        { registry: parts.ctx.registry, aggregator: parts.aggregator },
        { target, req, res },
        user,
      );
  }
}

function answerFailure(
  parts: ServerParts,
  req: IncomingMessage,
  res: ServerResponse,
  error: unknown,
): void {
  if (error instanceof StatusError) {
    if (!res.headersSent) sendStatusError(res, error);
    else res.end();
    return;
  }
  parts.logger.error({ err: error, method: req.method, url: req.url }, 'request failed');
  if (!res.headersSent) sendStatusError(res, asStatusError(error));
  else res.destroy();
}

/**
 * An HTTP upgrade (WebSocket, SPDY): pod exec/attach/portforward go to the pod's node agent,
 * aggregated group-versions to their server; everything else is refused.
 */
/** Tunnels a pod's exec/attach/portforward upgrade to its node agent; false when the path is not one. */
function upgradedToPod(
  parts: ServerParts,
  upgrade: { req: IncomingMessage; socket: Duplex; head: Buffer },
): boolean {
  const stream = parsePodStreamPath(upgrade.req.url ?? '/');
  if (stream === undefined || parts.podProxy === undefined) return false;
  const pod = parts.ctx.store.get(`/core/pods/${stream.namespace}/${stream.name}`);
  if (pod === undefined) throw statusErrors.notFound('pods', stream.name);
  const spec = isJsonObject(pod['spec']) ? pod['spec'] : {};
  const nodeName = typeof spec['nodeName'] === 'string' ? spec['nodeName'] : '';
  const node = nodeName === '' ? undefined : parts.ctx.store.get(`/core/nodes//${nodeName}`);
  parts.podProxy.proxyUpgrade(upgrade.req, upgrade.socket, upgrade.head, {
    pod,
    node,
    subresource: stream.subresource,
    query: stream.query,
  });
  return true;
}

/**
 * An HTTP upgrade (WebSocket, SPDY): pod exec/attach/portforward go to the pod's node agent,
 * aggregated group-versions to their server; everything else is refused.
 */
async function serveUpgrade(
  parts: ServerParts,
  upgrade: { req: IncomingMessage; socket: Duplex; head: Buffer },
): Promise<void> {
  const { user } = parts.auth.checkRequest(upgrade.req);
  if (upgradedToPod(parts, upgrade)) return;
  const target = parseRequestPath((upgrade.req.url ?? '/').split('?')[0] ?? '/');
  const remote =
    target.type === 'resource' && target.group !== ''
      ? parts.aggregator?.route(target.group, target.version)
      : undefined;
  if (remote === undefined || parts.aggregator === undefined) throw statusErrors.pathNotFound();
  await parts.aggregator.proxyUpgrade(upgrade, remote, user);
}

/** How long an idle keep-alive connection stays open: beyond Go's 90 s client idle timeout. */
const idleConnectionMs = 120_000;

/** Creates the Kubernetes-compatible API server over a store. */
export function createApiServer(options: ApiServerOptions): ApiServer {
  const registry = new Registry();
  const parts = createParts(options, registry);
  const server: Server = createServer(
    { key: options.tls.key, cert: options.tls.cert },
    (req, res) => {
      const started = Date.now();
      res.once('close', () => {
        parts.metrics.record(req, res.statusCode);
      });
      res.on('finish', () => {
        parts.logger.debug(
          { method: req.method, url: req.url, code: res.statusCode, ms: Date.now() - started },
          'request',
        );
      });
      serve(parts, req, res).catch((error: unknown) => {
        answerFailure(parts, req, res, error);
      });
    },
  );
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    serveUpgrade(parts, { req, socket, head }).catch((error: unknown) => {
      if (!(error instanceof StatusError))
        parts.logger.error({ err: error, url: req.url }, 'upgrade failed');
      rejectUpgrade(socket, asStatusError(error));
    });
  });
  server.requestTimeout = 0;
  server.timeout = 0;
  // Node closes idle keep-alive connections after 5 s; clients reusing one just then get
  // ECONNRESET. Go clients (kubectl) drop idle connections after 90 s themselves, so stay longer.
  server.keepAliveTimeout = idleConnectionMs;
  let prepared: Promise<void> | undefined;
  const prepare = (): Promise<void> =>
    (prepared ??= (async () => {
      await ensureSystemNamespaces(parts.ctx);
      await parts.auth.start();
    })());
  const inherited: NetServer[] = [];
  return {
    registry,
    context: parts.ctx,
    listen: async (port, host = '127.0.0.1') => {
      await prepare();
      return new Promise<string>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address() as AddressInfo;
          const urlHost = host === '0.0.0.0' ? '127.0.0.1' : host;
          resolve(`https://${urlHost}:${address.port}`);
        });
      });
    },
    acceptFrom: async (fd) => {
      if (!Number.isInteger(fd) || fd < 0)
        throw new Error(`fd: ${String(fd)} is not a file descriptor (an integer ≥ 0)`);
      await prepare();
      const listener = await listenOnFd(fd, (socket) => {
        server.emit('connection', socket);
      });
      listener.on('error', (error) => {
        parts.logger.error({ err: error, fd }, 'inherited listener failed');
      });
      inherited.push(listener);
      return (listener.address() as AddressInfo).port;
    },
    close: () =>
      new Promise((resolve) => {
        parts.finalizer.stop();
        parts.auth.close();
        for (const listener of inherited.splice(0)) listener.close();
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

/** A net server accepting on the listening socket `fd`; rejects when it is not one. */
function listenOnFd(fd: number, onConnection: (socket: Duplex) => void): Promise<NetServer> {
  return new Promise((resolve, reject) => {
    const listener = createNetServer(onConnection);
    listener.once('error', (error) => {
      reject(
        new Error(`cannot accept on file descriptor ${fd}: ${error.message}`, { cause: error }),
      );
    });
    listener.listen({ fd }, () => {
      listener.removeAllListeners('error');
      const address = listener.address();
      if (typeof address === 'object' && address !== null) resolve(listener);
      else {
        listener.close();
        reject(new Error(`cannot accept on file descriptor ${fd}: not a TCP socket`));
      }
    });
  });
}

async function ensureSystemNamespaces(ctx: ServiceContext): Promise<void> {
  const def = ctx.registry.find('', 'v1', 'namespaces');
  if (def === undefined) return;
  for (const name of systemNamespaces) {
    if (ctx.store.get(namespaceKey(name)) !== undefined) continue;
    await createObject(
      ctx,
      { def, namespace: '' },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
      { dryRun: false, fieldManager: 'podvisor-apiserver', fieldValidation: 'Ignore' },
    );
  }
}
