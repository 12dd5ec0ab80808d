import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** What the live parts of the BFF report when scraped. */
export interface LiveStats {
  watch(): { sockets: number; subscriptions: number; upstreamWatches: number };
  consoles(): { open: number };
}

/** The BFF's Prometheus metrics, in a registry of its own (one per app, so tests do not collide). */
export interface BffMetrics {
  readonly registry: Registry;
  readonly requests: Counter<'method' | 'route' | 'code'>;
  readonly requestSeconds: Histogram<'method' | 'route'>;
  readonly upgrades: Counter<'route' | 'outcome'>;
}

/**
 * Creates the registry: HTTP requests by route and code with their latency, websocket upgrades by
 * outcome, process metrics, and gauges read from `live` at scrape time (watch sockets,
 * subscriptions, shared upstream watches, open consoles).
 */
export function createBffMetrics(live: LiveStats): BffMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'podvisor_bff_' });
  const requests = new Counter({
    name: 'podvisor_bff_http_requests_total',
    help: 'HTTP requests served, by method, route and status code.',
    labelNames: ['method', 'route', 'code'],
    registers: [registry],
  });
  const requestSeconds = new Histogram({
    name: 'podvisor_bff_http_request_duration_seconds',
    help: 'Time to the end of the response (for watches: the stream), by method and route.',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10, 60],
    registers: [registry],
  });
  const upgrades = new Counter({
    name: 'podvisor_bff_websocket_upgrades_total',
    help: 'Websocket upgrade requests, by route and outcome (accepted, forbidden-origin, unauthenticated, not-found).',
    labelNames: ['route', 'outcome'],
    registers: [registry],
  });
  const gauge = (name: string, help: string, read: () => number): void => {
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  };
  gauge('podvisor_bff_watch_sockets', 'Open /api/watch websockets.', () => live.watch().sockets);
  gauge(
    'podvisor_bff_watch_subscriptions',
    'Subscriptions over all watch websockets.',
    () => live.watch().subscriptions,
  );
  gauge(
    'podvisor_bff_upstream_watches',
    'Watches open on the API server (shared between identical subscriptions of one user).',
    () => live.watch().upstreamWatches,
  );
  gauge('podvisor_bff_consoles_open', 'Open console streams.', () => live.consoles().open);
  return { registry, requests, requestSeconds, upgrades };
}
