// Backpressure between two real local websockets (no API server needed: the session is given
// its upstream socket directly, so the test can watch it being paused and resumed).
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { until } from '@podvisor/cluster/testing';
import { createLogger } from '@podvisor/kube';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { ConsoleSession } from './console-session.ts';

const logger = createLogger({ component: 'console-session-test', level: 'silent' });
const servers: Server[] = [];

/** An HTTP server with a WebSocketServer; resolves with its ws:// URL. */
async function listen(onSocket: (socket: WebSocket) => void): Promise<string> {
  const server = createServer();
  servers.push(server);
  new WebSocketServer({ server }).on('connection', onSocket);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `ws://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
}

afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

describe('ConsoleSession backpressure', () => {
  it('pauses the console while the browser does not read, and resumes without losing bytes', async () => {
    const frameBytes = 64 * 1024;
    const frames = 384; // 24 MiB: more than the loopback socket buffers can hold
    let console: WebSocket | undefined;
    const consoleUrl = await listen((far) => {
      for (let i = 0; i < frames; i++) far.send(Buffer.alloc(frameBytes, i % 256));
    });
    const routerUrl = await listen((browserSide) => {
      new ConsoleSession({
        browser: browserSide,
        connect: () => {
          console = new WebSocket(consoleUrl);
          return Promise.resolve(console);
        },
        logger,
        maxPendingBytes: 1024,
        highWaterBytes: frameBytes,
        onEnd: () => undefined,
      }).start();
    });
    const browser = new WebSocket(routerUrl);
    const received: Buffer[] = [];
    browser.on('message', (data: RawData) => received.push(data as Buffer));
    await once(browser, 'open');
    browser.pause();
    await until(() => console?.isPaused === true, 'the session to pause the console socket', 4_000);
    browser.resume();
    await until(() => received.length === frames, 'every frame');
    expect(console?.isPaused).toBe(false);
    expect(received.every((frame, i) => frame.length === frameBytes && frame[0] === i % 256)).toBe(
      true,
    );
    browser.close();
  });
});
