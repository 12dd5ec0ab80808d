// Issue 14's "done when": VMs and pods on one network in local mode — the embedded cluster in its
// own network namespace, every pod in its own (ADR 17), the guest on its launcher pod's address
// through passt, Services and cluster DNS both ways, also after a live migration. Real QEMU (the
// tiny guest under TCG), kubectl only.
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
const namespace = 'demo';
const vm = 'app-vm';

const { apply, getObject, launcherPod, typeOnConsole, waitForGuestShell, waitForPrintableStatus } =
  vmHelpers(() => cluster, namespace);

/** A busybox pod (label app=NAME) running `script`. */
function busyboxPod(name: string, script: string): Json {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { app: name } },
    spec: {
      terminationGracePeriodSeconds: 1,
      containers: [{ name: 'main', image: 'busybox', command: ['sh', '-c', script] }],
    },
  };
}

/** `db`: a pod serving `db-page` over HTTP on 8080, behind the Service `db`. */
const database: Json[] = [
  busyboxPod('db', 'mkdir -p www && echo db-page > www/index.html && exec httpd -f -p 8080 -h www'),
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'db', namespace },
    spec: { selector: { app: 'db' }, ports: [{ port: 8080, targetPort: 8080 }] },
  },
];

/** What `wget` in the client pod prints for `url` (empty when it fails). */
async function fetchFromPod(url: string): Promise<string> {
  const result = await cluster.kubectl([
    ...['exec', '-n', namespace, 'client', '--'],
    ...['wget', '-qO-', url],
  ]);
  return result.code === 0 ? result.stdout : '';
}

/** Fetches `url` from the guest's serial console until the page shows `expected`. */
async function fetchFromGuest(url: string, expected: string): Promise<void> {
  await eventually(
    () =>
      typeOnConsole(vm, `wget -qO- ${url}\n`, `\n${expected}`, 20_000).then(
        () => true,
        () => undefined,
      ),
    `${expected} from ${url} inside the guest`,
    120_000,
  );
}

async function expectPodReachesVm(): Promise<void> {
  const page = await eventually(async () => {
    const text = await fetchFromPod(`http://web.${namespace}.svc.cluster.local:8080/`);
    return text.includes('vm-42-page') ? text : undefined;
  }, "the VM's page through the Service web");
  expect(page.trim()).toBe('vm-42-page');
}

beforeAll(async () => {
  cluster = await startPodvisorCluster({ nodes: 2, network: 'pod' });
  await installPodvisor(cluster);
  expect((await cluster.kubectl(['create', 'namespace', namespace])).code).toBe(0);
  for (const object of [...database, busyboxPod('client', 'while true; do sleep 3600; done')])
    await apply(JSON.stringify(object));
  await apply(
    vmManifest(vm, { runStrategy: 'Always', namespace, evictionStrategy: 'LiveMigrate' }),
  );
  await waitForPrintableStatus(vm, 'Running');
  await waitForGuestShell(vm);
  for (const pod of ['db', 'client']) {
    const ready = await cluster.kubectl([
      ...['wait', '-n', namespace, '--for=condition=Ready', `pod/${pod}`, '--timeout=120s'],
    ]);
    expect(ready.code, ready.stderr).toBe(0);
  }
}, 900_000);

afterAll(async () => {
  await cluster.close();
});

describe('VMs and pods on one network', () => {
  it('gives the VM its launcher pod’s address on the pod network', async () => {
    const pod = await eventually(() => launcherPod(vm), 'the launcher pod');
    const podIp = field(await getObject('pod', pod), 'status.podIP');
    expect(podIp).toMatch(/^10\.244\.\d+\.\d+$/);
    const vmi = await getObject('vmi', vm);
    const interfaces = field(vmi, 'status.interfaces') as Json[];
    expect(interfaces[0]).toMatchObject({ name: 'default', ipAddress: podIp });
  });

  it('lets the guest reach a pod-backed Service by its DNS name', async () => {
    await fetchFromGuest(`http://db.${namespace}.svc.cluster.local:8080/`, 'db-page');
  });

  it('lets a pod reach a server in the guest through kubectl virt expose', async () => {
    await typeOnConsole(
      vm,
      'mkdir -p /www && echo vm-$((6*7))-page > /www/index.html && httpd -p 80 -h /www && echo httpd-$((6*7))\n',
      'httpd-42',
    );
    const exposed = await cluster.kubectl([
      ...['virt', 'expose', 'vm', vm, '-n', namespace],
      ...['--port', '8080', '--target-port', '80', '--name', 'web'],
    ]);
    expect(exposed.code, exposed.stderr).toBe(0);
    await expectPodReachesVm();
  });

  it('keeps both ways working after the VM migrates to the other node', async () => {
    const before = String(field(await getObject('vmi', vm), 'status.nodeName'));
    const migrated = await cluster.kubectl(['virt', 'migrate', vm, '-n', namespace]);
    expect(migrated.code, migrated.stderr).toBe(0);
    await eventually(
      async () => {
        const vmi = await getObject('vmi', vm);
        const state = field(vmi, 'status.migrationState') as Json | undefined;
        return state?.['completed'] === true && field(vmi, 'status.nodeName') !== before
          ? true
          : undefined;
      },
      'the migration to complete',
      180_000,
    );
    await expectPodReachesVm();
    await fetchFromGuest(`http://db.${namespace}.svc.cluster.local:8080/`, 'db-page');
  }, 420_000);
});
