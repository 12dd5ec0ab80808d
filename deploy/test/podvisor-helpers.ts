// What the deploy end-to-end tests and benchmarks share: Podvisor installed on the embedded
// cluster from deploy/ with kubectl, the tiny guest image, and waits that read what a user reads
// (kubectl get, kubectl logs).
import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { eventually as poll } from '@podvisor/cluster/testing';
import type { CommandResult, PodvisorCluster } from './start-podvisor-cluster.ts';

/** Waits for `read` to give a value; VMs under TCG on a busy machine get two minutes by default. */
export function eventually<T>(
  read: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 120_000,
): Promise<T> {
  return poll(read, what, { timeoutMs, intervalMs: 500 });
}

export type Json = Record<string, unknown>;

/** The value at a dotted path of a JSON object, or undefined. */
export function field(object: Json | undefined, path: string): unknown {
  let value: unknown = object;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Json)[part];
  }
  return value;
}

/** A VirtualMachine booting the tiny guest, as a user would write it. */
export function vmManifest(
  name: string,
  options: {
    runStrategy: string;
    namespace?: string;
    nodeSelector?: Json;
    evictionStrategy?: string;
  },
): string {
  return JSON.stringify({
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: { name, namespace: options.namespace ?? 'default' },
    spec: {
      runStrategy: options.runStrategy,
      template: {
        metadata: { labels: { app: name } },
        spec: {
          ...(options.nodeSelector ? { nodeSelector: options.nodeSelector } : {}),
          ...(options.evictionStrategy ? { evictionStrategy: options.evictionStrategy } : {}),
          terminationGracePeriodSeconds: 5,
          domain: {
            cpu: { cores: 1 },
            resources: { requests: { memory: '128Mi' } },
            devices: { disks: [{ name: 'rootdisk', disk: { bus: 'virtio' } }] },
          },
          volumes: [{ name: 'rootdisk', containerDisk: { image: 'podvisor.local/tiny' } }],
        },
      },
    },
  });
}

/** Builds the tiny guest image into the data dir with `podvisor images build tiny`. */
export function buildTinyImage(dataDir: string): Promise<void> {
  const cli = join(import.meta.dirname, '..', '..', 'apps', 'cli', 'bin', 'podvisor.js');
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [cli, 'images', 'build', 'tiny', '--data-dir', dataDir],
      { timeout: 300_000 },
      (error, _stdout, stderr) => {
        if (error) reject(new Error(`images build tiny failed: ${stderr}`));
        else resolve();
      },
    );
  });
}

function failed(what: string, result: CommandResult): Error {
  return new Error(`${what} failed (exit ${String(result.code)}): ${result.stderr}`);
}

/** Waits until the pods of one operator component (`virt-api`, …) are Ready. */
export async function waitForComponent(cluster: PodvisorCluster, label: string): Promise<void> {
  const wait = ['wait', '-n', 'podvisor', '--for=condition=Ready', 'pod'];
  await eventually(
    async () =>
      (await cluster.kubectl([...wait, '-l', `kubevirt.io=${label}`, '--timeout=5s'])).code === 0
        ? true
        : undefined,
    `${label} Ready`,
  );
}

/**
 * Installs Podvisor the way deploy/README.md tells a user to: the tiny guest image, the CRDs,
 * then `kubectl apply -k overlays/local`, and waits until virt-api, virt-controller and
 * virt-handler are Ready.
 */
export async function installPodvisor(cluster: PodvisorCluster): Promise<void> {
  await buildTinyImage(cluster.dataDir);
  const crds = await cluster.kubectl(['apply', '-f', 'base/crds/']);
  if (crds.code !== 0) throw failed('kubectl apply -f base/crds/', crds);
  const applied = await cluster.kubectl(['apply', '-k', 'overlays/local']);
  if (applied.code !== 0 || applied.stderr !== '')
    throw failed('kubectl apply -k overlays/local', applied);
  for (const component of ['virt-api', 'virt-controller', 'virt-handler'])
    await waitForComponent(cluster, component);
}

/** kubectl-level reads and waits about the VMs of one namespace. */
export interface VmHelpers {
  readonly getObject: (kind: string, name: string, ns?: string) => Promise<Json | undefined>;
  readonly printableStatus: (vm: string) => Promise<unknown>;
  readonly waitForPrintableStatus: (
    vm: string,
    wanted: string,
    timeoutMs?: number,
  ) => Promise<void>;
  /** `kubectl apply -f -`; throws with kubectl's stderr when it complains. */
  readonly apply: (manifest: string) => Promise<void>;
  /** The Running launcher pod of the VM's current VMI (not one of an earlier VMI going away). */
  readonly launcherPod: (vm: string) => Promise<string | undefined>;
  /**
   * Waits for the guest of the VM's current VMI to reach its shell (the tiny guest prints a marker
   * on its serial line): a Running VMI may still be booting, and what a console types before the
   * shell reads it is lost.
   */
  readonly waitForGuestShell: (vm: string) => Promise<void>;
  /**
   * Opens `kubectl virt console`, types `line` once connected, and resolves once the output shows
   * `expected` (the session is then closed); rejects after `timeoutMs` (30 s). A guest that keeps
   * printing never lets a piped console go quiet, hence the explicit end.
   */
  readonly typeOnConsole: (
    vm: string,
    line: string,
    expected: string | RegExp,
    timeoutMs?: number,
  ) => Promise<string>;
}

function typeOnConsole(options: {
  cluster: PodvisorCluster;
  namespace: string;
  vm: string;
  line: string;
  expected: string | RegExp;
  timeoutMs: number;
}): Promise<string> {
  const { expected } = options;
  const child = spawn('kubectl', ['virt', 'console', options.vm, '-n', options.namespace], {
    env: options.cluster.env,
  });
  let stdout = '';
  let stderr = '';
  const seen = (): boolean =>
    typeof expected === 'string' ? stdout.includes(expected) : expected.test(stdout);
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        new Error(
          `no ${String(expected)} on the console within ${String(options.timeoutMs)} ms: ${stderr}\n${stdout}`,
        ),
      );
    }, options.timeoutMs);
    child.stderr.on('data', (chunk: Buffer) => {
      const connected = !stderr.includes('Successfully connected');
      stderr += chunk.toString();
      if (connected && stderr.includes('Successfully connected')) child.stdin.write(options.line);
    });
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (seen()) {
        clearTimeout(timer);
        resolve(stdout);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kubectl virt console exited with ${String(code)}: ${stderr}`));
    });
  }).finally(() => child.kill('SIGTERM'));
}

/** {@link VmHelpers} for `namespace`, on the cluster `clusterOf()` returns when called. */
export function vmHelpers(clusterOf: () => PodvisorCluster, namespace = 'default'): VmHelpers {
  const kubectl = (args: readonly string[], stdin?: string) => clusterOf().kubectl(args, stdin);
  const getObject = async (kind: string, name: string, ns = namespace) => {
    const result = await kubectl(['get', kind, name, '-n', ns, '-o', 'json']);
    return result.code === 0 ? (JSON.parse(result.stdout) as Json) : undefined;
  };
  const printableStatus = async (vm: string) =>
    field(await getObject('vm', vm), 'status.printableStatus');
  const launcherPod = async (vm: string) => {
    const vmiUid = field(await getObject('vmi', vm), 'metadata.uid');
    if (typeof vmiUid !== 'string') return undefined;
    const result = await kubectl([
      'get',
      'pods',
      '-n',
      namespace,
      '-l',
      `kubevirt.io=virt-launcher,vm.kubevirt.io/name=${vm},kubevirt.io/created-by=${vmiUid}`,
      '-o',
      'jsonpath={.items[?(@.status.phase=="Running")].metadata.name}',
    ]);
    const name = result.stdout.trim().split(' ')[0];
    return name === '' ? undefined : name;
  };
  return {
    getObject,
    printableStatus,
    launcherPod,
    waitForPrintableStatus: async (vm, wanted, timeoutMs) => {
      await eventually(
        async () => ((await printableStatus(vm)) === wanted ? true : undefined),
        `VM ${vm} printableStatus ${wanted} (last: ${String(await printableStatus(vm))})`,
        timeoutMs,
      );
    },
    apply: async (manifest) => {
      const applied = await kubectl(['apply', '-f', '-'], manifest);
      if (applied.code !== 0 || applied.stderr !== '') throw failed('kubectl apply', applied);
    },
    typeOnConsole: (vm, line, expected, timeoutMs = 30_000) =>
      typeOnConsole({ cluster: clusterOf(), namespace, vm, line, expected, timeoutMs }),
    waitForGuestShell: async (vm) => {
      await eventually(async () => {
        const pod = await launcherPod(vm);
        if (pod === undefined) return undefined;
        const logs = await kubectl(['logs', '-n', namespace, pod, '-c', 'guest-console-log']);
        return logs.stdout.includes('podvisor-guest-ready') ? true : undefined;
      }, 'the guest shell');
    },
  };
}
