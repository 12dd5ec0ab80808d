// Issue 12's "done when": a running VM moves between the two nodes of an embedded cluster —
// real launchers, real QEMU (the tiny guest under TCG), real virt-controller and virt-handlers —
// driven with kubectl only: `kubectl virt migrate`, cancel by deleting the migration, a target
// pod killed mid-way, and `kubectl drain`.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  field,
  installPodvisor,
  vmHelpers,
  vmManifest,
  type Json,
} from './podvisor-helpers.ts';
import { startPodvisorCluster, type PodvisorCluster } from './start-podvisor-cluster.ts';

let cluster: PodvisorCluster;
const namespace = 'default';
const vm = 'mover';
const nodes = ['node-1', 'node-2'];

const { apply, getObject, launcherPod, typeOnConsole, waitForGuestShell, waitForPrintableStatus } =
  vmHelpers(() => cluster, namespace);

function kubectlVirt(args: readonly string[], stdin?: string) {
  return cluster.kubectl(['virt', ...args], stdin);
}

/** The migrations of the VM, oldest first. */
async function migrations(): Promise<Json[]> {
  const result = await cluster.kubectl(['get', 'vmim', '-n', namespace, '-o', 'json']);
  const items = (JSON.parse(result.stdout) as { items: Json[] }).items;
  return items.filter((m) => field(m, 'spec.vmiName') === vm);
}

/** Runs `kubectl virt migrate` and resolves with the name of the migration it created. */
async function migrate(): Promise<string> {
  const before = new Set((await migrations()).map((m) => field(m, 'metadata.name')));
  const result = await kubectlVirt(['migrate', vm, '-n', namespace]);
  expect(result.code, result.stderr).toBe(0);
  return eventually(async () => {
    const created = (await migrations()).find((m) => !before.has(field(m, 'metadata.name')));
    return created ? String(field(created, 'metadata.name')) : undefined;
  }, 'the new VMIM');
}

async function waitForMigrationPhase(name: string, phases: readonly string[]): Promise<Json> {
  let last: unknown;
  return eventually(
    async () => {
      const vmim = await getObject('vmim', name);
      last = field(vmim, 'status.phase');
      return vmim && phases.includes(String(last)) ? vmim : undefined;
    },
    `VMIM ${name} in ${phases.join('/')} (last: ${String(last)})`,
    180_000,
  );
}

async function vmiNode(): Promise<string> {
  return String(field(await getObject('vmi', vm), 'status.nodeName'));
}

/** Types `echo <word>-$((6*7))` on `kubectl virt console` and expects `<word>-42` back. */
async function expectConsoleAnswers(word: string): Promise<void> {
  await eventually(
    () =>
      typeOnConsole(vm, `echo ${word}-$((6*7))\n`, `${word}-42`).then(
        () => true,
        () => undefined,
      ),
    `the console to answer ${word}-42`,
    90_000,
  );
}

/** `kubectl logs -f --timestamps` of one container of a pod, kept while it runs. */
interface LogFollower {
  text(): string;
  stop(): void;
}

function followLog(pod: string, container: string): LogFollower {
  const child: ChildProcess = spawn(
    'kubectl',
    ['logs', '-f', '--timestamps', '-n', namespace, pod, '-c', container],
    { env: cluster.env },
  );
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return { text: () => out, stop: () => child.kill('SIGTERM') };
}

/** The numbers of the source launcher's `migration completed` log line (domjobinfo). */
function launcherNumbers(log: string): Json | undefined {
  const line = log.split('\n').find((l) => l.includes('migration completed'));
  const json = line?.slice(line.indexOf('{'));
  if (json === undefined) return undefined;
  try {
    return JSON.parse(json) as Json;
  } catch {
    return undefined;
  }
}

/** `tick-N` lines with their log timestamps (ms), by N. */
function ticks(logs: readonly string[]): Map<number, number> {
  const byCount = new Map<number, number>();
  for (const line of logs.join('\n').split('\n')) {
    const match = /^(\S+) .*?tick-(\d+)\r?$/.exec(line);
    if (!match) continue;
    const count = Number(match[2]);
    if (!byCount.has(count)) byCount.set(count, Date.parse(String(match[1])));
  }
  return byCount;
}

/** The counts missing between the first and the last tick, and the largest gap between two. */
function tickGaps(byCount: Map<number, number>): { missing: number[]; maxGapMs: number } {
  const counts = [...byCount.keys()].sort((a, b) => a - b);
  const missing: number[] = [];
  let maxGapMs = 0;
  for (let i = 1; i < counts.length; i++) {
    const [previous, current] = [counts[i - 1] ?? 0, counts[i] ?? 0];
    for (let n = previous + 1; n < current; n++) missing.push(n);
    const gap = (byCount.get(current) ?? 0) - (byCount.get(previous) ?? 0);
    maxGapMs = Math.max(maxGapMs, gap);
  }
  return { missing, maxGapMs };
}

/** Sets (or, with null, removes) the KubeVirt CR's `migrations.bandwidthPerMigration`. */
async function limitBandwidth(quantity: string | null): Promise<void> {
  const patch = { spec: { configuration: { migrations: { bandwidthPerMigration: quantity } } } };
  const result = await cluster.kubectl([
    ...['patch', 'kubevirt', 'podvisor', '-n', 'podvisor', '--type=merge'],
    ...['-p', JSON.stringify(patch)],
  ]);
  expect(result.code, result.stderr).toBe(0);
}

/** The messages of the events about one object. */
async function eventMessages(name: string): Promise<string[]> {
  const result = await cluster.kubectl([
    ...['get', 'events', '-n', namespace, '--field-selector', `involvedObject.name=${name}`],
    ...['-o', 'jsonpath={range .items[*]}{.reason}: {.message}{"\\n"}{end}'],
  ]);
  return result.stdout.split('\n').filter((line) => line !== '');
}

/** Starts a migration throttled to 1 MiB/s and waits until its transfer runs. */
async function startSlowMigration(): Promise<{ name: string; source: string; targetPod: string }> {
  await limitBandwidth('1Mi');
  const source = await vmiNode();
  const name = await migrate();
  await waitForMigrationPhase(name, ['Running']);
  const state = field(await getObject('vmi', vm), 'status.migrationState') as Json;
  return { name, source, targetPod: String(state['targetPod']) };
}

beforeAll(async () => {
  cluster = await startPodvisorCluster({ nodes: 2 });
  await installPodvisor(cluster);
  await apply(vmManifest(vm, { runStrategy: 'Always', evictionStrategy: 'LiveMigrate' }));
  await waitForPrintableStatus(vm, 'Running');
  await waitForGuestShell(vm);
  // A counter on the serial console every 100 ms, in the background of the console's shell.
  await typeOnConsole(
    vm,
    '(i=0; while :; do echo tick-$i; i=$((i+1)); sleep 0.1; done) &\n',
    'tick-1\r',
    60_000,
  );
}, 900_000);

afterAll(async () => {
  await cluster.close();
});

describe('live migration between the two nodes', () => {
  it('kubectl virt migrate moves the running VM to the other node without stopping its guest', async () => {
    const source = await vmiNode();
    const sourcePod = await eventually(() => launcherPod(vm), 'the source launcher pod');
    const sourceLog = followLog(sourcePod, 'guest-console-log');
    const launcherLog = followLog(sourcePod, 'compute');
    await eventually(
      () => Promise.resolve(ticks([sourceLog.text()]).size > 10 ? true : undefined),
      'the counter on the source',
    );
    const started = Date.now();
    const name = await migrate();
    const vmim = await waitForMigrationPhase(name, ['Succeeded', 'Failed']);
    const wallMs = Date.now() - started;
    expect(field(vmim, 'status.phase'), JSON.stringify(vmim)).toBe('Succeeded');
    const target = nodes.find((n) => n !== source);
    const vmi = await getObject('vmi', vm);
    expect(field(vmi, 'status.nodeName')).toBe(target);
    expect(field(vmi, 'metadata.labels')).toMatchObject({ 'kubevirt.io/nodeName': target });
    const state = field(vmi, 'status.migrationState') as Json;
    expect(state).toMatchObject({ completed: true, sourceNode: source, targetNode: target });
    await eventually(async () => {
      const phase = field(await getObject('pod', sourcePod), 'status.phase');
      return phase === undefined || phase === 'Succeeded' ? true : undefined;
    }, 'the source launcher pod gone or Completed');
    const targetPod = await eventually(() => launcherPod(vm), 'the target launcher pod');
    expect(targetPod).not.toBe(sourcePod);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    sourceLog.stop();
    launcherLog.stop();
    const numbers = launcherNumbers(launcherLog.text());
    const targetLog = await cluster.kubectl([
      ...['logs', '--timestamps', '-n', namespace, targetPod, '-c', 'guest-console-log'],
    ]);
    const byCount = ticks([sourceLog.text(), targetLog.stdout]);
    const { missing, maxGapMs } = tickGaps(byCount);
    const jobMs =
      Date.parse(String(state['endTimestamp'])) - Date.parse(String(state['startTimestamp']));
    // What the test reports: the numbers of issue 12's "done when".
    process.stdout.write(
      `migration ${name}: wall ${String(wallMs)} ms, start→end ${String(jobMs)} ms, ` +
        `largest counter gap ${String(maxGapMs)} ms, ticks ${String(byCount.size)}, ` +
        `launcher: ${JSON.stringify(numbers)}\n`,
    );
    expect(missing).toEqual([]);
    expect(ticks([targetLog.stdout]).size).toBeGreaterThan(5);
    // The guest pauses only for the switch-over (the downtime libvirt measured, ~100–400 ms
    // here). The gap also holds one tick interval (100 ms) and the log tailers' 100 ms polls on
    // both sides, on a shared machine: the bound is the measured downtime plus 1.5 s, far below
    // a restart (which would also reset the counter).
    const downtimeMs = numbers?.['downtimeMs'];
    expect(typeof downtimeMs, JSON.stringify(numbers)).toBe('number');
    expect(maxGapMs).toBeLessThan(Number(downtimeMs) + 1_500);
    await expectConsoleAnswers('migrated');
  }, 300_000);

  it('a migration deleted while it runs is cancelled: Failed saying why, the VM still on its source', async () => {
    const { name, source } = await startSlowMigration();
    const vmiUid = field(await getObject('vmi', vm), 'metadata.uid');
    expect((await cluster.kubectl(['delete', 'vmim', name, '-n', namespace])).code).toBe(0);
    await eventually(async () => ((await getObject('vmim', name)) ? undefined : true), 'VMIM gone');
    const vmi = await getObject('vmi', vm);
    expect(field(vmi, 'metadata.uid')).toBe(vmiUid);
    expect(field(vmi, 'status.nodeName')).toBe(source);
    expect(field(vmi, 'status.phase')).toBe('Running');
    expect(field(vmi, 'status.migrationState')).toMatchObject({
      abortRequested: true,
      abortStatus: 'Succeeded',
      failed: true,
    });
    // The source's word on it (KubeVirt's "Live migration aborted"), as a FailedMigration event.
    expect(field(vmi, 'status.migrationState.failureReason')).toMatch(/abort|cancel/i);
    expect(await eventMessages(name)).toContainEqual(
      expect.stringMatching(/^FailedMigration: .*(abort|cancel)/i),
    );
    expect(field(vmi, 'metadata.labels')).not.toHaveProperty('kubevirt.io/migrationTargetNodeName');
    await expectConsoleAnswers('cancelled');
  }, 300_000);

  it('a target pod killed mid-way fails the migration with the reason; the VM stays on its source', async () => {
    const { name, source, targetPod } = await startSlowMigration();
    expect(
      (
        await cluster.kubectl([
          'delete',
          'pod',
          targetPod,
          '-n',
          namespace,
          '--grace-period=0',
          '--force',
        ])
      ).code,
    ).toBe(0);
    const vmim = await waitForMigrationPhase(name, ['Failed', 'Succeeded']);
    expect(field(vmim, 'status.phase')).toBe('Failed');
    // Why, in the controller's words (the event) and the source's (the mirrored migrationState,
    // written once the source aborted the transfer).
    expect(await eventMessages(name)).toContainEqual(
      expect.stringMatching(new RegExp(`^FailedMigration: target pod ${targetPod} `)),
    );
    const state = await eventually(async () => {
      const mirrored = field(await getObject('vmim', name), 'status.migrationState') as Json;
      return mirrored['failed'] === true && mirrored['failureReason'] ? mirrored : undefined;
    }, 'the source to report the failure');
    process.stdout.write(`killed target: ${JSON.stringify(state)}\n`);
    const vmi = await getObject('vmi', vm);
    expect(field(vmi, 'status.nodeName')).toBe(source);
    expect(field(vmi, 'status.phase')).toBe('Running');
    await expectConsoleAnswers('survived');
  }, 300_000);

  it('kubectl drain moves a LiveMigrate VM to the other node instead of stopping it', async () => {
    await limitBandwidth(null);
    const source = await vmiNode();
    const vmiUid = field(await getObject('vmi', vm), 'metadata.uid');
    const drained = await cluster.kubectl([
      ...['drain', source, '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=50s'],
    ]);
    try {
      expect(drained.code, drained.stderr).toBe(0);
      const vmi = await getObject('vmi', vm);
      expect(field(vmi, 'metadata.uid')).toBe(vmiUid);
      expect(field(vmi, 'status.nodeName')).toBe(nodes.find((n) => n !== source));
      expect(field(vmi, 'status.phase')).toBe('Running');
    } finally {
      await cluster.kubectl(['uncordon', source]);
    }
    await expectConsoleAnswers('drained');
  }, 300_000);
});
