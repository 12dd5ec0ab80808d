import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { keepAlive } from './keep-alive.ts';

let server: WebSocketServer | undefined;

afterEach(() => {
  server?.close();
});

async function pair(): Promise<{ served: WebSocket; client: WebSocket }> {
  server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const client = new WebSocket(`ws://127.0.0.1:${String(port)}`, { autoPong: false });
  const [served] = (await once(server, 'connection')) as [WebSocket];
  await once(client, 'open');
  return { served, client };
}

describe('keepAlive', () => {
  it('keeps a socket whose peer answers pings', async () => {
    const { served, client } = await pair();
    client.on('ping', () => {
      client.pong();
    });
    keepAlive(served, 20);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(served.readyState).toBe(WebSocket.OPEN);
    client.close();
  });

  it('terminates a socket whose peer stopped answering', async () => {
    const { served, client } = await pair();
    keepAlive(served, 20);
    const [[code]] = (await Promise.all([once(client, 'close'), once(served, 'close')])) as [
      [number],
      unknown,
    ];
    expect(code).toBe(1006);
  });
});
