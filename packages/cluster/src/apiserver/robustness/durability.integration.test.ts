import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildCluster, killChildCluster, startChildCluster } from './child-cluster.ts';
import { runConfigMapLoad, type WriteRecord } from './config-map-load.ts';
import {
  compareEvents,
  compareFinalState,
  eventRevision,
  expectedEvent,
  nonIncreasing,
  observedEvent,
  type StoredContent,
} from './durability-checks.ts';
import { createKubeClient, type KubeClient, type WatchLine } from './kube-client.ts';
import { seededRandom } from './seeded-random.ts';

const namespace = 'durability';
// The load's ConfigMaps only: the root CA publisher adds kube-root-ca.crt to every namespace.
const collection = `/api/v1/namespaces/${namespace}/configmaps?fieldSelector=metadata.name%21%3Dkube-root-ca.crt`;
const workers = 12;
const namesPerWorker = 4;
const seed = Number(process.env['PODVISOR_DURABILITY_SEED'] ?? Date.now() % 2 ** 31);
const random = seededRandom(seed);
/** SIGKILL once this many writes were acknowledged, with the other workers' requests in flight. */
const killAfter = 250 + random.int(200);

const clusters: ChildCluster[] = [];
const clients: KubeClient[] = [];
let dataDir = '';

async function boot(): Promise<{ cluster: ChildCluster; client: KubeClient }> {
  const cluster = await startChildCluster({ dataDir });
  clusters.push(cluster);
  const client = createKubeClient(cluster.access);
  clients.push(client);
  return { cluster, client };
}

afterAll(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(clusters.splice(0).map(killChildCluster));
  if (dataDir !== '') rmSync(dataDir, { recursive: true, force: true });
});

function workerNames(prefix: string, count: number): string[][] {
  return Array.from({ length: count }, (_, w) =>
    Array.from({ length: namesPerWorker }, (_, n) => `${prefix}-${w}-${n}`),
  );
}

function storedContents(list: unknown): Map<string, StoredContent> {
  const items = (list as { items?: Record<string, unknown>[] }).items ?? [];
  return new Map(
    items.map((item) => {
      const event = observedEvent({ type: 'ITEM', object: item });
      const [, name = '', seq = ''] = event.identity.split(' ');
      return [name, { seq: Number(seq), resourceVersion: event.resourceVersion ?? '' }];
    }),
  );
}

function perNameOrder(records: readonly WriteRecord[]): string[] {
  const last = new Map<string, number>();
  const problems: string[] = [];
  for (const r of records.filter((w) => w.outcome === 'acked')) {
    if (r.op === 'delete' && r.resourceVersion === undefined) continue;
    const rv = Number(r.resourceVersion);
    const before = last.get(r.name);
    if (!Number.isFinite(rv))
      problems.push(`${r.op} ${r.name} #${r.seq}: answer has no resourceVersion`);
    else if (before !== undefined && rv <= before)
      problems.push(`${r.name}: rv ${rv} after ${before}`);
    last.set(r.name, rv);
  }
  return problems;
}

function maxRevision(records: readonly WriteRecord[], events: readonly WatchLine[]): number {
  return Math.max(
    0,
    ...records.map((r) => Number(r.resourceVersion ?? 0)).filter(Number.isFinite),
    ...events.map(eventRevision).filter(Number.isFinite),
  );
}

/** Collects a watch until it delivered an event at `untilRevision` (or 30 s passed). */
async function watchUntil(
  client: KubeClient,
  path: string,
  untilRevision: number,
): Promise<WatchLine[]> {
  const events: WatchLine[] = [];
  const handle = client.watch(path, (event) => {
    events.push(event);
    if (eventRevision(event) >= untilRevision) handle.stop();
  });
  const timer = setTimeout(() => {
    handle.stop();
  }, 30_000);
  const end = await handle.done;
  clearTimeout(timer);
  if (end.status !== 200) throw new Error(`${path}: ${end.status} ${end.error ?? ''}`);
  return events;
}

/** Everything the run observed: the load before the kill, the restarted state, the later load and watches. */
interface Run {
  readonly records: WriteRecord[];
  readonly exit: { code: number | null; signal: NodeJS.Signals | null };
  readonly firstEvents: WatchLine[];
  readonly listed: Map<string, StoredContent>;
  readonly listRevision: number;
  readonly after: WriteRecord[];
  /** The resourceVersion of the last event the first watch delivered before the kill. */
  readonly lastSeen: number;
  readonly resumed: WatchLine[];
}

async function createNamespace(client: KubeClient): Promise<void> {
  const created = await client.json('POST', '/api/v1/namespaces', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: namespace },
  });
  if (created.status !== 201)
    throw new Error(`POST /api/v1/namespaces: ${created.status} ${JSON.stringify(created.body)}`);
}

/** Boots the server, watches, loads it with writes and SIGKILLs it after `killAfter` acknowledgements. */
async function loadUntilKilled(): Promise<Pick<Run, 'records' | 'exit' | 'firstEvents'>> {
  const first = await boot();
  await createNamespace(first.client);
  const firstEvents: WatchLine[] = [];
  const watch = first.client.watch(`${collection}&watch=true`, (e) => firstEvents.push(e));
  const status = await watch.ready;
  if (status !== 200) throw new Error(`GET ${collection}&watch=true: ${status}`);
  let killed = false;
  const records = await runConfigMapLoad({
    client: first.client,
    namespace,
    names: workerNames('cm', workers),
    seed,
    firstSeq: 1,
    stop: () => false,
    onAck: (acked) => {
      if (acked < killAfter || killed) return;
      killed = true;
      first.cluster.process.kill('SIGKILL');
    },
  });
  const exit = await first.cluster.exited;
  await watch.done;
  return { records, exit, firstEvents };
}

async function runScenario(): Promise<Run> {
  const { records, exit, firstEvents } = await loadUntilKilled();
  const second = await boot();
  const list = await second.client.json('GET', collection);
  if (list.status !== 200) throw new Error(`GET ${collection} after the restart: ${list.status}`);
  let afterAcked = 0;
  const after = await runConfigMapLoad({
    client: second.client,
    namespace,
    names: workerNames('after', 2),
    seed: seed + 1,
    firstSeq: 1_000_000,
    stop: () => afterAcked >= 40,
    onAck: (acked) => (afterAcked = acked),
  });
  const lastSeen = eventRevision(firstEvents.at(-1) ?? { type: '', object: {} });
  const until = Math.max(...after.map((r) => Number(r.resourceVersion)).filter(Number.isFinite));
  const resumed = await watchUntil(
    second.client,
    `${collection}&watch=true&resourceVersion=${lastSeen}`,
    until,
  );
  const listMeta = (list.body as { metadata?: { resourceVersion?: string } }).metadata;
  return {
    records,
    exit,
    firstEvents,
    listed: storedContents(list.body),
    listRevision: Number(listMeta?.resourceVersion),
    after,
    lastSeen,
    resumed,
  };
}

describe(`API server durability across kill -9 (seed ${seed}, kill after ${killAfter} acknowledged writes)`, () => {
  let run: Run;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'podvisor-robustness-'));
    run = await runScenario();
  });

  it('answers every write with success until it is killed mid-load', () => {
    expect(run.exit.signal).toBe('SIGKILL');
    expect(run.records.filter((r) => r.outcome === 'failed')).toEqual([]);
    expect(run.records.filter((r) => r.outcome === 'acked').length).toBeGreaterThanOrEqual(
      killAfter,
    );
    expect(
      run.records.some((r) => r.outcome === 'unknown'),
      'no write was cut off',
    ).toBe(true);
    expect(run.after.filter((r) => r.outcome !== 'acked')).toEqual([]);
  });

  it('keeps every acknowledged create, update and delete after the restart', () => {
    expect(compareFinalState(run.records, run.listed).problems).toEqual([]);
  });

  it('keeps resourceVersions increasing across the restart', () => {
    const before = maxRevision(run.records, run.firstEvents);
    expect(perNameOrder(run.records)).toEqual([]);
    expect(nonIncreasing(run.firstEvents.map(eventRevision), 'first watch')).toEqual([]);
    expect(run.listRevision).toBeGreaterThanOrEqual(before);
    const afterRevisions = run.after.map((r) => Number(r.resourceVersion)).filter(Number.isFinite);
    expect(Math.min(...afterRevisions)).toBeGreaterThan(before);
  });

  it('replays exactly the events after the last resourceVersion a watch saw before the kill', () => {
    expect(run.firstEvents.length, 'the first watch saw no event').toBeGreaterThan(0);
    const revisions = [run.lastSeen, ...run.resumed.map(eventRevision)];
    expect(nonIncreasing(revisions, 'resumed watch (after its start rv)')).toEqual([]);
    const verdict = compareFinalState(run.records, run.listed);
    const acked = run.records.filter((r) => r.outcome === 'acked');
    const expected = [...acked, ...verdict.committedUnknown, ...run.after].map(expectedEvent);
    const observedFirst = run.firstEvents.map(observedEvent);
    const resumed = run.resumed.map(observedEvent);
    expect(compareEvents([...observedFirst, ...resumed], expected)).toEqual([]);
    const seenBefore = new Set(observedFirst.map((e) => e.identity));
    expect(
      compareEvents(
        resumed,
        expected.filter((e) => !seenBefore.has(e.identity)),
      ),
    ).toEqual([]);
  });
});
