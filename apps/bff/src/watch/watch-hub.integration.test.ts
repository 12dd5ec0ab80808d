// The watch hub against the real embedded API server, through a real `ws` server and client:
// snapshots and events, sharing, RBAC, a forced 410, an API server restart, slow clients.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { addUser, startCluster, type RunningCluster } from '@podvisor/cluster';
import { eventually, freePort, until } from '@podvisor/cluster/testing';
import { createLogger } from '@podvisor/kube';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type { Credential } from '../upstream/credential.ts';
import { UpstreamError } from '../upstream/upstream-error.ts';
import { createUpstream, type Upstream } from '../upstream/upstream.ts';
import { createWatchHub, type WatchHub, type WatchHubOptions } from './watch-hub.ts';
import {
  watchCloseCodes,
  type WatchBatch,
  type WatchObject,
  type WatchServerMessage,
} from './watch-protocol.ts';

const logger = createLogger({ component: 'watch-hub-test', level: 'silent' });
const admin: Credential = { kind: 'kubeconfig' };

/** An upstream whose watch requests can be held back (to let the API server's history expire). */
function gatedUpstream(inner: Upstream): Upstream & { hold(): void; release(): void } {
  let gate: { promise: Promise<void>; open: () => void } | undefined;
  return {
    ...inner,
    open: async (credential, request) => {
      if (gate !== undefined && request.path.includes('watch=1')) await gate.promise;
      return inner.open(credential, request);
    },
    hold: () => {
      const { promise, resolve } = Promise.withResolvers<undefined>();
      gate = {
        promise,
        open: () => {
          resolve(undefined);
        },
      };
    },
    release: () => {
      gate?.open();
      gate = undefined;
    },
  };
}

/** A browser stand-in: applies batches the way the SPA will and records anything inconsistent. */
interface TestClient {
  readonly socket: WebSocket;
  readonly messages: WatchServerMessage[];
  /** Each subscription's current set: name → resourceVersion. */
  readonly sets: Map<string, Map<string, string>>;
  /** Duplicated ADDEDs, MODIFIED/DELETED of unknown objects, frames that are not batches. */
  readonly problems: string[];
  closed: { code: number; reason: string } | undefined;
  send(message: unknown): void;
  of(id: string): WatchServerMessage[];
}

function applyMessage(client: TestClient, message: WatchServerMessage): void {
  if (message.type === 'error') return;
  const set = client.sets.get(message.id) ?? new Map<string, string>();
  client.sets.set(message.id, set);
  const entry = (o: WatchObject): [string, string] => [
    o.metadata.name ?? '',
    o.metadata.resourceVersion ?? '',
  ];
  if (message.type === 'snapshot') {
    set.clear();
    for (const item of message.items) set.set(...entry(item));
    return;
  }
  const [name, version] = entry(message.object);
  const known = set.has(name);
  if (message.event === 'ADDED' ? known : !known)
    client.problems.push(`${message.event} ${name} (known: ${String(known)})`);
  if (message.event === 'DELETED') set.delete(name);
  else set.set(name, version);
}

async function connect(url: string): Promise<TestClient> {
  const socket = new WebSocket(url);
  const client: TestClient = {
    socket,
    messages: [],
    sets: new Map(),
    problems: [],
    closed: undefined,
    send: (message) => {
      socket.send(typeof message === 'string' ? message : JSON.stringify(message));
    },
    of: (id) => client.messages.filter((m) => m.id === id),
  };
  socket.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString('utf8')) as Partial<WatchBatch>;
    if (frame.type !== 'batch' || frame.messages === undefined) {
      client.problems.push(`a frame that is not a batch: ${JSON.stringify(frame)}`);
      return;
    }
    for (const message of frame.messages) {
      client.messages.push(message);
      applyMessage(client, message);
    }
  });
  socket.on('close', (code, reason) => {
    client.closed = { code, reason: reason.toString('utf8') };
  });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return client;
}

const configMaps = (namespace: string): Record<string, string> => ({
  group: '',
  version: 'v1',
  resource: 'configmaps',
  namespace,
});

/** Subscribes until the answer is a snapshot (a new user's token file takes a moment to load). */
async function subscribeWhenAuthorized(
  client: TestClient,
  id: string,
  fields: Record<string, string>,
): Promise<void> {
  await eventually(async () => {
    const before = client.of(id).length;
    client.send({ type: 'subscribe', id, ...fields });
    await until(() => client.of(id).length > before, `an answer to ${id}`);
    return client
      .of(id)
      .slice(before)
      .some((m) => m.type === 'snapshot')
      ? true
      : undefined;
  }, `${id} to be authorized`);
}

describe('watch hub', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'podvisor-watch-hub-'));
  const credentials = new Map<string, Credential>([['admin', admin]]);
  const cleanups: (() => Promise<void> | void)[] = [];
  let port = 0;
  let cluster: RunningCluster;
  const kubeConfig = new KubeConfig();
  let direct: Upstream;
  let upstream: ReturnType<typeof gatedUpstream>;
  let hub: WatchHub;
  let url: string;

  const start = async (): Promise<void> => {
    cluster = await startCluster({ dataDir, port, logger, watchHistory: 50, controllers: 'none' });
  };
  /** Stops the API server and starts a new one on the same data directory and port. */
  const restart = async (): Promise<void> => {
    await cluster.close();
    await start();
    direct.close(); // its keep-alive connections died with the old server
    direct = createUpstream(kubeConfig);
  };
  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown) =>
    direct.json(admin, { method, path, ...(body === undefined ? {} : { body }) });
  const createNamespace = (name: string) =>
    call('POST', '/api/v1/namespaces', { metadata: { name } });
  const putConfigMap = async (namespace: string, name: string, data: Record<string, string>) => {
    const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data };
    const path = `/api/v1/namespaces/${namespace}/configmaps`;
    try {
      await call('PUT', `${path}/${name}`, body);
    } catch (error) {
      if (!(error instanceof UpstreamError) || error.code !== 404) throw error;
      await call('POST', path, body);
    }
  };
  const deleteConfigMap = (namespace: string, name: string) =>
    call('DELETE', `/api/v1/namespaces/${namespace}/configmaps/${name}`);
  const serverSet = async (namespace: string): Promise<Map<string, string>> => {
    const list = (await call('GET', `/api/v1/namespaces/${namespace}/configmaps`)) as {
      items: WatchObject[];
    };
    return new Map(
      list.items.map((o) => [o.metadata.name ?? '', o.metadata.resourceVersion ?? '']),
    );
  };

  /** Adds a bearer-token user bound to the `view` ClusterRole in `namespace`. */
  const addViewer = async (name: string, namespace: string): Promise<void> => {
    const user = addUser({ dataDir, name, groups: [] });
    credentials.set(name, { kind: 'bearer', token: user.token });
    await call('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}/rolebindings`, {
      metadata: { name: `${name}-view` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'User', name, apiGroup: 'rbac.authorization.k8s.io' }],
    });
  };

  /** A hub behind a real `ws` server; `?user=` picks the credential. */
  const serve = async (
    options: Partial<WatchHubOptions> = {},
  ): Promise<{ hub: WatchHub; url: string }> => {
    const served = createWatchHub({
      upstream,
      logger,
      backoffInitialMs: 50,
      backoffMaxMs: 500,
      ...options,
    });
    const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    server.on('connection', (socket, request) => {
      const user = new URL(request.url ?? '/', 'http://x').searchParams.get('user') ?? '';
      const credential = credentials.get(user);
      if (credential === undefined) socket.close(4401, 'unknown user');
      else served.attach(socket, credential);
    });
    await new Promise((resolve) => server.once('listening', resolve));
    cleanups.push(async () => {
      await served.close();
      for (const socket of server.clients) socket.terminate();
      await new Promise((resolve) => {
        server.close(resolve);
      });
    });
    const address = server.address() as AddressInfo;
    return { hub: served, url: `ws://127.0.0.1:${String(address.port)}/` };
  };
  const open = async (user = 'admin'): Promise<TestClient> => {
    const client = await connect(`${url}?user=${user}`);
    cleanups.push(() => {
      client.socket.terminate();
    });
    return client;
  };

  beforeAll(async () => {
    port = await freePort();
    await start();
    kubeConfig.loadFromFile(cluster.kubeconfigPath);
    direct = createUpstream(kubeConfig);
    upstream = gatedUpstream(createUpstream(kubeConfig));
    ({ hub, url } = await serve());
  });
  afterEach(async () => {
    upstream.release();
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    ({ hub, url } = await serve());
  });
  afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    upstream.close();
    direct.close();
    await cluster.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends a snapshot, then ADDED, MODIFIED and DELETED events, in batches', async () => {
    await createNamespace('basic');
    await putConfigMap('basic', 'a', { v: '0' });
    const client = await open();
    client.send({ type: 'subscribe', id: 's', ...configMaps('basic') });
    await until(() => client.of('s').length === 1, 'the snapshot');
    const [snapshot] = client.of('s');
    expect(snapshot).toMatchObject({
      type: 'snapshot',
      items: [{ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'a' }, data: { v: '0' } }],
    });

    await putConfigMap('basic', 'b', { v: '0' });
    await putConfigMap('basic', 'a', { v: '1' });
    await deleteConfigMap('basic', 'b');
    await until(() => client.of('s').length === 4, 'three events');
    expect(
      client
        .of('s')
        .map((m) => (m.type === 'event' ? `${m.event} ${m.object.metadata.name ?? ''}` : m.type)),
    ).toEqual(['snapshot', 'ADDED b', 'MODIFIED a', 'DELETED b']);
    expect(client.sets.get('s')).toEqual(await serverSet('basic'));
    expect(client.problems).toEqual([]);
  });

  it('shares one upstream watch per user and query, never across users', async () => {
    await createNamespace('shared');
    await putConfigMap('shared', 'one', { v: '1' });
    await putConfigMap('shared', 'two', { v: '2' });
    await addViewer('sharer', 'shared');
    const first = await open();
    const second = await open();
    first.send({ type: 'subscribe', id: 'a', ...configMaps('shared') });
    second.send({ type: 'subscribe', id: 'b', ...configMaps('shared') });
    await until(() => first.of('a').length === 1 && second.of('b').length === 1, 'snapshots');
    expect(hub.stats()).toMatchObject({ sockets: 2, subscriptions: 2, upstreamWatches: 1 });

    second.send({ type: 'subscribe', id: 'one', name: 'one', ...configMaps('shared') });
    await until(() => second.of('one').length === 1, 'the single-object snapshot');
    expect([...(second.sets.get('one')?.keys() ?? [])]).toEqual(['one']);
    expect(hub.stats().upstreamWatches).toBe(2);

    const other = await open('sharer');
    await subscribeWhenAuthorized(other, 'c', configMaps('shared'));
    expect(hub.stats()).toMatchObject({ subscriptions: 4, upstreamWatches: 3 });

    for (const [client, id] of [
      [first, 'a'],
      [second, 'b'],
      [second, 'one'],
      [other, 'c'],
    ] as const)
      client.send({ type: 'unsubscribe', id });
    await until(() => hub.stats().upstreamWatches === 0, 'every upstream watch to stop');
    expect(hub.stats().subscriptions).toBe(0);
  });

  it('answers 403 for a namespace the user may not list and never sends its objects', async () => {
    await createNamespace('allowed');
    await createNamespace('secret');
    await putConfigMap('secret', 'hidden', { v: 'x' });
    await addViewer('viewer', 'allowed');
    const client = await open('viewer');
    await subscribeWhenAuthorized(client, 'ok', configMaps('allowed'));

    client.send({ type: 'subscribe', id: 'secret', ...configMaps('secret') });
    client.send({
      type: 'subscribe',
      id: 'everywhere',
      group: '',
      version: 'v1',
      resource: 'configmaps',
    });
    await until(
      () => client.of('secret').length > 0 && client.of('everywhere').length > 0,
      'answers',
    );
    await putConfigMap('secret', 'hidden', { v: 'y' });
    await putConfigMap('allowed', 'marker', { v: '1' });
    await until(() => client.sets.get('ok')?.has('marker') === true, 'a later event elsewhere');

    for (const id of ['secret', 'everywhere']) {
      expect(client.of(id)).toEqual([
        {
          type: 'error',
          id,
          status: expect.objectContaining({ code: 403, reason: 'Forbidden' }) as unknown,
        },
      ]);
    }
    expect(JSON.stringify(client.messages)).not.toContain('hidden');
    expect(hub.stats().upstreamWatches).toBe(1);
  });

  it.each([
    [
      'a missing resource',
      { type: 'subscribe', id: 'x', group: '', version: 'v1' },
      'x',
      'resource',
    ],
    ['an unknown type', { type: 'watch', id: 'x' }, 'x', 'type'],
    ['a message without id', { type: 'unsubscribe' }, null, 'id'],
  ])('answers %s with a 400 naming the field', async (_, message, id, field) => {
    const client = await open();
    client.send(message);
    await until(() => client.messages.length === 1, 'the error');
    expect(client.messages[0]).toMatchObject({ type: 'error', id, status: { code: 400 } });
    const status = client.messages[0]?.type === 'error' ? client.messages[0].status : undefined;
    expect(status?.message.startsWith(`${field}: `)).toBe(true);
    expect(client.closed).toBeUndefined();
  });

  it('ends both subscriptions of a duplicated id with a 400 naming the id', async () => {
    await createNamespace('dup');
    const client = await open();
    client.send({ type: 'subscribe', id: 'd', ...configMaps('dup') });
    client.send({ type: 'subscribe', id: 'd', ...configMaps('dup') });
    await until(() => client.of('d').some((m) => m.type === 'error'), 'the error');
    expect(client.of('d').at(-1)).toMatchObject({ type: 'error', status: { code: 400 } });
    await until(() => hub.stats().upstreamWatches === 0, 'the watch to stop');
    expect(hub.stats().subscriptions).toBe(0);
  });

  it.each([
    ['a non-JSON frame', 'not json'],
    ['a huge frame', JSON.stringify({ type: 'unsubscribe', id: 'x'.repeat(100_000) })],
  ])('closes the socket with badMessage on %s', async (_, frame) => {
    const client = await open();
    client.send(frame);
    await until(() => client.closed !== undefined, 'the close');
    expect(client.closed?.code).toBe(watchCloseCodes.badMessage);
  });

  it('closes every socket with goingAway and stops every upstream watch when closed', async () => {
    await createNamespace('bye');
    const client = await open();
    client.send({ type: 'subscribe', id: 'b', ...configMaps('bye') });
    await until(() => client.of('b').length === 1, 'the snapshot');
    expect(hub.stats().upstreamWatches).toBe(1);
    await hub.close();
    await until(() => client.closed !== undefined, 'the close');
    expect(client.closed?.code).toBe(watchCloseCodes.goingAway);
    expect(hub.stats()).toMatchObject({ sockets: 0, subscriptions: 0, upstreamWatches: 0 });
  });

  it('stops sending events of a subscription once it is unsubscribed', async () => {
    await createNamespace('unsub');
    const client = await open();
    client.send({ type: 'subscribe', id: 'u', ...configMaps('unsub') });
    await until(() => client.of('u').length === 1, 'the snapshot');
    client.send({ type: 'unsubscribe', id: 'u' });
    await until(() => hub.stats().upstreamWatches === 0, 'the upstream watch to stop');
    await putConfigMap('unsub', 'late', { v: '1' });
    client.send({ type: 'subscribe', id: 'probe', ...configMaps('unsub') });
    await until(
      () => client.sets.get('probe')?.has('late') === true,
      'the probe to see the change',
    );
    expect(client.of('u')).toHaveLength(1);
  });

  it('survives an API server restart without losing or duplicating events', async () => {
    await createNamespace('restart');
    await putConfigMap('restart', 'r', { v: '0' });
    const client = await open();
    client.send({ type: 'subscribe', id: 'r', ...configMaps('restart') });
    await until(() => client.of('r').length === 1, 'the snapshot');
    const { resumes, relists } = hub.stats();
    await putConfigMap('restart', 'r', { v: '1' });
    await putConfigMap('restart', 'r', { v: '2' });
    await restart();
    for (const v of ['3', '4', '5']) await putConfigMap('restart', 'r', { v });
    await until(() => client.of('r').length === 6, 'every change');

    const values = client
      .of('r')
      .flatMap((m) =>
        m.type === 'snapshot'
          ? m.items.map((o) => o['data'])
          : m.type === 'event'
            ? [m.object['data']]
            : [],
      );
    expect(values).toEqual(['0', '1', '2', '3', '4', '5'].map((v) => ({ v })));
    expect(client.sets.get('r')).toEqual(await serverSet('restart'));
    expect(hub.stats().resumes).toBeGreaterThan(resumes);
    expect(hub.stats().relists).toBe(relists);
    expect(client.problems).toEqual([]);
  });

  it('relists after 410 Expired and sends a fresh snapshot that matches the server', async () => {
    await createNamespace('expire');
    for (const name of ['kept', 'changed', 'deleted'])
      await putConfigMap('expire', name, { v: '0' });
    const client = await open();
    client.send({ type: 'subscribe', id: 'e', ...configMaps('expire') });
    await until(() => client.of('e').length === 1, 'the snapshot');
    const relists = hub.stats().relists;

    upstream.hold();
    await restart(); // ends the upstream watch; its resumption waits at the gate
    await deleteConfigMap('expire', 'deleted');
    await putConfigMap('expire', 'added', { v: '0' });
    for (let i = 1; i <= 60; i += 1) await putConfigMap('expire', 'changed', { v: String(i) });
    upstream.release();

    await until(() => hub.stats().relists > relists, 'the relist');
    await until(
      () => client.of('e').filter((m) => m.type === 'snapshot').length === 2,
      'the fresh snapshot',
    );
    await putConfigMap('expire', 'after', { v: '0' });
    await until(() => client.sets.get('e')?.has('after') === true, 'a change after the relist');
    expect(client.sets.get('e')).toEqual(await serverSet('expire'));
    expect(client.problems).toEqual([]);
  });

  it('delivers a snapshot bigger than maxBufferedBytes to a client that reads', async () => {
    await createNamespace('big');
    const blob = randomBytes(100 * 1024).toString('base64');
    for (let i = 0; i < 8; i += 1) await putConfigMap('big', `c${String(i)}`, { blob });
    const small = await serve({ maxBufferedBytes: 64 * 1024 });
    const client = await connect(`${small.url}?user=admin`);
    cleanups.push(() => {
      client.socket.terminate();
    });
    client.send({ type: 'subscribe', id: 'a', ...configMaps('big') });
    client.send({ type: 'subscribe', id: 'b', ...configMaps('big') });
    await until(() => client.of('a').length === 1 && client.of('b').length === 1, 'the snapshots');
    await putConfigMap('big', 'c0', { blob: 'changed' });
    await until(() => client.of('a').length === 2 && client.of('b').length === 2, 'the events');
    expect(client.sets.get('a')?.size).toBe(8);
    expect(client.closed).toBeUndefined();
    expect(small.hub.stats().tooSlowClosed).toBe(0);
  });

  it('closes a client that does not read with tooSlow and releases its subscriptions', async () => {
    await createNamespace('slow');
    const slow = await serve({ maxBufferedBytes: 64 * 1024 });
    const client = await connect(`${slow.url}?user=admin`);
    cleanups.push(() => {
      client.socket.terminate();
    });
    client.send({ type: 'subscribe', id: 's', ...configMaps('slow') });
    await until(() => client.of('s').length === 1, 'the snapshot');
    (client.socket as unknown as { _socket: Socket })._socket.pause();

    const blob = randomBytes(150 * 1024).toString('base64');
    for (let i = 0; i < 300 && slow.hub.stats().tooSlowClosed === 0; i += 1)
      await putConfigMap('slow', 'big', { v: String(i), blob });
    expect(slow.hub.stats()).toMatchObject({ tooSlowClosed: 1, sockets: 0, subscriptions: 0 });
    await until(() => slow.hub.stats().upstreamWatches === 0, 'the upstream watch to stop');

    (client.socket as unknown as { _socket: Socket })._socket.resume();
    await until(() => client.closed !== undefined, 'the close frame');
    expect(client.closed).toEqual({
      code: watchCloseCodes.tooSlow,
      reason: expect.any(String) as unknown,
    });
  });
});
