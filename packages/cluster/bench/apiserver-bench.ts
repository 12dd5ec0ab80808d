// Benchmark of the embedded API server (not a test): creates per second, list latency over
// 10,000 pods, and watch delivery latency to 100 concurrent watchers. Prints a JSON summary.
//   node packages/cluster/bench/apiserver-bench.ts [--pods 10000] [--watchers 100]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '@podvisor/kube';
import { startCluster } from '../src/index.ts';
import { apiClient, type ApiClient } from '../src/testing/api-client.ts';

function pod(i: number): object {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `pod-${i}`, labels: { app: 'bench', shard: String(i % 10) } },
    spec: {
      containers: [
        {
          name: 'c',
          image: 'busybox',
          command: ['sleep', '3600'],
          ports: [{ containerPort: 8080 }],
        },
      ],
    },
  };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function creates(api: ApiClient, count: number, concurrency: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next;
      next += 1;
      const res = await api.call('POST', '/api/v1/namespaces/default/pods', { body: pod(i) });
      if (res.status !== 201) throw new Error(`create ${i}: ${res.status} ${res.text}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return count / ((performance.now() - started) / 1000);
}

async function listLatency(api: ApiClient, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    const res = await api.call('GET', '/api/v1/pods');
    if (res.status !== 200) throw new Error(`list: ${res.status}`);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

async function watchLatency(api: ApiClient, watchers: number, events: number): Promise<number[]> {
  const sent = new Map<string, number>();
  const latencies: number[] = [];
  let ready = 0;
  const stops = Array.from({ length: watchers }, () =>
    api.stream(
      '/api/v1/namespaces/default/configmaps?watch=true&allowWatchBookmarks=false',
      (line) => {
        const event = JSON.parse(line) as { object: { metadata: { name: string } } };
        const at = sent.get(event.object.metadata.name);
        if (at !== undefined) latencies.push(performance.now() - at);
        else ready += 1;
      },
    ),
  );
  await api.call('POST', '/api/v1/namespaces/default/configmaps', {
    body: { metadata: { name: 'warmup' } },
  });
  while (ready < watchers) await new Promise((r) => setTimeout(r, 20));
  for (let i = 0; i < events; i += 1) {
    const name = `cm-${i}`;
    sent.set(name, performance.now());
    await api.call('POST', '/api/v1/namespaces/default/configmaps', {
      body: { metadata: { name } },
    });
  }
  while (latencies.length < watchers * events) await new Promise((r) => setTimeout(r, 20));
  for (const stop of stops) stop();
  return latencies.sort((a, b) => a - b);
}

const { values } = parseArgs({
  options: {
    pods: { type: 'string', default: '10000' },
    watchers: { type: 'string', default: '100' },
  },
});
const podCount = Number(values.pods);
const watcherCount = Number(values.watchers);
const dataDir = mkdtempSync(join(tmpdir(), 'podvisor-bench-'));
const cluster = await startCluster({
  dataDir,
  port: 0,
  logger: createLogger({ component: 'bench', level: 'silent' }),
});
try {
  const api = apiClient(cluster.kubeconfigPath);
  const createsPerSecond = await creates(api, podCount, 16);
  const list = await listLatency(api, 7);
  const watch = await watchLatency(api, watcherCount, 50);
  const round = (n: number): number => Math.round(n * 10) / 10;
  process.stdout.write(
    `${JSON.stringify(
      {
        machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
        createsPerSecond: round(createsPerSecond),
        pods: podCount,
        listAllPodsMs: { p50: round(percentile(list, 50)), max: round(list[list.length - 1] ?? 0) },
        watchers: watcherCount,
        watchDeliveryMs: {
          p50: round(percentile(watch, 50)),
          p99: round(percentile(watch, 99)),
          max: round(watch[watch.length - 1] ?? 0),
        },
      },
      null,
      2,
    )}\n`,
  );
} finally {
  await cluster.close();
  rmSync(dataDir, { recursive: true, force: true });
}
