import { setTimeout as sleep } from 'node:timers/promises';
import { inPool, type KubeApi } from './kube-api.ts';

/** How many objects the cluster is filled with. */
export interface Population {
  readonly pods: number;
  readonly vms: number;
  /** Namespaces the pods and VMs are spread over. */
  readonly namespaces: number;
  /** Pods of the event test (`evt-00` …), in their own namespace. */
  readonly eventPods: number;
}

/** The namespace of the event test's pods. */
export const eventNamespace = 'bench-events';

/** Nodes the pods are bound to; none exists, so nothing schedules or runs them. */
const nodeCount = 8;
const concurrency = 16;
const mergePatch = 'application/merge-patch+json';

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** The name of bulk pod `i`: `pod-00000` … (five digits, so `pod-0999` matches exactly 10). */
export const podName = (i: number): string => `pod-${pad(i, 5)}`;

/** The name of event pod `i`: `evt-00` …. */
export const eventPodName = (i: number): string => `evt-${pad(i, 2)}`;

const namespaceOf = (i: number, count: number): string => `bench-${pad(i % count, 2)}`;

function podManifest(name: string, index: number): object {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: `app-${String(index % 50)}`, tier: 'web' } },
    spec: {
      nodeName: `bench-node-${String(index % nodeCount)}`,
      containers: [
        {
          name: 'web',
          image: 'registry.example/web:1.0',
          ports: [{ containerPort: 8080 }],
          resources: { requests: { cpu: '10m', memory: '32Mi' } },
        },
      ],
    },
  };
}

/** A Running pod's status as a kubelet reports it. */
function runningStatus(index: number, startedAt: string): object {
  return {
    status: {
      phase: 'Running',
      hostIP: `192.168.0.${String(10 + (index % nodeCount))}`,
      podIP: `10.244.${String(Math.floor(index / 250) % 256)}.${String(index % 250)}`,
      startTime: startedAt,
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: startedAt }],
      containerStatuses: [
        {
          name: 'web',
          ready: true,
          started: true,
          restartCount: 0,
          image: 'registry.example/web:1.0',
          imageID: '',
          state: { running: { startedAt } },
        },
      ],
    },
  };
}

function vmManifest(name: string, running: boolean): object {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: { name, labels: { app: 'vm' } },
    spec: {
      runStrategy: running ? 'Always' : 'Halted',
      template: {
        spec: {
          domain: {
            resources: { requests: { memory: '128Mi' } },
            devices: { disks: [{ name: 'rootdisk', disk: { bus: 'virtio' } }] },
          },
          volumes: [{ name: 'rootdisk', containerDisk: { image: 'podvisor.local/tiny' } }],
        },
      },
    },
  };
}

const vmStatus = (running: boolean): object => ({
  status: running
    ? { printableStatus: 'Running', created: true, ready: true }
    : { printableStatus: 'Stopped' },
});

async function createNamespaces(api: KubeApi, names: readonly string[]): Promise<void> {
  for (const name of names) {
    await api.expect(
      { method: 'POST', path: '/api/v1/namespaces', body: { metadata: { name } } },
      [201],
    );
  }
  // Pods need their namespace's `default` ServiceAccount, which a controller creates.
  const deadline = Date.now() + 30_000;
  for (const name of names) {
    const path = `/api/v1/namespaces/${name}/serviceaccounts/default`;
    while ((await api.call({ method: 'GET', path })).status !== 200) {
      if (Date.now() > deadline) throw new Error(`no default ServiceAccount in ${name} after 30 s`);
      await sleep(100);
    }
  }
}

async function createPod(api: KubeApi, namespace: string, name: string, index: number) {
  const base = `/api/v1/namespaces/${namespace}/pods`;
  await api.expect({ method: 'POST', path: base, body: podManifest(name, index) }, [201]);
  const body = runningStatus(index, new Date().toISOString());
  const path = `${base}/${name}/status`;
  await api.expect({ method: 'PATCH', path, body, contentType: mergePatch }, [200]);
}

async function createVm(api: KubeApi, namespace: string, index: number) {
  const base = `/apis/kubevirt.io/v1/namespaces/${namespace}/virtualmachines`;
  const name = `vm-${pad(index, 4)}`;
  const running = index % 2 === 0;
  await api.expect({ method: 'POST', path: base, body: vmManifest(name, running) }, [201]);
  const path = `${base}/${name}/status`;
  const body = vmStatus(running);
  await api.expect({ method: 'PATCH', path, body, contentType: mergePatch }, [200]);
}

/** Seconds each step of {@link populate} took. */
export interface PopulateTimes {
  readonly namespacesS: number;
  readonly podsS: number;
  readonly vmsS: number;
}

const since = (start: number): number => (performance.now() - start) / 1000;

/**
 * Fills the cluster: namespaces, `pods` Running pods (created, then their status written as a
 * kubelet would, 16 requests at a time), VMs (half Running, half Stopped, through their status
 * subresource) and the event test's pods.
 */
export async function populate(api: KubeApi, population: Population): Promise<PopulateTimes> {
  const count = population.namespaces;
  const names = Array.from({ length: count }, (_, i) => namespaceOf(i, count));
  let start = performance.now();
  await createNamespaces(api, [...names, eventNamespace]);
  const namespacesS = since(start);
  start = performance.now();
  await inPool(population.pods, concurrency, (i) =>
    createPod(api, namespaceOf(i, count), podName(i), i),
  );
  await inPool(population.eventPods, concurrency, (i) =>
    createPod(api, eventNamespace, eventPodName(i), i),
  );
  const podsS = since(start);
  start = performance.now();
  await inPool(population.vms, concurrency, (i) => createVm(api, namespaceOf(i, count), i));
  return { namespacesS, podsS, vmsS: since(start) };
}
