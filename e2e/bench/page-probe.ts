import type { Page } from '@playwright/test';

/** What the in-page probe recorded so far (times from `performance.now()` unless noted). */
export interface ProbeState {
  /** When the Workloads table (its loading skeleton) was first in the DOM (from navigation start). */
  readonly shell: number | null;
  /** When the first row of the Workloads table was in the DOM (from navigation start). */
  readonly firstRow: number | null;
  /** Long tasks (> 50 ms on the main thread): `[startTime, duration]`. */
  readonly longTasks: readonly (readonly [number, number])[];
  /** Why the long-task observer could not start, if it could not. */
  readonly longTaskError: string | null;
  /** The last `input` event in the name search. */
  readonly inputAt: number | null;
  /** When the toolbar's count first started with the awaited text (see {@link awaitCount}). */
  readonly expectAt: number | null;
  /** Websocket messages as the page received them: `[performance.now(), length of the text]`. */
  readonly frames: readonly (readonly [number, number])[];
  /** The page's clock now. */
  readonly now: number;
}

/** One event pod's `E<seq>` status as it first showed: `[seq, Date.now()]`, seq increasing. */
export type Shows = Readonly<Record<string, readonly (readonly [number, number])[]>>;

/** A JavaScript resource the page fetched. */
export interface FetchedScript {
  readonly path: string;
  /** Bytes on the wire (the body as served; the BFF does not compress). */
  readonly encodedBytes: number;
}

// Runs in the page before any of its scripts (addInitScript); plain JavaScript, as the page runs
// it. A MutationObserver looks at the Workloads table after every DOM change: it notes the first
// row, when the toolbar's count matches an awaited text, and each `E<seq>` status an event pod
// (`evt-…`) shows. A PerformanceObserver collects long tasks; a WebSocket subclass notes when each
// message is dispatched to the page, and its length.
const probeScript = `(() => {
  const probe = { shell: null, firstRow: null, longTasks: [], longTaskError: null, inputAt: null,
    expectText: null, expectAt: null, shows: {}, frames: [] };
  Object.defineProperty(window, '__podvisorBench', { value: probe });
  window.WebSocket = class extends window.WebSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        const size = typeof event.data === 'string' ? event.data.length : (event.data.size ?? event.data.byteLength);
        probe.frames.push([performance.now(), size]);
      });
    }
  };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) probe.longTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch (error) {
    probe.longTaskError = String(error);
  }
  const noteEvents = (table) => {
    const now = Date.now();
    for (const span of table.querySelectorAll('tbody span[title^="evt-"]')) {
      const cell = span.closest('tr')?.querySelector('td[data-label="Status"]');
      const match = /^E(\\d+)$/.exec((cell?.textContent ?? '').trim());
      if (match === null) continue;
      const seq = Number(match[1]);
      const list = (probe.shows[span.title] ??= []);
      const last = list[list.length - 1];
      if (last === undefined || seq > last[0]) list.push([seq, now]);
    }
  };
  const noteCount = () => {
    for (const el of document.querySelectorAll('[role="status"]')) {
      if ((el.textContent ?? '').startsWith(probe.expectText)) probe.expectAt = performance.now();
    }
  };
  const check = () => {
    const table = document.querySelector('table[aria-label="Workloads"]');
    if (table === null) return;
    probe.shell ??= performance.now();
    const busy = table.getAttribute('aria-busy') === 'true';
    if (probe.firstRow === null && !busy && table.querySelector('tbody tr span[title]') !== null) {
      probe.firstRow = performance.now();
    }
    if (probe.expectText !== null && probe.expectAt === null) noteCount();
    noteEvents(table);
  };
  document.addEventListener('input', (event) => {
    const target = event.target;
    if (target instanceof Element && target.getAttribute('aria-label') === 'Search by name') {
      probe.inputAt = performance.now();
    }
  }, true);
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true });
})();`;

/** Installs the probe in every document `page` loads from now on. */
export async function installProbe(page: Page): Promise<void> {
  await page.addInitScript({ content: probeScript });
}

/** The probe's state (without the event shows). */
export async function readProbe(page: Page): Promise<ProbeState> {
  return await page.evaluate<ProbeState>(`(() => {
    const p = window.__podvisorBench;
    return { shell: p.shell, firstRow: p.firstRow, longTasks: p.longTasks, longTaskError: p.longTaskError,
      inputAt: p.inputAt, expectAt: p.expectAt, frames: p.frames, now: performance.now() };
  })()`);
}

/** Every `E<seq>` status the event pods have shown, per pod. */
export async function readShows(page: Page): Promise<Shows> {
  return await page.evaluate<Shows>('window.__podvisorBench.shows');
}

/** From now on, the probe notes when the toolbar's count starts with `text` (e.g. `10 of `). */
export async function awaitCount(page: Page, text: string): Promise<void> {
  await page.evaluate(`(() => {
    const p = window.__podvisorBench;
    p.expectText = ${JSON.stringify(text)};
    p.expectAt = null;
  })()`);
}

/** The JavaScript files the page fetched, from its Resource Timing entries. */
export async function fetchedScripts(page: Page): Promise<FetchedScript[]> {
  return await page.evaluate<FetchedScript[]>(`performance.getEntriesByType('resource')
    .filter((e) => new URL(e.name).pathname.endsWith('.js'))
    .map((e) => ({ path: new URL(e.name).pathname, encodedBytes: e.encodedBodySize }))`);
}

/** The page's used JavaScript heap in bytes (CDP `Performance.getMetrics`, `JSHeapUsedSize`). */
export async function usedHeapBytes(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN;
  } finally {
    await cdp.detach();
  }
}
