import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type ChildCluster, killChildCluster, startChildCluster } from './child-cluster.ts';
import {
  fuzzNamespace,
  fuzzResources,
  seedNames,
  widgetCrd,
  widgetGroup,
} from './fuzz-resources.ts';
import { type Finding, runFuzz } from './fuzz-run.ts';
import { createKubeClient, type KubeClient } from './kube-client.ts';

// A fixed seed keeps CI repeatable; set PODVISOR_FUZZ_SEED to explore other request sequences.
const seed = Number(process.env['PODVISOR_FUZZ_SEED'] ?? 20261125);
const total = 5000;
const reproduce = `reproduce with PODVISOR_FUZZ_SEED=${seed}`;

const clusters: ChildCluster[] = [];
const clients: KubeClient[] = [];
const directories: string[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(clusters.splice(0).map(killChildCluster));
  for (const dir of directories.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function post(client: KubeClient, path: string, body: unknown): Promise<string | undefined> {
  const res = await client.json('POST', path, body);
  return res.status === 201
    ? undefined
    : `POST ${path}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
}

async function waitForWidgets(client: KubeClient): Promise<string | undefined> {
  const path = `/apis/${widgetGroup}/v1/namespaces/${fuzzNamespace}/widgets`;
  for (let attempt = 0; attempt < 50; attempt++) {
    if ((await client.json('GET', path)).status === 200) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return `GET ${path} never answered 200 after the CRD was created`;
}

/** Creates the namespace, the CRD and two objects of every creatable kind; returns what failed. */
async function seedObjects(client: KubeClient): Promise<string[]> {
  const failures = [
    await post(client, '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: fuzzNamespace },
    }),
    await post(client, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', widgetCrd()),
    await waitForWidgets(client),
  ];
  const seeded = fuzzResources.filter(
    (r) =>
      !['CustomResourceDefinition', 'SelfSubjectAccessReview', 'TokenReview', 'Thing'].includes(
        r.kind,
      ) && r.prefix !== '/api/v2',
  );
  for (const resource of seeded)
    for (const name of seedNames) {
      const namespaced = resource.namespaced ? `/namespaces/${fuzzNamespace}` : '';
      failures.push(
        await post(
          client,
          `${resource.prefix}${namespaced}/${resource.plural}`,
          resource.template(name, fuzzNamespace),
        ),
      );
    }
  return failures.filter((f): f is string => f !== undefined);
}

/** `#<index>` of a finding's request: short in diffs; the message shows the request. */
function requestNumber(finding: Finding): string {
  return finding.request.split(' ')[0] ?? '';
}

function show(findings: readonly Finding[], limit: number): string {
  return findings
    .slice(0, limit)
    .map((f) => `${f.request}\n    -> ${f.problem}`)
    .join('\n');
}

/** The server's logged errors (pino JSON lines at level error), with their stacks. */
function loggedErrors(dataDir: string): string {
  const path = join(dataDir, 'logs', 'cluster.log');
  if (!existsSync(path)) return '(no server log)';
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.includes('"level":"error"'))
    .slice(0, 3)
    .map((line) => {
      const entry = JSON.parse(line) as {
        msg?: string;
        method?: string;
        url?: string;
        err?: { stack?: string };
      };
      return `${entry.msg ?? ''} ${entry.method ?? ''} ${entry.url?.slice(0, 200) ?? ''}\n${entry.err?.stack?.split('\n').slice(0, 8).join('\n') ?? ''}`;
    })
    .join('\n---\n');
}

describe(`API server under random and mutated requests (seed ${seed})`, () => {
  it(`survives ${total} requests, answering each well-formed and never with a 500`, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'podvisor-fuzz-'));
    directories.push(dataDir);
    const cluster = await startChildCluster({ dataDir });
    clusters.push(cluster);
    const client = createKubeClient(cluster.access, 12);
    clients.push(client);
    expect.soft(await seedObjects(client), 'seeding the fuzz namespace failed').toEqual([]);

    const report = await runFuzz(client, cluster, { seed, total, lanes: 8, probeEvery: 50 });

    expect(report.died, `${reproduce}\n${report.died ?? ''}`).toBeUndefined();
    expect(report.sent).toBe(total);
    expect
      .soft(
        report.unanswered.map(requestNumber),
        `${report.unanswered.length} requests got no answer (${reproduce}):\n${show(report.unanswered, 5)}`,
      )
      .toEqual([]);
    expect
      .soft(
        report.malformed.map(requestNumber),
        `${report.malformed.length} malformed answers (${reproduce}):\n${show(report.malformed, 8)}`,
      )
      .toEqual([]);
    expect
      .soft(
        report.internalErrors.map(requestNumber),
        `${report.internalErrors.length} answers were 500 (${reproduce}):\n${show(report.internalErrors, 6)}\nserver log:\n${loggedErrors(dataDir)}`,
      )
      .toEqual([]);
  });
});
