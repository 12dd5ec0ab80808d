// @vitest-environment node
// eslint-disable-next-line import-x/no-nodejs-modules -- runs in Node: a TCP relay that can drop the BFF's connections
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, type RawData } from 'ws';
import type { WatchObject } from '@podvisor/bff/protocol';
import { serveTestBff, signInWithToken, type SignedIn, type TestBff } from '@podvisor/bff/testing';
import { addUser } from '@podvisor/cluster';
import { eventually, startTestCluster, until, type TestCluster } from '@podvisor/cluster/testing';
import {
  createWatchSocket,
  watchObjectKey,
  type WatchSocket,
  type WatchSocketState,
  type WatchUpdate,
  type WebSocketLike,
} from './watch-socket.ts';

/** A TCP relay in front of the BFF whose `cut()` drops every connection (the server side goes away). */
interface Relay {
  readonly url: string;
  cut(): void;
  close(): Promise<void>;
}

let cluster: TestCluster;
let served: TestBff;
let session: SignedIn;
let relay: Relay;

async function startRelay(target: URL): Promise<Relay> {
  const sockets = new Set<Socket>();
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    track(client);
    track(upstream);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `ws://127.0.0.1:${String(port)}`,
    cut: () => {
      for (const socket of sockets) socket.destroy();
    },
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}

/** What a browser tab of the console opens: a websocket sending the page's Origin and cookies. */
function browserSocket(url: string): WebSocketLike {
  const ws = new WebSocket(url, { headers: { Origin: served.url, Cookie: session.cookie } });
  const like: WebSocketLike = {
    get readyState() {
      return ws.readyState;
    },
    onopen: null,
    onmessage: null,
    onclose: null,
    onerror: null,
    send: (data) => {
      ws.send(data);
    },
    close: (code, reason) => {
      ws.close(code, reason);
    },
  };
  ws.on('open', () => like.onopen?.(new Event('open')));
  ws.on('message', (data: RawData, isBinary: boolean) => {
    const text = isBinary ? '' : Buffer.from(data as Buffer).toString('utf8');
    like.onmessage?.(new MessageEvent('message', { data: text }));
  });
  ws.on('close', (code: number, reason: Buffer) => {
    like.onclose?.(new CloseEvent('close', { code, reason: reason.toString() }));
  });
  ws.on('error', () => like.onerror?.(new Event('error')));
  return like;
}

function newWatchSocket(): WatchSocket {
  return createWatchSocket({
    url: `${relay.url}/api/watch`,
    createSocket: browserSocket,
    backoff: { initialMs: 50, maxMs: 500 },
  });
}

/** A listener that keeps the current set the way a component would, and every update. */
function liveSet(): {
  updates: WatchUpdate[];
  names(): string[];
  listener: (update: WatchUpdate) => void;
} {
  const updates: WatchUpdate[] = [];
  const items = new Map<string, WatchObject>();
  return {
    updates,
    names: () => [...items.values()].map((item) => item.metadata.name ?? '').sort(),
    listener: (update) => {
      updates.push(update);
      if (update.kind === 'snapshot') items.clear();
      if (update.kind === 'snapshot') for (const i of update.items) items.set(watchObjectKey(i), i);
      if (update.kind === 'event' && update.event === 'DELETED')
        items.delete(watchObjectKey(update.object));
      else if (update.kind === 'event') items.set(watchObjectKey(update.object), update.object);
    },
  };
}

async function gauge(name: string): Promise<number> {
  const text = await (await fetch(`${served.url}/metrics`)).text();
  const match = new RegExp(`^${name} (\\d+)$`, 'm').exec(text);
  return Number(match?.[1] ?? Number.NaN);
}

async function kubectl(...args: string[]): Promise<void> {
  const result = await cluster.kubectl(args);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
}

const configMaps = { group: '', version: 'v1', resource: 'configmaps', namespace: 'demo' };

beforeAll(async () => {
  cluster = await startTestCluster();
  await kubectl('create', 'namespace', 'demo');
  await kubectl('create', 'configmap', 'first', '-n', 'demo');
  const user = addUser({ dataDir: cluster.dataDir, name: 'vera', groups: [] });
  await kubectl(
    'create',
    'rolebinding',
    'vera-edit',
    '--clusterrole=edit',
    '--user=vera',
    '-n',
    'demo',
  );
  served = await serveTestBff(cluster.kubeconfigPath);
  session = await signInWithToken(served.url, user.token);
  relay = await startRelay(new URL(served.url));
}, 60_000);

afterEach(async () => {
  // Each test starts with the BFF holding no socket of an earlier one.
  await eventually(
    async () => ((await gauge('podvisor_bff_watch_sockets')) === 0 ? true : undefined),
    'the BFF to see every watch socket closed',
  );
});

afterAll(async () => {
  await relay.close();
  await served.close();
  await cluster.close();
});

describe('the watch socket against the BFF', () => {
  it('delivers the snapshot, then the changes kubectl makes', async () => {
    const socket = newWatchSocket();
    const set = liveSet();
    try {
      socket.subscribe(configMaps, set.listener);
      await until(() => set.updates.some((u) => u.kind === 'snapshot'), 'the snapshot');
      expect(set.names()).toContain('first');
      await kubectl('create', 'configmap', 'second', '-n', 'demo');
      await until(() => set.names().includes('second'), 'the ADDED event');
      await kubectl('delete', 'configmap', 'second', '-n', 'demo');
      await until(() => !set.names().includes('second'), 'the DELETED event');
      expect(set.updates[0]?.kind).toBe('snapshot');
      expect(set.updates.slice(1).map((u) => u.kind === 'event' && u.event)).toEqual(
        expect.arrayContaining(['ADDED', 'DELETED']),
      );
    } finally {
      socket.close();
    }
  });

  it('shares one server subscription between identical queries, and ends it and the socket after the last listener leaves', async () => {
    const socket = newWatchSocket();
    const [a, b] = [liveSet(), liveSet()];
    const stopA = socket.subscribe(configMaps, a.listener);
    const stopB = socket.subscribe({ ...configMaps }, b.listener);
    await until(() => a.names().includes('first') && b.names().includes('first'), 'both sets');
    expect(await gauge('podvisor_bff_watch_subscriptions')).toBe(1);
    expect(await gauge('podvisor_bff_watch_sockets')).toBe(1);
    stopA();
    stopB();
    await eventually(
      async () => ((await gauge('podvisor_bff_watch_subscriptions')) === 0 ? true : undefined),
      'the server subscription to end',
    );
    expect(socket.state()).toBe('closed');
  });

  it('reconnects after the server side drops the socket, resubscribes, and a fresh snapshot replaces the set', async () => {
    const socket = newWatchSocket();
    const states: WatchSocketState[] = [];
    socket.onState((state) => states.push(state));
    const set = liveSet();
    try {
      socket.subscribe(configMaps, set.listener);
      await until(() => set.names().includes('first'), 'the snapshot');
      relay.cut();
      await kubectl('create', 'configmap', 'while-away', '-n', 'demo');
      await until(
        () => set.updates.filter((u) => u.kind === 'snapshot').length === 2,
        'a fresh snapshot',
      );
      await until(() => set.names().includes('while-away'), 'the change made while away');
      expect(states).toEqual(['connecting', 'open', 'reconnecting', 'open']);
      expect(set.names()).toContain('first');
      expect(await gauge('podvisor_bff_watch_subscriptions')).toBe(1);
    } finally {
      socket.close();
    }
  });
});
