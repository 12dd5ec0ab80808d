import type { WriteRecord } from './config-map-load.ts';
import type { WatchLine } from './kube-client.ts';

/** A ConfigMap as the load left it: the `data.seq` of its content and its resourceVersion. */
export interface StoredContent {
  readonly seq: number;
  readonly resourceVersion: string;
}

/** What the restarted server holds compared with what the load was told. */
export interface StateVerdict {
  /** One line per ConfigMap whose state matches neither its last acknowledged write nor a later unanswered one. */
  readonly problems: string[];
  /** Unanswered writes that the server did commit (their effect is visible). */
  readonly committedUnknown: WriteRecord[];
}

/** One watch event or expected write, identified by type, name and content `seq`. */
export interface EventKey {
  readonly identity: string;
  readonly resourceVersion: string | undefined;
}

type State = { readonly seq: number; readonly resourceVersion?: string } | 'absent';

function show(state: State): string {
  if (state === 'absent') return 'absent';
  return `seq ${state.seq}${state.resourceVersion === undefined ? '' : ` at rv ${state.resourceVersion}`}`;
}

function stateAfter(record: WriteRecord | undefined, withVersion: boolean): State {
  if (record === undefined || record.op === 'delete') return 'absent';
  return withVersion && record.resourceVersion !== undefined
    ? { seq: record.seq, resourceVersion: record.resourceVersion }
    : { seq: record.seq };
}

function sameState(expected: State, actual: StoredContent | undefined): boolean {
  if (expected === 'absent' || actual === undefined)
    return expected === 'absent' && actual === undefined;
  return (
    expected.seq === actual.seq &&
    (expected.resourceVersion === undefined || expected.resourceVersion === actual.resourceVersion)
  );
}

function byName(records: readonly WriteRecord[]): Map<string, WriteRecord[]> {
  const names = new Map<string, WriteRecord[]>();
  for (const record of records) names.set(record.name, [...(names.get(record.name) ?? []), record]);
  return names;
}

/**
 * Checks every ConfigMap the load wrote against the restarted server's list: each must be in the
 * state of its last acknowledged write (same content and resourceVersion; absent after a delete),
 * or in the state of the one unanswered write that followed it (the server may have committed it).
 */
export function compareFinalState(
  records: readonly WriteRecord[],
  actual: ReadonlyMap<string, StoredContent>,
): StateVerdict {
  const problems: string[] = [];
  const committedUnknown: WriteRecord[] = [];
  const names = byName(records);
  for (const [name, writes] of names) {
    const lastAcked = writes.filter((w) => w.outcome === 'acked').at(-1);
    const unknown = writes.find((w) => w.outcome === 'unknown');
    const acked = stateAfter(lastAcked, true);
    const found = actual.get(name);
    if (sameState(acked, found)) continue;
    if (unknown !== undefined && sameState(stateAfter(unknown, false), found)) {
      committedUnknown.push(unknown);
      continue;
    }
    const alternative =
      unknown === undefined
        ? ''
        : ` (or ${show(stateAfter(unknown, false))} from an unanswered ${unknown.op})`;
    problems.push(
      `${name}: expected ${show(acked)}${alternative}, found ${found === undefined ? 'absent' : show(found)}`,
    );
  }
  for (const name of actual.keys())
    if (!names.has(name)) problems.push(`${name}: present, but the load never wrote it`);
  return { problems, committedUnknown };
}

const eventTypes = { create: 'ADDED', update: 'MODIFIED', delete: 'DELETED' } as const;

/** The watch event a write must produce: `ADDED|MODIFIED|DELETED <name> <content seq>`. */
export function expectedEvent(record: WriteRecord): EventKey {
  const seq = record.op === 'delete' ? record.previousSeq : record.seq;
  return {
    identity: `${eventTypes[record.op]} ${record.name} ${String(seq)}`,
    resourceVersion: record.outcome === 'acked' ? record.resourceVersion : undefined,
  };
}

function metadataOf(event: WatchLine): Record<string, unknown> {
  const metadata = event.object['metadata'];
  return typeof metadata === 'object' && metadata !== null
    ? (metadata as Record<string, unknown>)
    : {};
}

/** A watch event's resourceVersion as a number (NaN when missing). */
export function eventRevision(event: WatchLine): number {
  return Number(metadataOf(event)['resourceVersion'] ?? Number.NaN);
}

/** A watch event as `<type> <name> <data.seq>` with its resourceVersion. */
export function observedEvent(event: WatchLine): EventKey {
  const metadata = metadataOf(event);
  const data = event.object['data'];
  const seq =
    typeof data === 'object' && data !== null
      ? (data as Record<string, unknown>)['seq']
      : undefined;
  const rv = metadata['resourceVersion'];
  return {
    identity: `${event.type} ${String(metadata['name'])} ${String(seq)}`,
    resourceVersion: typeof rv === 'string' ? rv : undefined,
  };
}

/** Lines naming every place where a sequence of revisions does not strictly increase. */
export function nonIncreasing(revisions: readonly number[], what: string): string[] {
  const problems: string[] = [];
  revisions.forEach((rv, index) => {
    const before = revisions[index - 1];
    if (!Number.isFinite(rv)) problems.push(`${what}[${index}]: resourceVersion is not a number`);
    else if (before !== undefined && rv <= before)
      problems.push(`${what}[${index}]: resourceVersion ${rv} does not follow ${before}`);
  });
  return problems;
}

/**
 * Compares observed events with expected ones: the same identities, each exactly once, and for
 * acknowledged writes the resourceVersion the write was answered with. Returns one line per problem.
 */
export function compareEvents(
  observed: readonly EventKey[],
  expected: readonly EventKey[],
): string[] {
  const problems: string[] = [];
  const seen = new Map<string, EventKey>();
  for (const event of observed) {
    if (seen.has(event.identity)) problems.push(`duplicate event: ${event.identity}`);
    seen.set(event.identity, event);
  }
  const wanted = new Set(expected.map((e) => e.identity));
  for (const event of expected) {
    const got = seen.get(event.identity);
    if (got === undefined)
      problems.push(`missing event: ${event.identity} (rv ${String(event.resourceVersion)})`);
    else if (event.resourceVersion !== undefined && got.resourceVersion !== event.resourceVersion)
      problems.push(
        `${event.identity}: rv ${String(got.resourceVersion)}, answered with ${event.resourceVersion}`,
      );
  }
  for (const event of observed)
    if (!wanted.has(event.identity))
      problems.push(`unexpected event: ${event.identity} (rv ${String(event.resourceVersion)})`);
  return problems;
}
