import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser } from '@playwright/test';
import { eventNamespace, eventPodName } from './bench-objects.ts';
import type { KubeApi } from './kube-api.ts';
import { freshContext, lastLongTaskEnd, pollUntil, type StorageState } from './load-round.ts';
import { installProbe, readProbe, readShows, type ProbeState, type Shows } from './page-probe.ts';

/** One status change sent to the API server. */
export interface SentEvent {
  readonly pod: string;
  readonly seq: number;
  /** `Date.now()` just before the PATCH was sent. */
  readonly sentAt: number;
  /** `Date.now()` when the API server answered. */
  ackAt: number;
}

/** Latencies (ms) of the events the page showed, and how many it showed. */
export interface Delivery {
  /** From send to the page showing the event's status or a later one of the same pod. */
  readonly latencies: readonly number[];
  /** From send to the API server's answer. */
  readonly acks: readonly number[];
  /** From the API server's answer to the page showing the event (negative when the watch won). */
  readonly fromAck: readonly number[];
  readonly delivered: number;
  /** Events whose own status showed (not only a later one of their pod). */
  readonly shownExactly: number;
}

/**
 * Matches each sent event with the first time its pod showed that status or a later one: a page
 * that renders two quick changes of one pod at once shows only the later, and the earlier then
 * reached the screen at the same moment.
 */
export function matchDeliveries(sent: readonly SentEvent[], shows: Shows): Delivery {
  const latencies: number[] = [];
  const fromAck: number[] = [];
  let shownExactly = 0;
  for (const event of sent) {
    const shown = (shows[event.pod] ?? []).find(([seq]) => seq >= event.seq);
    if (shown === undefined) continue;
    latencies.push(shown[1] - event.sentAt);
    if (event.ackAt > 0) fromAck.push(shown[1] - event.ackAt);
    if (shown[0] === event.seq) shownExactly += 1;
  }
  const acks = sent.filter((e) => e.ackAt > 0).map((e) => e.ackAt - e.sentAt);
  return { latencies, acks, fromAck, delivered: latencies.length, shownExactly };
}

/** How to run the event test. */
export interface EventRoundOptions {
  readonly browser: Browser;
  readonly storageState: StorageState;
  readonly consoleUrl: string;
  readonly api: KubeApi;
  readonly eventPods: number;
  readonly ratePerSecond: number;
  readonly seconds: number;
  readonly timeoutMs: number;
}

/** What the event test measured. */
export interface EventRound extends Delivery {
  readonly sent: number;
  /** The send rate achieved (events ÷ time from first to last send). */
  readonly achievedRate: number;
  /** Share of the sending window the page's main thread spent in long tasks (0–1). */
  readonly longTaskShare: number;
}

/** Sends `count` status changes at `rate`/s, round-robin over the event pods; never awaits one. */
async function sendEvents(options: EventRoundOptions): Promise<SentEvent[]> {
  const count = Math.round(options.ratePerSecond * options.seconds);
  const sent: SentEvent[] = [];
  const pending: Promise<unknown>[] = [];
  const start = Date.now();
  for (let seq = 0; seq < count; seq += 1) {
    const wait = start + (seq * 1000) / options.ratePerSecond - Date.now();
    if (wait > 0) await sleep(wait);
    const pod = eventPodName(seq % options.eventPods);
    const event: SentEvent = { pod, seq, sentAt: Date.now(), ackAt: 0 };
    sent.push(event);
    const patch = {
      method: 'PATCH',
      path: `/api/v1/namespaces/${eventNamespace}/pods/${pod}/status`,
      body: { status: { reason: `E${String(seq)}` } },
      contentType: 'application/merge-patch+json',
    };
    pending.push(
      options.api.expect(patch, [200]).then(() => {
        event.ackAt = Date.now();
      }),
    );
  }
  await Promise.all(pending);
  return sent;
}

const longTaskTime = (state: ProbeState): number =>
  state.longTasks.reduce((sum, [, duration]) => sum + duration, 0);

/**
 * Opens the Workloads page filtered to the event pods (`?q=evt-`, all in view), waits until it
 * settles, then changes the pods' status (`status.reason = E<seq>`, shown in the Status column)
 * at the given rate and records when each change reaches the screen.
 */
export async function eventRound(options: EventRoundOptions): Promise<EventRound> {
  const context = await freshContext(options.browser, options.storageState);
  try {
    const page = await context.newPage();
    await installProbe(page);
    await page.goto(`${options.consoleUrl}/workloads?q=evt-`);
    const settled = (s: ProbeState) =>
      s.firstRow !== null && s.now - Math.max(s.firstRow, lastLongTaskEnd(s)) >= 2_000;
    const before = await pollUntil(() => readProbe(page), settled, 'no settled page', 120_000);
    const sent = await sendEvents(options);
    const last = sent.at(-1);
    const span = last === undefined ? 0 : last.sentAt - (sent[0]?.sentAt ?? 0);
    const all = (shows: Shows) => matchDeliveries(sent, shows).delivered === sent.length;
    const shows = await pollUntil(
      () => readShows(page),
      all,
      'not every event shown',
      options.timeoutMs,
    ).catch(() => readShows(page));
    const after = await readProbe(page);
    const busy = longTaskTime(after) - longTaskTime(before);
    return {
      ...matchDeliveries(sent, shows),
      sent: sent.length,
      achievedRate: span > 0 ? ((sent.length - 1) * 1000) / span : Number.NaN,
      longTaskShare: busy / Math.max(1, after.now - before.now),
    };
  } finally {
    await context.close();
  }
}
