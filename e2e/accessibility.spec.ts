import { AxeBuilder } from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { attachScreenshot } from './attach-screenshot.ts';
import { expect, signIn, test, type Podvisor } from './fixtures.ts';
import { kubectlOrThrow, tinyVm, vmPrintableStatus } from './tiny-vm.ts';

/** What every scanned page finds in its namespace: a pod `web` and a running VM `vm1`. */
interface Subjects {
  readonly namespace: string;
}

/** One page the scan visits. */
interface ScannedPage {
  readonly name: string;
  /** The path and query under the console's URL. */
  readonly path: (subjects: Subjects) => string;
  /** Shows once the page has drawn its content (beyond the h1 every page has). */
  readonly ready?: (page: Page) => Locator;
  /** Set while the page is not in the route table yet: the test is `fixme` with this note. */
  readonly pending?: string;
}

const vmPage = ({ namespace }: Subjects, tab?: string) =>
  `/vms/${namespace}/vm1${tab === undefined ? '' : `?tab=${tab}`}`;

/** THE list of pages to scan: one row per page (`pending` marks one not routed yet, as fixme). */
const pages: readonly ScannedPage[] = [
  {
    name: 'Workloads',
    path: ({ namespace }) => `/workloads?ns=${namespace}`,
    ready: (page) =>
      page.getByRole('grid', { name: 'Workloads' }).getByRole('row').filter({ hasText: 'web' }),
  },
  {
    name: 'Virtual machines',
    path: ({ namespace }) => `/vms?ns=${namespace}`,
    ready: (page) =>
      page
        .getByRole('grid', { name: 'Virtual machines' })
        .getByRole('row')
        .filter({ hasText: 'vm1' }),
  },
  {
    name: 'VM details: Overview',
    path: (s) => vmPage(s),
    ready: (page) => page.getByRole('region', { name: 'Details' }).getByText('Running'),
  },
  {
    name: 'VM details: Console',
    path: (s) => vmPage(s, 'console'),
    ready: (page) => page.getByRole('status').filter({ hasText: 'Connected' }).first(),
  },
  { name: 'VM details: Events', path: (s) => vmPage(s, 'events') },
  { name: 'VM details: YAML', path: (s) => vmPage(s, 'yaml') },
  { name: 'VM details: Disks', path: (s) => vmPage(s, 'disks') },
  { name: 'VM details: Network', path: (s) => vmPage(s, 'network') },
  { name: 'VM details: Diagnostics', path: (s) => vmPage(s, 'diagnostics') },
  { name: 'Overview', path: () => '/overview' },
  { name: 'Pods', path: ({ namespace }) => `/pods?ns=${namespace}` },
  {
    name: 'Pod details',
    path: ({ namespace }) => `/pods/${namespace}/web`,
    ready: (page) => page.getByRole('heading', { level: 1, name: 'web' }),
  },
  { name: 'Nodes', path: () => '/nodes' },
  { name: 'Migrations', path: () => '/migrations' },
  { name: 'Events', path: ({ namespace }) => `/events?ns=${namespace}` },
  { name: 'Create VM', path: ({ namespace }) => `/vms/~new?ns=${namespace}` },
  {
    name: 'Console pop-out',
    path: ({ namespace }) => `/vms/${namespace}/vm1/console`,
    ready: (page) => page.getByRole('status').filter({ hasText: 'Connected' }).first(),
  },
];

/** The impact levels that fail the scan. */
const failingImpacts = new Set(['serious', 'critical']);

/** One line per failing violation: rule id, impact, the elements it found, and axe's help link. */
async function scan(page: Page): Promise<{ failures: string[]; report: string }> {
  const results = await new AxeBuilder({ page }).analyze();
  const failing = results.violations.filter((v) => failingImpacts.has(v.impact ?? ''));
  const failures = failing.flatMap((violation) =>
    violation.nodes.map(
      (node) =>
        `${violation.id} (${violation.impact ?? 'unknown'}) at ${node.target.join(' ')}: ${violation.help} — ${violation.helpUrl}`,
    ),
  );
  return { failures, report: JSON.stringify(results.violations, null, 2) };
}

let subjects: Subjects | undefined;

async function createSubjects(podvisor: Podvisor): Promise<Subjects> {
  const namespace = `e2e-axe-${String(Date.now() % 100_000)}`;
  const kubectl = (args: string[], stdin?: string) => kubectlOrThrow(podvisor.kubectl, args, stdin);
  await kubectl(['create', 'namespace', namespace]);
  await kubectl(['run', 'web', '-n', namespace, '--image=busybox', '--', 'sleep', '3600']);
  await kubectl(['apply', '-f', '-'], tinyVm('vm1', namespace));
  await expect
    .poll(() => vmPrintableStatus(podvisor.kubectl, namespace, 'vm1'), { timeout: 180_000 })
    .toBe('Running');
  return { namespace };
}

test.describe('accessibility: no serious or critical axe violations', () => {
  test.beforeAll(async ({ podvisorServer }) => {
    test.setTimeout(5 * 60_000);
    subjects = await createSubjects(podvisorServer);
  });

  test.afterAll(async ({ podvisorServer }) => {
    if (subjects === undefined) return;
    await podvisorServer.kubectl(['delete', 'namespace', subjects.namespace, '--wait=false']);
  });

  for (const entry of pages) {
    test(entry.name, async ({ podvisor, page }, testInfo) => {
      test.fixme(entry.pending !== undefined, entry.pending);
      if (subjects === undefined) throw new Error('the pod and VM to show were not created');
      await signIn(page, podvisor);
      await page.goto(`${podvisor.consoleUrl}${entry.path(subjects)}`);
      await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
      await expect(page.getByText('Page not found')).toHaveCount(0);
      if (entry.ready !== undefined)
        await expect(entry.ready(page)).toBeVisible({ timeout: 60_000 });
      await attachScreenshot(page, testInfo, entry.name);
      const { failures, report } = await scan(page);
      await testInfo.attach('axe violations.json', {
        body: report,
        contentType: 'application/json',
      });
      expect(failures, `axe on ${entry.name}:\n${failures.join('\n')}`).toEqual([]);
    });
  }
});
