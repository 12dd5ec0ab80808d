// Benchmark of the console in a real browser at scale: the embedded API server alone (no node
// agent, so nothing runs) holding 10,000 pods and 2,000 VirtualMachines, `podvisor console`
// serving a fresh build of the SPA, and headless Chromium driven by Playwright.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import type { BenchContext, BenchResult, Benchmark } from '@podvisor/bench';
import { kubectlFor } from '../podvisor-cli.ts';
import { podName, populate, type PopulateTimes } from './bench-objects.ts';
import { buildConsole, startApiServer, startConsole } from './bench-servers.ts';
import { consoleUiResult, type ConsoleUiParameters, type Measured } from './console-ui-result.ts';
import { eventRound } from './event-latency.ts';
import { firstLoad, sizesOf } from './first-load-js.ts';
import { kubeApi, type KubeApi } from './kube-api.ts';
import { loadRound, type LoadRound, type StorageState } from './load-round.ts';

function parameters(ctx: BenchContext): ConsoleUiParameters {
  const option = (name: string, quick: number, full: number): number => {
    const raw = ctx.options[name];
    const value = raw === undefined ? (ctx.quick ? quick : full) : Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`--set ${name}=${String(raw)}`);
    return value;
  };
  return {
    population: {
      pods: option('pods', 2_000, 10_000),
      vms: option('vms', 400, 2_000),
      namespaces: 20,
      eventPods: 20,
    },
    rounds: option('rounds', 1, 3),
    ratePerSecond: option('rate', 200, 200),
    seconds: option('seconds', 3, 10),
    quietMs: option('quietMs', 2_000, 5_000),
  };
}

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Follows the one-time sign-in link once and returns the signed-in state for fresh contexts. */
async function signIn(browser: Browser, link: string): Promise<StorageState> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const response = await page.goto(link);
    if (response?.status() !== 200) {
      throw new Error(`the sign-in link answered ${String(response?.status())}`);
    }
    return await context.storageState();
  } finally {
    await context.close();
  }
}

/** The name-search text that leaves the last ten pods, and how many rows match it. */
function filterFor(pods: number): { text: string; matches: number } {
  const text = podName(pods - 1).slice(0, -1);
  const matches = Array.from({ length: pods }, (_, i) => podName(i)).filter((name) =>
    name.includes(text),
  ).length;
  return { text, matches };
}

type Cleanup = () => Promise<void> | void;

const seconds = (start: number): number => (performance.now() - start) / 1000;

/** Starts the API server, installs the CRDs and fills the cluster. */
async function prepareCluster(
  ctx: BenchContext,
  params: ConsoleUiParameters,
  cleanups: Cleanup[],
): Promise<{ api: KubeApi; kubeconfig: string; dataDir: string; populateTimes: PopulateTimes }> {
  const dataDir = join(ctx.scratch, 'data');
  const home = join(ctx.scratch, 'home');
  mkdirSync(home, { recursive: true });
  const cluster = await startApiServer(dataDir);
  cleanups.push(cluster.stop);
  const kubeconfig = join(dataDir, 'kubeconfig');
  const crds = join(ctx.root, 'deploy', 'base', 'crds');
  const applied = await kubectlFor(kubeconfig, home)(['apply', '-f', crds]);
  if (applied.code !== 0) throw new Error(`kubectl apply -f ${crds}: ${applied.stderr}`);
  const api = await kubeApi(kubeconfig, home);
  cleanups.push(api.close);
  const { pods, vms } = params.population;
  ctx.log(`creating ${String(pods)} Running pods and ${String(vms)} VirtualMachines…`);
  const populateTimes = await populate(api, params.population);
  ctx.log(
    `created: pods ${populateTimes.podsS.toFixed(1)} s, VMs ${populateTimes.vmsS.toFixed(1)} s`,
  );
  return { api, kubeconfig, dataDir, populateTimes };
}

/** Everything the browser rounds measure. */
async function measureInBrowser(
  ctx: BenchContext,
  params: ConsoleUiParameters,
  setup: { browser: Browser; storageState: StorageState; consoleUrl: string; api: KubeApi },
): Promise<{ rounds: LoadRound[]; events: Awaited<ReturnType<typeof eventRound>> }> {
  const filter = filterFor(params.population.pods);
  const rounds: LoadRound[] = [];
  for (let round = 1; round <= params.rounds; round += 1) {
    const measured = await loadRound({
      ...setup,
      quietMs: params.quietMs,
      filterText: filter.text,
      filterMatches: filter.matches,
      timeoutMs: 120_000,
    });
    rounds.push(measured);
    ctx.log(
      `round ${String(round)}: first row ${measured.firstRowMs.toFixed(0)} ms, interactive ` +
        `${measured.interactiveMs.toFixed(0)} ms, filter ${measured.filterMs.toFixed(0)} ms`,
    );
  }
  ctx.log(
    `changing pod status at ${String(params.ratePerSecond)}/s for ${String(params.seconds)} s…`,
  );
  const events = await eventRound({
    ...setup,
    eventPods: params.population.eventPods,
    ratePerSecond: params.ratePerSecond,
    seconds: params.seconds,
    timeoutMs: 30_000,
  });
  ctx.log(`events: ${String(events.delivered)} of ${String(events.sent)} shown`);
  return { rounds, events };
}

async function run(ctx: BenchContext): Promise<BenchResult> {
  const params = parameters(ctx);
  const cleanups: Cleanup[] = [];
  try {
    const dist = join(ctx.scratch, 'console-dist');
    ctx.log('building the console…');
    const buildS = await buildConsole(dist);
    let start = performance.now();
    const cluster = await prepareCluster(ctx, params, cleanups);
    const clusterS = seconds(start);
    start = performance.now();
    const served = await startConsole({ ...cluster, staticDir: dist });
    cleanups.push(served.stop);
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: chromiumArgs,
    });
    cleanups.push(() => browser.close());
    const storageState = await signIn(browser, served.found['link'] ?? '');
    const consoleS = seconds(start);
    const consoleUrl = (served.found['url'] ?? '').replace(/\/+$/, '');
    const browserSetup = { browser, storageState, consoleUrl, api: cluster.api };
    const { rounds, events } = await measureInBrowser(ctx, params, browserSetup);
    const scripts = rounds[0]?.scripts ?? [];
    const measured: Measured = {
      params,
      setup: { buildS, clusterS, consoleS, populate: cluster.populateTimes },
      rounds,
      events,
      firstLoad: firstLoad(dist),
      fetched: {
        files: scripts.length,
        ...sizesOf(
          dist,
          scripts.map((s) => s.path.slice(1)),
        ),
      },
    };
    return consoleUiResult(measured);
  } finally {
    for (const cleanup of cleanups.reverse()) {
      await Promise.resolve(cleanup()).catch((error: unknown) => {
        ctx.log(`cleanup failed: ${String(error)}`);
      });
    }
  }
}

/** `console-ui`: the Workloads page with 10,000 pods and 2,000 VMs, in Chromium. */
export const consoleUiBenchmark: Benchmark = {
  name: 'console-ui',
  title: 'Console UI at scale',
  needsRoot: false,
  expectedSeconds: 120,
  run,
};
