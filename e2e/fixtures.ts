import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, type Page, type TestInfo } from '@playwright/test';
import { kubectlFor, signInLinkOf, type Kubectl, type LinkIdentity } from './podvisor-cli.ts';
import { killProcessesMentioning } from './processes-mentioning.ts';
import { startUp } from './podvisor-up.ts';

/** The shared `podvisor up` of a test run, as tests see it. */
export interface Podvisor {
  /** The data dir `up` runs on (fresh, temporary, removed after the run). */
  readonly dataDir: string;
  /** `dataDir/kubeconfig`. */
  readonly kubeconfig: string;
  /** The console's base URL, without a trailing slash. */
  readonly consoleUrl: string;
  /** The `up` process's output so far, also in the file attached to failed tests. */
  readonly logFile: string;
  /** A fresh one-time sign-in link (`podvisor link`), for `identity` when given (`--user`). */
  signInLink(identity?: LinkIdentity): Promise<string>;
  /** kubectl against the cluster; resolves with its exit code and output, never rejects. */
  readonly kubectl: Kubectl;
}

/** How long a cold `podvisor up` may take: it builds the tiny guest image on first use. */
export const upTimeoutMs = 10 * 60_000;

interface WorkerFixtures {
  /** Nodes of the shared cluster (an option: `test.use({ podvisorNodes: 2 })` per project). */
  podvisorNodes: number;
  podvisorServer: Podvisor;
}

interface TestFixtures {
  /** The shared `podvisor up`; its logs are attached when the test fails. */
  podvisor: Podvisor;
  /** A namespace `e2e-<random>` that exists for this test only. */
  namespace: string;
  /** A page that followed a fresh sign-in link and sits signed in at the console's `/`. */
  signedInPage: Page;
}

async function attachLogs(testInfo: TestInfo, podvisor: Podvisor): Promise<void> {
  if (existsSync(podvisor.logFile)) {
    await testInfo.attach('podvisor-up.log', { path: podvisor.logFile, contentType: 'text/plain' });
  }
  const logs = join(podvisor.dataDir, 'logs');
  if (!existsSync(logs)) return;
  for (const name of readdirSync(logs).filter((file) => file.endsWith('.log'))) {
    await testInfo.attach(`logs/${name}`, { path: join(logs, name), contentType: 'text/plain' });
  }
}

async function deleteNamespace(kubectl: Kubectl, name: string): Promise<void> {
  const args = ['delete', 'namespace', name, '--ignore-not-found', '--timeout=120s'];
  const deleted = await kubectl(args);
  if (deleted.code !== 0) {
    throw new Error(`kubectl delete namespace ${name} failed: ${deleted.stderr}`);
  }
}

/**
 * Signs `page` in by following a fresh one-time link (for `identity`, when given: the console
 * impersonates that user); throws unless the page ends signed in at the console's `/`.
 */
export async function signIn(
  page: Page,
  podvisor: Podvisor,
  identity?: LinkIdentity,
): Promise<void> {
  const link = await podvisor.signInLink(identity);
  const response = await page.goto(link);
  const home = `${podvisor.consoleUrl}/`;
  if (response?.status() !== 200 || !page.url().startsWith(home)) {
    throw new Error(
      `following the sign-in link ended at ${page.url()} with status ${String(response?.status())}, not at ${home}`,
    );
  }
}

/**
 * Playwright's `test` with the Podvisor fixtures: one `podvisor up` per worker on a fresh data dir
 * (`podvisor`), a namespace per test (`namespace`) and a signed-in page (`signedInPage`).
 */
export const test = base.extend<TestFixtures, WorkerFixtures>({
  podvisorNodes: [1, { scope: 'worker', option: true }],

  podvisorServer: [
    async ({ podvisorNodes }, use, workerInfo) => {
      const root = mkdtempSync(join(tmpdir(), 'podvisor-e2e-'));
      const dataDir = join(root, 'data');
      const home = join(root, 'home');
      mkdirSync(home);
      const logFile = join(
        workerInfo.project.outputDir,
        `podvisor-up-${workerInfo.workerIndex}.log`,
      );
      const up = startUp({ dataDir, nodes: podvisorNodes, logFile });
      try {
        const { consoleUrl, kubeconfig } = await up.ready(upTimeoutMs);
        await use({
          dataDir,
          kubeconfig,
          consoleUrl: consoleUrl.replace(/\/+$/, ''),
          logFile,
          signInLink: (identity) => signInLinkOf(dataDir, identity),
          kubectl: kubectlFor(kubeconfig, home),
        });
      } finally {
        await up.stop(60_000);
        killProcessesMentioning(root);
        rmSync(root, { recursive: true, force: true });
      }
    },
    { scope: 'worker', timeout: upTimeoutMs + 2 * 60_000 },
  ],

  podvisor: async ({ podvisorServer }, use, testInfo) => {
    await use(podvisorServer);
    if (testInfo.status !== testInfo.expectedStatus) await attachLogs(testInfo, podvisorServer);
  },

  namespace: async ({ podvisor }, use) => {
    const name = `e2e-${randomBytes(4).toString('hex')}`;
    const created = await podvisor.kubectl(['create', 'namespace', name]);
    if (created.code !== 0) {
      throw new Error(`kubectl create namespace ${name} failed: ${created.stderr}`);
    }
    await use(name);
    await deleteNamespace(podvisor.kubectl, name);
  },

  signedInPage: async ({ podvisor, page }, use) => {
    await signIn(page, podvisor);
    await use(page);
  },
});

export { expect } from '@playwright/test';
