import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser, BrowserContext } from '@playwright/test';
import {
  awaitCount,
  fetchedScripts,
  installProbe,
  readProbe,
  usedHeapBytes,
  type FetchedScript,
  type ProbeState,
} from './page-probe.ts';

/** The signed-in browser state every round's fresh context starts from. */
export type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

/** What one fresh load of the Workloads page measured (ms from navigation start unless noted). */
export interface LoadRound {
  /** When the page's loading skeleton showed (the SPA and the page's chunk had run). */
  readonly shellMs: number;
  readonly firstRowMs: number;
  /** The end of the last long task after which the main thread stayed free for the quiet window. */
  readonly interactiveMs: number;
  readonly longTasks: number;
  readonly longTaskTotalMs: number;
  /** From the `input` event in the name search to the toolbar showing the filtered count. */
  readonly filterMs: number;
  readonly heapBytes: number;
  readonly scripts: readonly FetchedScript[];
  /** The websocket messages the page received before its first row. */
  readonly socket: SocketFrames;
}

/** Websocket messages the page received up to a moment (times in ms from navigation start). */
export interface SocketFrames {
  readonly frames: number;
  readonly bytes: number;
  readonly firstMs: number;
  readonly lastMs: number;
}

/** How to run one load round. */
export interface LoadRoundOptions {
  readonly browser: Browser;
  readonly storageState: StorageState;
  /** The console's base URL, without a trailing slash. */
  readonly consoleUrl: string;
  /** How long the main thread must stay free of long tasks to count as interactive. */
  readonly quietMs: number;
  /** Typed into the name search once interactive. */
  readonly filterText: string;
  /** How many rows that text leaves. */
  readonly filterMatches: number;
  readonly timeoutMs: number;
}

/** A fresh, signed-in context with a 1280×800 viewport and an empty HTTP cache. */
export function freshContext(
  browser: Browser,
  storageState: StorageState,
): Promise<BrowserContext> {
  return browser.newContext({ storageState, viewport: { width: 1280, height: 800 } });
}

/** Polls `read` every 100 ms until `done` holds for its value; throws `what` after `timeoutMs`. */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} within ${String(timeoutMs)} ms`);
    await sleep(100);
  }
}

/** The end of the last long task, or 0 without any. */
export function lastLongTaskEnd(state: ProbeState): number {
  return state.longTasks.reduce((end, [start, duration]) => Math.max(end, start + duration), 0);
}

/** The websocket messages the page had received by `untilMs`. */
function framesUntil(state: ProbeState, untilMs: number): SocketFrames {
  const early = state.frames.filter(([at]) => at <= untilMs);
  return {
    frames: early.length,
    bytes: early.reduce((sum, [, length]) => sum + length, 0),
    firstMs: early[0]?.[0] ?? Number.NaN,
    lastMs: early.at(-1)?.[0] ?? Number.NaN,
  };
}

/** Whether the main thread has been free of long tasks for `quietMs` since the rows showed. */
function isQuiet(state: ProbeState, quietMs: number): boolean {
  if (state.firstRow === null) return false;
  return state.now - Math.max(state.firstRow, lastLongTaskEnd(state)) >= quietMs;
}

/**
 * Opens the Workloads page in a fresh context, waits for its first row and for the quiet window,
 * reads the heap, then types the filter and waits for the filtered count.
 */
export async function loadRound(options: LoadRoundOptions): Promise<LoadRound> {
  const context = await freshContext(options.browser, options.storageState);
  try {
    const page = await context.newPage();
    await installProbe(page);
    await page.goto(`${options.consoleUrl}/workloads`);
    const { timeoutMs } = options;
    const loaded = await pollUntil(
      () => readProbe(page),
      (state) => isQuiet(state, options.quietMs),
      'the Workloads table did not show rows and settle',
      timeoutMs,
    );
    if (loaded.longTaskError !== null) throw new Error(`no long tasks: ${loaded.longTaskError}`);
    const heapBytes = await usedHeapBytes(page);
    await awaitCount(page, `${String(options.filterMatches)} of `);
    await page.getByLabel('Search by name').fill(options.filterText);
    const filtered = await pollUntil(
      () => readProbe(page),
      (state) => state.expectAt !== null && state.inputAt !== null,
      `the filter "${options.filterText}" did not show ${String(options.filterMatches)} rows`,
      timeoutMs,
    );
    const firstRow = loaded.firstRow ?? Number.NaN;
    const interactiveMs = Math.max(firstRow, lastLongTaskEnd(loaded));
    const tasks = loaded.longTasks;
    return {
      shellMs: loaded.shell ?? Number.NaN,
      firstRowMs: firstRow,
      interactiveMs,
      longTasks: tasks.length,
      longTaskTotalMs: tasks.reduce((sum, [, duration]) => sum + duration, 0),
      filterMs: (filtered.expectAt ?? Number.NaN) - (filtered.inputAt ?? Number.NaN),
      heapBytes,
      scripts: await fetchedScripts(page),
      socket: framesUntil(loaded, firstRow),
    };
  } finally {
    await context.close();
  }
}
