import { Counter, Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../log/create-logger.ts';
import { serveMetrics, type MetricsServer } from './serve-metrics.ts';

const logger = createLogger({ component: 'test', level: 'silent' });
let server: MetricsServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(ready?: () => boolean): Promise<{ url: string; registry: Registry }> {
  const registry = new Registry();
  const counter = new Counter({ name: 'test_things_total', help: 'Things', registers: [registry] });
  counter.inc(3);
  server = await serveMetrics({
    host: '127.0.0.1',
    port: 0,
    registry,
    logger,
    ...(ready ? { ready } : {}),
  });
  return { url: `http://127.0.0.1:${server.port}`, registry };
}

describe('serveMetrics', () => {
  it('listens on a free port when asked for port 0', async () => {
    await start();
    expect(server?.port).toBeGreaterThan(0);
  });

  it('serves the registry in the Prometheus text format on /metrics', async () => {
    const { url } = await start();
    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(await response.text()).toContain('test_things_total 3');
  });

  it.each([
    { path: '/healthz', ready: false, status: 200 },
    { path: '/readyz', ready: true, status: 200 },
    { path: '/readyz', ready: false, status: 503 },
    { path: '/nothing', ready: true, status: 404 },
  ])('answers $path with $status when ready() is $ready', async ({ path, ready, status }) => {
    const { url } = await start(() => ready);
    const response = await fetch(`${url}${path}`);
    expect(response.status).toBe(status);
  });

  it('is ready by default', async () => {
    const { url } = await start();
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
  });

  it('follows a change of readiness', async () => {
    let ready = false;
    const { url } = await start(() => ready);
    expect((await fetch(`${url}/readyz`)).status).toBe(503);
    ready = true;
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
  });

  it('rejects other methods than GET and HEAD with 405', async () => {
    const { url } = await start();
    const response = await fetch(`${url}/metrics`, { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });

  it('stops answering once closed', async () => {
    const { url } = await start();
    await server?.close();
    server = undefined;
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});
