import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '@podvisor/kube';
import type { ResolveService } from '../admission/index.ts';
import type { JsonObject } from '../json.ts';
import type { Store } from '../storage/index.ts';
import { aggregatedGroups, type AggregatedGroup } from './aggregated-groups.ts';
import type { ApiService } from './api-service.ts';
import { watchApiServices } from './api-service-cache.ts';
import { AvailabilityLoop, type AvailabilityCallback } from './availability-loop.ts';
import { backendTarget, type ProxyClientCert } from './backend-target.ts';
import { checkAvailability, type Availability } from './check-availability.ts';
import { DiscoveryCache } from './discovery-cache.ts';
import { proxyRequest } from './proxy-request.ts';
import { proxyUpgrade } from './proxy-upgrade.ts';
import type { RemoteUser } from './remote-user.ts';

/** Options of {@link createAggregator}. */
export interface AggregatorOptions {
  readonly store: Store;
  readonly logger: Logger;
  /** Routes an APIService's Service to an address (the embedded cluster: a pod IP). */
  readonly resolveService: ResolveService;
  /** The front-proxy client certificate presented to aggregated servers. */
  readonly proxyClientCert: ProxyClientCert;
  /**
   * Writes an APIService's new status (e.g. through the status subresource) when its Available
   * condition changes. Without it, availability is not checked.
   */
  readonly onAvailability?: AvailabilityCallback;
  /** How often every APIService is re-checked (default 30 s); changes trigger checks at once. */
  readonly availabilityIntervalMs?: number;
  /** How long a fetched APIResourceList is reused (default 30 s). */
  readonly discoveryTtlMs?: number;
}

/** API aggregation: routing, proxying, discovery and availability of APIServices. */
export interface Aggregator {
  /** The remote APIService serving a group-version, if any (local ones are not returned). */
  route(group: string, version: string): ApiService | undefined;
  /** Every APIService (local and remote), ordered by name. */
  apiServices(): readonly ApiService[];
  /** The remote groups and their versions, in discovery order. */
  groups(): AggregatedGroup[];
  /** Forwards a request to the APIService's backend (503 when it is not Available). */
  proxy(
    req: IncomingMessage,
    res: ServerResponse,
    apiService: ApiService,
    user: RemoteUser,
  ): Promise<void>;
  /**
   * Forwards an HTTP upgrade (WebSocket: call it from the server's 'upgrade' event) and splices
   * the connections; the upgrade's parts come in one object to keep to four parameters.
   */
  proxyUpgrade(
    upgrade: { req: IncomingMessage; socket: Duplex; head: Buffer },
    apiService: ApiService,
    user: RemoteUser,
  ): Promise<void>;
  /** The backend's APIResourceList for the APIService's group-version (cached); 503 StatusError on failure. */
  discovery(apiService: ApiService): Promise<JsonObject>;
  /** Runs the availability checks for one APIService now (what the loop reports). */
  checkAvailability(apiService: ApiService): Promise<Availability>;
  /** Resolves when the availability checks in flight are done. */
  availabilitySettled(): Promise<void>;
  close(): void;
}

/**
 * kube-aggregator for the embedded API server: follows apiregistration.k8s.io/v1 APIServices in
 * the store, routes their group-versions to their Services over HTTPS with the front-proxy
 * client certificate and X-Remote-* user headers, fetches their discovery documents, and (with
 * `onAvailability`) keeps their Available condition current.
 */
export function createAggregator(options: AggregatorOptions): Aggregator {
  const logger = options.logger.child({ component: 'aggregator' });
  const { store, resolveService, proxyClientCert: clientCert } = options;
  const ctx = { logger, resolveService, clientCert };
  const discoveryCache = new DiscoveryCache({
    ttlMs: options.discoveryTtlMs ?? 30_000,
    timeoutMs: 5_000,
    now: Date.now,
    target: (apiService) => backendTarget({ apiService, resolveService, clientCert }),
  });
  let loop: AvailabilityLoop | undefined;
  const cache = watchApiServices(store, (name, deleted) => {
    if (deleted) discoveryCache.forget(name);
    else loop?.schedule(name);
  });
  const check = (apiService: ApiService): Promise<Availability> =>
    checkAvailability({ store, apiService, resolveService, clientCert });
  if (options.onAvailability !== undefined) {
    loop = new AvailabilityLoop({
      store,
      logger,
      intervalMs: options.availabilityIntervalMs ?? 30_000,
      apiServices: () => cache.all(),
      check,
      onChange: options.onAvailability,
    });
    loop.scheduleAll();
  }
  return {
    route: (group, version) =>
      cache
        .all()
        .find((s) => s.service !== undefined && s.group === group && s.version === version),
    apiServices: () => cache.all(),
    groups: () => aggregatedGroups(cache.all()),
    proxy: (req, res, apiService, user) => proxyRequest({ ctx, req, res, apiService, user }),
    proxyUpgrade: (upgrade, apiService, user) =>
      proxyUpgrade({ ctx, ...upgrade, apiService, user }),
    discovery: (apiService) => discoveryCache.get(apiService),
    checkAvailability: check,
    availabilitySettled: async () => {
      await loop?.settled();
    },
    close() {
      loop?.close();
      cache.close();
    },
  };
}
