import { median, percentile, type BenchResult, type Figure, type Table } from '@podvisor/bench';
import type { Population, PopulateTimes } from './bench-objects.ts';
import type { EventRound } from './event-latency.ts';
import type { FirstLoad, Sizes } from './first-load-js.ts';
import type { LoadRound } from './load-round.ts';

/** The sizes and durations one run uses, from `ctx.options` (defaults differ with `--quick`). */
export interface ConsoleUiParameters {
  readonly population: Population;
  readonly rounds: number;
  readonly ratePerSecond: number;
  readonly seconds: number;
  readonly quietMs: number;
}

/** Everything one run of the console-ui benchmark measured. */
export interface Measured {
  readonly params: ConsoleUiParameters;
  readonly setup: {
    readonly buildS: number;
    readonly clusterS: number;
    readonly consoleS: number;
    readonly populate: PopulateTimes;
  };
  readonly rounds: readonly LoadRound[];
  readonly events: EventRound;
  readonly firstLoad: FirstLoad;
  /** The JavaScript files the Workloads page fetched in round 1, sized from the build. */
  readonly fetched: Sizes & { readonly files: number };
}

const rail = {
  source: 'web.dev/articles/rail (RAIL; perception limits after Nielsen)',
  rows: { label: 'RAIL: a view change stays in the flow of the task (1 s)', value: 1_000 },
  interactive: { label: 'RAIL Load: interactive within 5 s', value: 5_000 },
  response: { label: 'RAIL Response: visible response to input within 100 ms', value: 100 },
};

const ms = (value: number): string => `${String(Math.round(value))} ms`;
const kib = (bytes: number): number => Math.round((bytes / 1024) * 10) / 10;
const round1 = (n: number): number => Math.round(n * 10) / 10;

/** The percentiles `ps` of `samples`, rounded, joined with " / ". */
const spread = (samples: readonly number[], ps: readonly number[]): string =>
  ps.map((p) => String(round1(percentile(samples, p)))).join(' / ');

function loadFigures(m: Measured): Figure[] {
  const { pods, vms } = m.params.population;
  const workloads = `${String(pods + m.params.population.eventPods)} pods + ${String(vms)} VMs`;
  const samples = (pick: (r: LoadRound) => number) => m.rounds.map((r) => round1(pick(r)));
  return [
    {
      id: 'load.first-row',
      label: `Workloads page (${workloads}): navigation start → first table row in the DOM`,
      unit: 'ms',
      better: 'lower',
      samples: samples((r) => r.firstRowMs),
      anchor: { ...rail.rows, source: rail.source },
    },
    {
      id: 'load.interactive',
      label: 'Workloads page: navigation start → end of the last long task (quiet main thread)',
      unit: 'ms',
      better: 'lower',
      samples: samples((r) => r.interactiveMs),
      anchor: { ...rail.interactive, source: rail.source },
      note: `RAIL's 5 s is for a first load on a mid-range phone over 3G; this is localhost.`,
    },
    {
      id: 'load.filter',
      label: 'name filter on the loaded page: input event → filtered count shown',
      unit: 'ms',
      better: 'lower',
      samples: samples((r) => r.filterMs),
      anchor: { ...rail.response, source: rail.source },
    },
    {
      id: 'load.heap',
      label: 'page JS heap used once interactive (CDP JSHeapUsedSize)',
      unit: 'MiB',
      better: 'lower',
      samples: m.rounds.map((r) => round1(r.heapBytes / 1024 / 1024)),
    },
  ];
}

function eventFigures(m: Measured): Figure[] {
  const { latencies, delivered, sent } = m.events;
  const rate = `${String(m.params.ratePerSecond)} changes/s for ${String(m.params.seconds)} s`;
  const at = (p: number): Figure => ({
    id: `events.p${String(p)}`,
    label: `event → screen, P${String(p)} (${rate})`,
    unit: 'ms',
    better: 'lower',
    value: round1(percentile(latencies, p)),
    ...(p === 50 ? { note: 'Includes the BFF’s 50 ms batching by design.' } : {}),
  });
  return [
    at(50),
    at(95),
    at(99),
    {
      id: 'events.delivered',
      label: `events on screen within 30 s of the last send, of ${String(sent)} sent`,
      unit: 'count',
      better: 'higher',
      value: delivered,
    },
  ];
}

function jsFigure(m: Measured): Figure {
  return {
    id: 'js.first-load',
    label: 'initial JavaScript: entry chunk + static imports, gzipped (level 9)',
    unit: 'KiB',
    better: 'lower',
    value: kib(m.firstLoad.js.gzip),
    anchor: {
      label: 'budget (issue 11)',
      value: 400,
      source: 'issue 11',
    },
  };
}

function tables(m: Measured): Table[] {
  const { populate } = m.setup;
  const e = m.events;
  return [
    {
      title: 'Load rounds (fresh browser context each, empty HTTP cache)',
      columns: [
        'round',
        'skeleton ms',
        'first row ms',
        'interactive ms',
        'long tasks',
        'long-task ms',
        'socket MiB / last message ms',
        'filter ms',
        'heap MiB',
      ],
      rows: m.rounds.map((r, i) => [
        i + 1,
        round1(r.shellMs),
        round1(r.firstRowMs),
        round1(r.interactiveMs),
        r.longTasks,
        round1(r.longTaskTotalMs),
        `${(r.socket.bytes / 1024 / 1024).toFixed(1)} / ${String(Math.round(r.socket.lastMs))}`,
        round1(r.filterMs),
        round1(r.heapBytes / 1024 / 1024),
      ]),
    },
    {
      title: 'Event test (ms unless noted)',
      columns: [
        'sent',
        'rate achieved /s',
        'shown',
        'shown exactly',
        'send → API answer P50 / P95',
        'API answer → screen P50 / P95',
        'send → screen P50 / P95 / P99 / max',
        'main thread in long tasks',
      ],
      rows: [
        [
          e.sent,
          round1(e.achievedRate),
          e.delivered,
          e.shownExactly,
          spread(e.acks, [50, 95]),
          spread(e.fromAck, [50, 95]),
          spread(e.latencies, [50, 95, 99, 100]),
          `${String(Math.round(e.longTaskShare * 100))} %`,
        ],
      ],
    },
    {
      title: 'JavaScript and CSS (KiB)',
      columns: ['what', 'files', 'raw', 'gzipped'],
      rows: [
        [
          'first load JS (entry + static imports)',
          m.firstLoad.chunks,
          kib(m.firstLoad.js.raw),
          kib(m.firstLoad.js.gzip),
        ],
        ['first load CSS', '', kib(m.firstLoad.css.raw), kib(m.firstLoad.css.gzip)],
        [
          'JS the Workloads page fetched (served uncompressed)',
          m.fetched.files,
          kib(m.fetched.raw),
          kib(m.fetched.gzip),
        ],
      ],
    },
    {
      title: 'Setup (s)',
      columns: [
        'vite build',
        'API server + CRDs + objects',
        'of which pods',
        'of which VMs',
        'console + sign-in',
      ],
      rows: [
        [
          round1(m.setup.buildS),
          round1(m.setup.clusterS),
          round1(populate.podsS),
          round1(populate.vmsS),
          round1(m.setup.consoleS),
        ],
      ],
    },
  ];
}

const method = `The embedded API server alone (\`podvisor cluster --nodes 0\`: no node agent, and the pods are
bound to nodes that do not exist, so nothing schedules or runs) gets the kubevirt.io CRDs, 20
namespaces, the pods (created, then given a kubelet-like Running status through \`/status\`, 16
requests at a time) and the VirtualMachines (half Running, half Stopped through \`/status\`).
\`podvisor console --auth local\` serves a fresh \`vite build\` of the console; headless Chromium
(Playwright, 1280×800) signs in once and every round opens a fresh context (empty HTTP cache).

- **first row**: \`page.goto('/workloads')\` (all namespaces); an init script's MutationObserver
  records \`performance.now()\` (0 = navigation start) when the Workloads table first has a row.
- **interactive**: the end of the last long task (PerformanceObserver \`longtask\`) once the main
  thread has had none for the quiet window after the rows showed (TTI's rule, without its network
  condition); the first row if no long task came later.
- **filter**: then \`fill()\` of the name search with a text matching 10 pods; from the \`input\`
  event to the DOM mutation that makes the toolbar count read "10 of …".
- **heap**: CDP \`Performance.getMetrics\` JSHeapUsedSize once interactive.
- **event → screen**: a fresh page on \`/workloads?q=evt-\` shows 20 pods; the status of those pods
  is patched round-robin at the given rate (\`status.reason = E<n>\`, shown in the Status column),
  each PATCH stamped with \`Date.now()\` just before it is sent; the MutationObserver stamps
  \`Date.now()\` (same clock) when each pod first shows \`E<n>\` or a later value. An event counts as
  on screen when its value or a later one of its pod is in the DOM (a change superseded within
  one render reaches the screen with its successor).
- **initial JavaScript**: Vite's manifest of that build: the entry chunk and its static imports
  (lazy routes excluded), gzipped at level 9.`;

function notes(m: Measured): string {
  const shell = median(m.rounds.map((r) => r.shellMs));
  const rows = median(m.rounds.map((r) => r.firstRowMs));
  const busy = median(m.rounds.map((r) => r.longTaskTotalMs));
  const lastFrame = median(m.rounds.map((r) => r.socket.lastMs));
  const firstFrame = median(m.rounds.map((r) => r.socket.firstMs));
  const mib = median(m.rounds.map((r) => r.socket.bytes)) / 1024 / 1024;
  const ack = percentile(m.events.acks, 50);
  return `Times are DOM times (the frame that paints them follows within one frame); the API server,
the BFF and Chromium share the machine's cores. Medians: the loading skeleton showed at
${ms(shell)} (HTML, the entry and the page's lazy chunk loaded and run); the watch socket's
messages (${mib.toFixed(1)} MiB before the first row: the three lists) reached the page from
${ms(firstFrame)} to ${ms(lastFrame)}, and the first row followed ${ms(rows - lastFrame)} later;
the main thread spent ${ms(busy)} of the load in long tasks. Message times are when the page's
main thread dispatched them, so they include waiting behind its own work.
Event → screen counts from just before the PATCH is sent, so it includes the API server's write
(median answer ${ms(ack)}) as well as the watch, the BFF's 50 ms batch and React's render.
The Workloads page fetched ${String(m.fetched.files)} JavaScript files, ${String(kib(m.fetched.raw))} KiB as
served (the BFF does not compress; ${String(kib(m.fetched.gzip))} KiB gzipped): more than the
first-load figure, which leaves out the lazily loaded page chunks.`;
}

/** The benchmark's report from what it measured. */
export function consoleUiResult(m: Measured): BenchResult {
  return {
    method,
    figures: [...loadFigures(m), ...eventFigures(m), jsFigure(m)],
    tables: tables(m),
    notes: notes(m),
    parameters: {
      pods: m.params.population.pods,
      vms: m.params.population.vms,
      eventPods: m.params.population.eventPods,
      rounds: m.params.rounds,
      ratePerSecond: m.params.ratePerSecond,
      seconds: m.params.seconds,
      quietMs: m.params.quietMs,
    },
    raw: {
      setup: m.setup,
      rounds: m.rounds,
      events: m.events,
      firstLoad: m.firstLoad,
      fetched: m.fetched,
    },
  };
}
