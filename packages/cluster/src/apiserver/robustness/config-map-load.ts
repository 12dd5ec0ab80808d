import type { KubeClient } from './kube-client.ts';
import { mixSeed, type Random, seededRandom } from './seeded-random.ts';

/** A write the load sent. */
export type WriteOp = 'create' | 'update' | 'delete';

/** One write and what became of it. */
export interface WriteRecord {
  /** Unique per write; creates and updates store it as `data.seq`. */
  readonly seq: number;
  readonly name: string;
  readonly op: WriteOp;
  /** For updates and deletes: the `seq` of the content the write replaced or deleted. */
  readonly previousSeq: number | undefined;
  /** `acked`: a success answer; `failed`: an error answer; `unknown`: no answer at all. */
  readonly outcome: 'acked' | 'failed' | 'unknown';
  readonly status: number | undefined;
  /** The resourceVersion of the answer (the deletion's, for a delete that returns the object). */
  readonly resourceVersion: string | undefined;
  /** The error answer's body or the network error, for failed and unknown writes. */
  readonly detail: string | undefined;
}

/** Options of {@link runConfigMapLoad}. */
export interface ConfigMapLoadOptions {
  readonly client: KubeClient;
  readonly namespace: string;
  /** One list of ConfigMap names per worker; each name is written by its worker only, in order. */
  readonly names: readonly (readonly string[])[];
  readonly seed: number;
  /** The first write's `seq`. */
  readonly firstSeq: number;
  /** Called after every acknowledged write with the number acknowledged so far. */
  readonly onAck?: (acknowledged: number) => void;
  /** Workers stop issuing writes once this returns true. */
  readonly stop: () => boolean;
}

interface Content {
  readonly seq: number;
  readonly resourceVersion: string;
}

interface Planned {
  readonly op: WriteOp;
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
  readonly okStatus: readonly number[];
}

function configMap(namespace: string, name: string, seq: number, rv?: string): unknown {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace, ...(rv === undefined ? {} : { resourceVersion: rv }) },
    data: { seq: String(seq), filler: 'x'.repeat(seq % 200) },
  };
}

function plan(
  options: ConfigMapLoadOptions,
  target: { name: string; seq: number; current: Content | undefined },
  random: Random,
): Planned {
  const collection = `/api/v1/namespaces/${options.namespace}/configmaps`;
  const { name, seq, current } = target;
  if (current === undefined)
    return {
      op: 'create',
      method: 'POST',
      path: collection,
      body: configMap(options.namespace, name, seq),
      okStatus: [201],
    };
  if (random.chance(0.65))
    return {
      op: 'update',
      method: 'PUT',
      path: `${collection}/${name}`,
      body: configMap(options.namespace, name, seq, current.resourceVersion),
      okStatus: [200],
    };
  return {
    op: 'delete',
    method: 'DELETE',
    path: `${collection}/${name}`,
    body: { propagationPolicy: 'Background' },
    okStatus: [200, 202],
  };
}

function resourceVersionOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const metadata = (body as { metadata?: { resourceVersion?: unknown } }).metadata;
  return typeof metadata?.resourceVersion === 'string' ? metadata.resourceVersion : undefined;
}

async function runWorker(
  options: ConfigMapLoadOptions,
  names: readonly string[],
  random: Random,
  shared: { nextSeq: number; acked: number; records: WriteRecord[] },
): Promise<void> {
  const state = new Map<string, Content>();
  while (!options.stop()) {
    const name = random.pick(names);
    const current = state.get(name);
    const seq = shared.nextSeq++;
    const planned = plan(options, { name, seq, current }, random);
    const base = { seq, name, op: planned.op, previousSeq: current?.seq };
    let answer: { status: number; body: unknown };
    try {
      answer = await options.client.json(planned.method, planned.path, planned.body);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      shared.records.push({
        ...base,
        outcome: 'unknown',
        status: undefined,
        resourceVersion: undefined,
        detail,
      });
      return;
    }
    const resourceVersion = resourceVersionOf(answer.body);
    if (!planned.okStatus.includes(answer.status)) {
      const detail = JSON.stringify(answer.body);
      shared.records.push({
        ...base,
        outcome: 'failed',
        status: answer.status,
        resourceVersion,
        detail,
      });
      return;
    }
    shared.records.push({
      ...base,
      outcome: 'acked',
      status: answer.status,
      resourceVersion,
      detail: undefined,
    });
    if (planned.op === 'delete') state.delete(name);
    else state.set(name, { seq, resourceVersion: resourceVersion ?? '' });
    shared.acked += 1;
    options.onAck?.(shared.acked);
  }
}

/**
 * Runs concurrent creates, updates (PUT with the known resourceVersion) and deletes of ConfigMaps,
 * one worker per name list, until `stop()` or until a worker gets an error or no answer. Resolves
 * with every write in the order the answers (or failures) arrived.
 */
export async function runConfigMapLoad(options: ConfigMapLoadOptions): Promise<WriteRecord[]> {
  const shared = { nextSeq: options.firstSeq, acked: 0, records: [] as WriteRecord[] };
  await Promise.all(
    options.names.map((names, index) =>
      runWorker(options, names, seededRandom(mixSeed(options.seed, index)), shared),
    ),
  );
  return shared.records;
}
