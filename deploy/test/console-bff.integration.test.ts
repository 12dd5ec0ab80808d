// Issue 9's "done when" with the real product: Podvisor installed on the embedded cluster, a real
// VM (the tiny guest under QEMU), and the console's BFF in front of it. Users reach VMs only
// through their own RBAC: an editor gets a shell over the BFF's console socket; a viewer sees
// its namespace live and is refused start and console.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { addUser } from '@podvisor/cluster';
import { serveTestBff, signInWithToken, type SignedIn, type TestBff } from '@podvisor/bff/testing';
import { installPodvisor, vmHelpers, vmManifest } from './podvisor-helpers.ts';
import { startPodvisorCluster, type PodvisorCluster } from './start-podvisor-cluster.ts';

let cluster: PodvisorCluster;
let served: TestBff;
let editor: SignedIn;
let viewer: SignedIn;
const namespace = 'team-a';
const vm = 'web';
const { waitForGuestShell, waitForPrintableStatus } = vmHelpers(() => cluster, namespace);

async function signedInUser(name: string, roles: readonly string[]): Promise<SignedIn> {
  const user = addUser({ dataDir: cluster.dataDir, name, groups: [] });
  for (const role of roles) {
    const bind = [
      'create',
      'rolebinding',
      `${name}-${role.replace(':', '-')}`,
      `--clusterrole=${role}`,
    ];
    expect((await cluster.kubectl([...bind, `--user=${name}`, '-n', namespace])).code).toBe(0);
  }
  return signInWithToken(served.url, user.token);
}

beforeAll(async () => {
  cluster = await startPodvisorCluster({ nodes: 1 });
  await installPodvisor(cluster);
  for (const ns of [namespace, 'team-b'])
    expect((await cluster.kubectl(['create', 'namespace', ns])).code).toBe(0);
  const applied = await cluster.kubectl(
    ['apply', '-f', '-'],
    vmManifest(vm, { runStrategy: 'Always', namespace }),
  );
  expect(applied.code).toBe(0);
  served = await serveTestBff(`${cluster.dataDir}/kubeconfig`);
  editor = await signedInUser('eddie', ['kubevirt.io:edit', 'view']);
  viewer = await signedInUser('vera', ['kubevirt.io:view', 'view']);
  await waitForPrintableStatus(vm, 'Running');
  await waitForGuestShell(vm);
}, 600_000);

afterAll(async () => {
  await served.close();
  await cluster.close();
});

/** A console socket opened the way the SPA opens it. */
interface BrowserConsole {
  readonly opened: Promise<void>;
  readonly closed: Promise<{ code: number; reason: string }>;
  received(): Buffer;
  send(text: string): void;
  close(): void;
}

function openConsole(user: SignedIn, kind: 'serial' | 'vnc', name = vm): BrowserConsole {
  const socket = new WebSocket(
    `${served.url.replace('http', 'ws')}/api/consoles/${namespace}/${name}/${kind}`,
    ['plain.kubevirt.io'],
    { headers: { Origin: served.url, Cookie: user.cookie } },
  );
  const chunks: Buffer[] = [];
  socket.on('message', (data: Buffer) => chunks.push(data));
  return {
    opened: new Promise((resolve) =>
      socket.once('open', () => {
        resolve();
      }),
    ),
    closed: new Promise((resolve) => {
      socket.once('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
      });
    }),
    received: () => Buffer.concat(chunks),
    send: (text) => {
      socket.send(Buffer.from(text));
    },
    close: () => {
      socket.close(1000);
    },
  };
}

async function receivedWithin(session: BrowserConsole, pattern: RegExp): Promise<string> {
  const deadline = Date.now() + 60_000;
  while (!pattern.test(session.received().toString())) {
    if (Date.now() > deadline)
      throw new Error(`no ${String(pattern)} in ${JSON.stringify(session.received().toString())}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return session.received().toString();
}

function subresource(user: SignedIn, verb: 'start' | 'stop', name = vm): Promise<Response> {
  return fetch(
    `${served.url}/api/kubernetes/apis/subresources.kubevirt.io/v1/namespaces/${namespace}/virtualmachines/${name}/${verb}`,
    {
      method: 'PUT',
      headers: {
        Cookie: user.cookie,
        'X-CSRF-Token': user.csrf,
        'Content-Type': 'application/json',
      },
      body: '{}',
    },
  );
}

/** Subscribes over one /api/watch socket and collects what arrives for each subscription. */
async function watchAs(
  user: SignedIn,
  subscriptions: readonly { id: string; group: string; resource: string; namespace: string }[],
): Promise<Map<string, { type: string; items?: unknown[]; status?: { code: number } }[]>> {
  const socket = new WebSocket(`${served.url.replace('http', 'ws')}/api/watch`, {
    headers: { Origin: served.url, Cookie: user.cookie },
  });
  const seen = new Map<string, { type: string; items?: unknown[]; status?: { code: number } }[]>();
  socket.on('message', (data: Buffer) => {
    const batch = JSON.parse(data.toString()) as {
      messages: { id: string; type: string; items?: unknown[]; status?: { code: number } }[];
    };
    for (const message of batch.messages)
      seen.set(message.id, [...(seen.get(message.id) ?? []), message]);
  });
  await new Promise((resolve) => socket.once('open', resolve));
  for (const s of subscriptions)
    socket.send(JSON.stringify({ type: 'subscribe', version: 'v1', ...s }));
  const deadline = Date.now() + 30_000;
  while (subscriptions.some((s) => !seen.has(s.id)) && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));
  socket.close(1000);
  return seen;
}

describe('the console BFF in front of a real VM', () => {
  it('shows a viewer its namespace live over /api/watch — the VM and its launcher pod — and nothing of another', async () => {
    const seen = await watchAs(viewer, [
      { id: 'vms', group: 'kubevirt.io', resource: 'virtualmachines', namespace },
      { id: 'pods', group: '', resource: 'pods', namespace },
      { id: 'other', group: 'kubevirt.io', resource: 'virtualmachines', namespace: 'team-b' },
    ]);
    const names = (id: string) =>
      (seen.get(id)?.[0]?.items ?? []).map(
        (item) => (item as { metadata: { name: string } }).metadata.name,
      );
    expect(names('vms')).toEqual([vm]);
    expect(names('pods').some((pod) => pod.startsWith(`virt-launcher-${vm}-`))).toBe(true);
    const other = seen.get('other') ?? [];
    expect(other).toHaveLength(1);
    expect(other[0]).toMatchObject({ type: 'error', status: { code: 403 } });
  });

  it('gives an editor a shell on the serial console over the BFF', async () => {
    const session = openConsole(editor, 'serial');
    await session.opened;
    session.send('\necho bff-$((6*7))\n');
    expect(await receivedWithin(session, /bff-42/)).toContain('bff-42');
    session.close();
    expect((await session.closed).code).toBe(1000);
  });

  it('carries the VNC stream: the RFB greeting arrives as binary', async () => {
    const session = openConsole(editor, 'vnc');
    await session.opened;
    await receivedWithin(session, /^RFB 003\.008\n/);
    session.close();
  });

  it('refuses a viewer the console with 4403 and start with 403, yet shows them the VM live', async () => {
    const refused = openConsole(viewer, 'serial');
    const { code, reason } = await refused.closed;
    expect(code).toBe(4403);
    expect(reason).toMatch(/forbidden/i);
    expect((await subresource(viewer, 'start')).status).toBe(403);
    const list = await fetch(
      `${served.url}/api/kubernetes/apis/kubevirt.io/v1/namespaces/${namespace}/virtualmachines`,
      { headers: { Cookie: viewer.cookie } },
    );
    const names = ((await list.json()) as { items: { metadata: { name: string } }[] }).items;
    expect(names.map((item) => item.metadata.name)).toEqual([vm]);
    const elsewhere = await fetch(
      `${served.url}/api/kubernetes/apis/kubevirt.io/v1/namespaces/team-b/virtualmachines`,
      { headers: { Cookie: viewer.cookie } },
    );
    expect(elsewhere.status).toBe(403);
  });

  it('lets the editor stop the VM through the proxy; its console then closes with 4404, and start brings it back', async () => {
    expect((await subresource(editor, 'stop')).status).toBe(202);
    await waitForPrintableStatus(vm, 'Stopped');
    const gone = openConsole(editor, 'serial');
    expect((await gone.closed).code).toBe(4404);
    expect((await subresource(editor, 'start')).status).toBe(202);
    await waitForPrintableStatus(vm, 'Running');
    await waitForGuestShell(vm);
    const back = openConsole(editor, 'serial');
    await back.opened;
    back.send('\necho back-$((6*7))\n');
    await receivedWithin(back, /back-42/);
    back.close();
  });
});
