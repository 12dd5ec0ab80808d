import { mkdtempSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@podvisor/kube';
import { afterEach, describe, expect, it } from 'vitest';
import { SerialConsoleHub, type ConsoleViewer } from './serial-console-hub.ts';

const logger = createLogger({ component: 'test', level: 'silent' });

/** A stand-in for QEMU's serial socket: records input, counts connections. */
async function fakeSerial(): Promise<{
  path: string;
  server: Server;
  clients: Socket[];
  input: () => string;
}> {
  const path = join(mkdtempSync(join(tmpdir(), 'serial-hub-')), 'serial.sock');
  const clients: Socket[] = [];
  const chunks: Buffer[] = [];
  const server = createServer((socket) => {
    clients.push(socket);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return { path, server, clients, input: () => Buffer.concat(chunks).toString() };
}

const open = (path: string) => (): Promise<Socket> =>
  new Promise((resolve, reject) => {
    const socket = connect(path, () => {
      resolve(socket);
    });
    socket.once('error', reject);
  });

/** A viewer that records what it gets. */
function viewer(): ConsoleViewer & { text: () => string; ended: string[] } {
  const chunks: Buffer[] = [];
  const ended: string[] = [];
  return {
    send: (chunk) => chunks.push(chunk),
    end: (reason) => ended.push(reason),
    text: () => Buffer.concat(chunks).toString(),
    ended,
  };
}

async function until(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

describe('SerialConsoleHub', () => {
  it('shares one serial connection: every viewer sees the output, any viewer may type', async () => {
    const serial = await fakeSerial();
    servers.push(serial.server);
    const hub = new SerialConsoleHub({ logger });
    const [a, b] = [viewer(), viewer()];
    const [attachA, attachB] = await Promise.all([
      hub.attach('vm', open(serial.path), a),
      hub.attach('vm', open(serial.path), b),
    ]);
    await until('the connection', () => serial.clients.length === 1);
    attachB.write(Buffer.from('echo $((6*7))\n'));
    await until('the input', () => serial.input() === 'echo $((6*7))\n');
    serial.clients[0]?.write('42\r\n');
    await until('the output', () => a.text() === '42\r\n' && b.text() === '42\r\n');
    expect(serial.clients).toHaveLength(1);
    attachA.detach();
  });

  it('replays the scrollback to a viewer that joins later, even after the others left', async () => {
    const serial = await fakeSerial();
    servers.push(serial.server);
    const hub = new SerialConsoleHub({ logger, scrollbackBytes: 8 });
    const first = viewer();
    const watcher = viewer();
    const attached = await hub.attach('vm', open(serial.path), first);
    await hub.attach('vm', open(serial.path), watcher);
    await until('the connection', () => serial.clients.length === 1);
    serial.clients[0]?.write('boot messages\n');
    await until('the output', () => first.text() === 'boot messages\n');
    attached.detach();
    serial.clients[0]?.write('login:');
    await until('more output', () => watcher.text().endsWith('login:'));
    const late = viewer();
    await hub.attach('vm', open(serial.path), late);
    expect(late.text()).toBe('s\nlogin:');
    expect(first.text()).toBe('boot messages\n');
    expect(serial.clients).toHaveLength(1);
  });

  it('ends every viewer with the reason when the socket closes, and reconnects for the next', async () => {
    const serial = await fakeSerial();
    servers.push(serial.server);
    const hub = new SerialConsoleHub({ logger });
    const [a, b] = [viewer(), viewer()];
    await hub.attach('vm', open(serial.path), a);
    await hub.attach('vm', open(serial.path), b);
    await until('the connection', () => serial.clients.length === 1);
    serial.clients[0]?.destroy();
    await until('the end', () => a.ended.length === 1 && b.ended.length === 1);
    expect(a.ended[0]).toMatch(/serial console closed: the VM stopped/);
    expect(hub.size).toBe(0);
    await hub.attach('vm', open(serial.path), viewer());
    await until('a new connection', () => serial.clients.length === 2);
  });

  it('does not pass input from a viewer that left', async () => {
    const serial = await fakeSerial();
    servers.push(serial.server);
    const hub = new SerialConsoleHub({ logger });
    const gone = await hub.attach('vm', open(serial.path), viewer());
    const stays = await hub.attach('vm', open(serial.path), viewer());
    gone.detach();
    gone.write(Buffer.from('ignored'));
    stays.write(Buffer.from('kept'));
    await until('the input', () => serial.input() === 'kept');
  });

  it('rejects when the socket cannot be opened, and on a closed hub', async () => {
    const hub = new SerialConsoleHub({ logger });
    await expect(hub.attach('vm', open('/nonexistent/serial.sock'), viewer())).rejects.toThrow(
      /ENOENT/,
    );
    hub.close('virt-handler is shutting down');
    await expect(hub.attach('vm', open('/nonexistent/serial.sock'), viewer())).rejects.toThrow(
      /shutting down/,
    );
  });
});
