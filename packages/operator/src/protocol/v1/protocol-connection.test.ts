import type { VirtualMachineInstance } from '@podvisor/api';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duplex } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DomainStatus } from './domain-status.ts';
import type { DomainEvent } from './events.ts';
import { encodeFrame, FrameDecoder } from './frame-decoder.ts';
import {
  type ConnectionOptions,
  ProtocolConnection,
  type RequestHandlers,
} from './protocol-connection.ts';
import { ProtocolError } from './protocol-error.ts';
import { RemoteError } from './remote-error.ts';

const status: DomainStatus = {
  name: 'default_vm',
  state: 'Running',
  reason: 'Booted',
  accel: 'tcg',
};
const vmi: VirtualMachineInstance = {
  metadata: { name: 'vm', namespace: 'default' },
  spec: { domain: { devices: {} } },
};
const handlerSide: ConnectionOptions = { role: 'handler' };
const launcherSide: ConnectionOptions = { role: 'launcher', podUid: 'pod-1', vmiUid: 'vmi-1' };
const v1Hello = { protocol: 'podvisor.launcher/v1', role: 'launcher' };

let dir: string;
let server: Server;
let serverSockets: Socket[] = [];
let clientSockets: Socket[] = [];
let connections: ProtocolConnection[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'podvisor-protocol-'));
  server = createServer();
  await new Promise<void>((resolve) => server.listen(join(dir, 'test.sock'), resolve));
});

afterEach(async () => {
  await Promise.all(connections.map((connection) => connection.close()));
  for (const socket of [...serverSockets, ...clientSockets]) socket.destroy();
  connections = [];
  serverSockets = [];
  clientSockets = [];
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

/** Two ends of a real unix-socket connection: [dialing end, accepting end]. */
async function socketPair(): Promise<[Socket, Socket]> {
  const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
  const client = connect(join(dir, 'test.sock'));
  await new Promise((resolve) => client.once('connect', resolve));
  const serverSocket = await accepted;
  clientSockets.push(client);
  serverSockets.push(serverSocket);
  return [client, serverSocket];
}

/** A connected pair: the launcher dials, the handler accepts. */
async function connectedPair(
  handler: Partial<ConnectionOptions> = {},
  launcher: Partial<ConnectionOptions> = {},
): Promise<{ handler: ProtocolConnection; launcher: ProtocolConnection }> {
  const [dialing, accepting] = await socketPair();
  const [launcherConnection, handlerConnection] = await Promise.all([
    ProtocolConnection.dial(dialing, { ...launcherSide, ...launcher }),
    ProtocolConnection.accept(accepting, { ...handlerSide, ...handler }),
  ]);
  connections.push(launcherConnection, handlerConnection);
  return { handler: handlerConnection, launcher: launcherConnection };
}

/** A peer that speaks raw frames, to send what a well-behaved peer never would. */
function rawPeer(socket: Socket): {
  socket: Socket;
  send: (message: unknown) => void;
  next: () => Promise<unknown>;
  closed: Promise<void>;
} {
  const decoder = new FrameDecoder();
  const received: unknown[] = [];
  const waiters: ((message: unknown) => void)[] = [];
  socket.on('data', (chunk: Buffer) => {
    for (const message of decoder.push(chunk)) {
      const waiter = waiters.shift();
      if (waiter === undefined) received.push(message);
      else waiter(message);
    }
  });
  return {
    socket,
    send: (message) => {
      socket.write(encodeFrame(message));
    },
    next: () =>
      received.length > 0
        ? Promise.resolve(received.shift())
        : new Promise((resolve) => waiters.push(resolve)),
    closed: new Promise((resolve) =>
      socket.once('close', () => {
        resolve();
      }),
    ),
  };
}

/** Accepts with a real connection while a raw peer dials. */
async function rawDialer(
  options: Partial<ConnectionOptions> = {},
): Promise<{ raw: ReturnType<typeof rawPeer>; accepted: Promise<ProtocolConnection> }> {
  const [dialing, accepting] = await socketPair();
  const accepted = ProtocolConnection.accept(accepting, { ...handlerSide, ...options });
  accepted.then((connection) => connections.push(connection)).catch(() => undefined);
  return { raw: rawPeer(dialing), accepted };
}

/** A raw dialer that has finished the handshake with a real accepting connection. */
async function rawAfterHandshake(
  options: Partial<ConnectionOptions> = {},
): Promise<{ raw: ReturnType<typeof rawPeer>; connection: ProtocolConnection }> {
  const { raw, accepted } = await rawDialer(options);
  raw.send(v1Hello);
  await raw.next();
  return { raw, connection: await accepted };
}

function closeReasonOf(connection: ProtocolConnection): Promise<ProtocolError> {
  return new Promise((resolve) => {
    connection.onClose(resolve);
  });
}

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

describe('handshake', () => {
  it('exchanges Hellos: each side sees who the other is', async () => {
    const { handler, launcher } = await connectedPair();
    expect(handler.peer).toEqual({
      protocol: 'podvisor.launcher/v1',
      role: 'launcher',
      podUid: 'pod-1',
      vmiUid: 'vmi-1',
    });
    expect(launcher.peer).toEqual({ protocol: 'podvisor.launcher/v1', role: 'handler' });
  });

  it('refuses a dialer of another version and tells it why before closing', async () => {
    const { raw, accepted } = await rawDialer();
    raw.send({ protocol: 'podvisor.launcher/v2', role: 'launcher' });
    await expect(accepted).rejects.toMatchObject({
      code: 'VersionMismatch',
      message:
        'got a Hello for podvisor.launcher/v2, but this side speaks only podvisor.launcher/v1',
    });
    await expect(raw.next()).resolves.toEqual({
      error: { code: 'VersionMismatch', message: expect.stringContaining('v2') as unknown },
    });
    await raw.closed;
  });

  it.each([
    ['refuses the dialer', { error: { code: 'VersionMismatch', message: 'v2 only' } }],
    ['answers with another version', { protocol: 'podvisor.launcher/v2', role: 'handler' }],
  ])('fails the dial with VersionMismatch when the acceptor %s', async (_name, answer) => {
    const [dialing, accepting] = await socketPair();
    const raw = rawPeer(accepting);
    const dialed = ProtocolConnection.dial(dialing, launcherSide);
    await expect(raw.next()).resolves.toMatchObject({ protocol: 'podvisor.launcher/v1' });
    raw.send(answer);
    await expect(dialed).rejects.toMatchObject({ code: 'VersionMismatch' });
  });

  it.each([
    ['a request before the Hello', { id: 1, method: 'Ping', params: {} }, /expected a Hello first/],
    [
      'a Hello with an unknown role',
      { ...v1Hello, role: 'kubelet' },
      /^hello\.role: must be one of/,
    ],
    ['a message of no known shape', { hi: true }, /^message: must have one of/],
  ])('refuses %s with InvalidMessage', async (_name, first, message) => {
    const { raw, accepted } = await rawDialer();
    raw.send(first);
    await expect(accepted).rejects.toMatchObject({ code: 'InvalidMessage', message });
    await expect(raw.next()).resolves.toMatchObject({ error: { code: 'InvalidMessage' } });
  });

  it('refuses a peer that is not the expected pod, on both sides', async () => {
    const [dialing, accepting] = await socketPair();
    const results = await Promise.allSettled([
      ProtocolConnection.dial(dialing, launcherSide),
      ProtocolConnection.accept(accepting, { ...handlerSide, expectPeer: { podUid: 'pod-2' } }),
    ]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(results[1]).toMatchObject({
      reason: {
        code: 'PeerMismatch',
        message: `the peer's Hello has podUid "pod-1", expected "pod-2"`,
      },
    });
    expect(results[0]).toMatchObject({ reason: { code: 'PeerMismatch' } });
  });

  it('times out when the peer never says Hello', async () => {
    const { raw, accepted } = await rawDialer({ handshakeTimeoutMs: 20 });
    await expect(accepted).rejects.toMatchObject({ code: 'Timeout', message: /no Hello/ });
    await raw.closed;
  });

  it('serves a request pipelined right behind the Hello', async () => {
    const { raw } = await rawDialer({ requests: { Ping: () => ({}) } });
    raw.send(v1Hello);
    raw.send({ id: 7, method: 'Ping', params: {} });
    await expect(raw.next()).resolves.toMatchObject({ protocol: 'podvisor.launcher/v1' });
    await expect(raw.next()).resolves.toEqual({ id: 7, result: {} });
  });
});

describe('requests', () => {
  it('round-trips Sync with typed params and result', async () => {
    const seen: unknown[] = [];
    const { handler } = await connectedPair(
      {},
      {
        requests: {
          Sync: (params) => {
            seen.push(params);
            return status;
          },
        },
      },
    );
    const params = { vmi, options: { useEmulation: true } };
    await expect(handler.request('Sync', params)).resolves.toEqual(status);
    expect(seen).toEqual([params]);
  });

  it.each(['Pause', 'Unpause', 'Kill', 'Reset', 'SoftReboot', 'GetDomain'] as const)(
    'round-trips %s, including a null result',
    async (method) => {
      const results = [status, null];
      const requests: RequestHandlers = { [method]: () => results.shift() ?? null };
      const { handler } = await connectedPair({}, { requests });
      await expect(handler.request(method, {})).resolves.toEqual(status);
      await expect(handler.request(method, {})).resolves.toBeNull();
    },
  );

  it('serves requests in both directions on one connection', async () => {
    const { handler, launcher } = await connectedPair(
      { requests: { Ping: () => ({}) } },
      {
        requests: {
          Shutdown: ({ gracePeriodSeconds }) => ({
            ...status,
            reason: `grace ${gracePeriodSeconds ?? 0}`,
          }),
        },
      },
    );
    await expect(launcher.request('Ping', {})).resolves.toEqual({});
    await expect(handler.request('Shutdown', { gracePeriodSeconds: 5 })).resolves.toMatchObject({
      reason: 'grace 5',
    });
  });

  it('uses handlers registered after the handshake', async () => {
    const { handler, launcher } = await connectedPair();
    launcher.onRequest({ Screenshot: () => ({ png: 'iVBORw==' }) });
    await expect(handler.request('Screenshot', {})).resolves.toEqual({ png: 'iVBORw==' });
  });

  it('answers NotImplemented for a method this side does not serve', async () => {
    const { handler } = await connectedPair();
    await expect(handler.request('GuestInfo', {})).rejects.toMatchObject({
      name: 'RemoteError',
      code: 'NotImplemented',
      message: 'GuestInfo failed on the peer (NotImplemented): this peer does not serve GuestInfo',
    });
  });

  it('passes the thrown error name and message to the caller', async () => {
    class DomainConversionError extends Error {
      override readonly name = 'DomainConversionError';
    }
    const { handler } = await connectedPair(
      {},
      {
        requests: {
          Sync: () => {
            throw new DomainConversionError('spec.domain.devices.disks[0]: no volume named "root"');
          },
          Kill: () => Promise.reject(new Error('virsh destroy failed')),
        },
      },
    );
    const syncFailure = handler.request('Sync', { vmi });
    await expect(syncFailure).rejects.toBeInstanceOf(RemoteError);
    await expect(syncFailure).rejects.toMatchObject({
      code: 'DomainConversionError',
      message: expect.stringContaining('no volume named "root"') as unknown,
    });
    await expect(handler.request('Kill', {})).rejects.toMatchObject({ code: 'Failed' });
  });

  it('answers InvalidParams naming the field, and keeps serving', async () => {
    const { raw } = await rawAfterHandshake({ requests: { Sync: () => status, Ping: () => ({}) } });
    raw.send({ id: 1, method: 'Sync', params: { vmi: { ...vmi, metadata: { name: 42 } } } });
    await expect(raw.next()).resolves.toEqual({
      id: 1,
      error: {
        code: 'InvalidParams',
        message: 'params.vmi.metadata.name: must be a string, got a number',
      },
    });
    raw.send({ id: 2, method: 'Ping', params: {} });
    await expect(raw.next()).resolves.toEqual({ id: 2, result: {} });
  });

  it('answers MethodNotFound for a method this version does not know', async () => {
    const { raw } = await rawAfterHandshake();
    raw.send({ id: 1, method: 'Freeze', params: {} });
    await expect(raw.next()).resolves.toEqual({
      id: 1,
      error: { code: 'MethodNotFound', message: 'unknown method "Freeze"' },
    });
  });

  it('rejects a result of the wrong shape with InvalidResult, and stays usable', async () => {
    const { raw, connection } = await rawAfterHandshake();
    const answer = connection.request('GetDomain', {});
    await expect(raw.next()).resolves.toEqual({ id: 1, method: 'GetDomain', params: {} });
    raw.send({ id: 1, result: { ...status, state: 'Zombie' } });
    await expect(answer).rejects.toMatchObject({
      code: 'InvalidResult',
      message: expect.stringMatching(
        /^GetDomain answered with an invalid result: result\.state:/,
      ) as unknown,
    });
    const ping = connection.request('Ping', {});
    await expect(raw.next()).resolves.toMatchObject({ id: 2, method: 'Ping' });
    raw.send({ id: 2, result: {} });
    await expect(ping).resolves.toEqual({});
  });

  it('times out, and drops the late answer quietly', async () => {
    const late = deferred<DomainStatus | null>();
    const errors: ProtocolError[] = [];
    const { handler } = await connectedPair(
      {},
      { requests: { GetDomain: () => late.promise, Ping: () => ({}) } },
    );
    handler.onError((error) => errors.push(error));
    await expect(handler.request('GetDomain', {}, { timeoutMs: 20 })).rejects.toMatchObject({
      code: 'Timeout',
      message: 'GetDomain got no answer within 20 ms',
    });
    late.resolve(status);
    await expect(handler.request('Ping', {})).resolves.toEqual({});
    expect(errors).toEqual([]);
  });

  it('reports an answer to a request that was never sent', async () => {
    const { raw, connection } = await rawAfterHandshake();
    const reported = new Promise((resolve) => {
      connection.onError(resolve);
    });
    raw.send({ id: 99, result: {} });
    await expect(reported).resolves.toMatchObject({
      code: 'UnexpectedResponse',
      message: /request 99/,
    });
  });

  it('fails pending requests when the peer closes mid-request', async () => {
    const { handler, launcher } = await connectedPair();
    const started = deferred<undefined>();
    launcher.onRequest({
      Sync: () => {
        started.resolve(undefined);
        return new Promise<DomainStatus>(() => undefined);
      },
    });
    const sync = expect(handler.request('Sync', { vmi })).rejects.toMatchObject({
      code: 'ConnectionClosed',
      message: 'Sync got no answer: the peer closed the connection',
    });
    await started.promise;
    const closed = closeReasonOf(handler);
    await launcher.close();
    await sync;
    await expect(closed).resolves.toMatchObject({ code: 'ConnectionClosed' });
  });

  it('fails pending requests on close(), and refuses new ones', async () => {
    const { handler } = await connectedPair(
      {},
      { requests: { Ping: () => new Promise(() => undefined) } },
    );
    const ping = expect(handler.request('Ping', {})).rejects.toMatchObject({
      code: 'ConnectionClosed',
    });
    await handler.close();
    await ping;
    await expect(handler.request('Ping', {})).rejects.toMatchObject({
      code: 'ConnectionClosed',
      message: 'cannot send Ping: the connection was closed by this side',
    });
    await expect(handler.sendEvent('LauncherExiting', { reason: 'x' })).rejects.toBeInstanceOf(
      ProtocolError,
    );
  });

  it('refuses to send a request larger than the frame limit, and stays open', async () => {
    const { handler } = await connectedPair(
      { maxFrameBytes: 1000 },
      { requests: { Ping: () => ({}) } },
    );
    const big = { ...vmi, metadata: { name: 'x'.repeat(2000) } };
    await expect(handler.request('Sync', { vmi: big })).rejects.toMatchObject({
      code: 'FrameTooLarge',
    });
    await expect(handler.request('Ping', {})).resolves.toEqual({});
  });

  it('answers FrameTooLarge when a result does not fit in a frame', async () => {
    const png = 'A'.repeat(4000);
    const { handler } = await connectedPair(
      {},
      { maxFrameBytes: 1000, requests: { Screenshot: () => ({ png }) } },
    );
    await expect(handler.request('Screenshot', {})).rejects.toMatchObject({
      name: 'RemoteError',
      code: 'FrameTooLarge',
    });
  });
});

describe('events', () => {
  const crash: DomainEvent = {
    type: 'Crashed',
    reason: 'Panicked',
    status: { ...status, state: 'Crashed', reason: 'Panicked' },
    timestamp: '2026-03-01T12:00:00Z',
  };

  it('delivers events in both directions', async () => {
    const handlerGot = deferred<DomainEvent>();
    const launcherGot = deferred<unknown>();
    const { handler, launcher } = await connectedPair(
      { events: { DomainEvent: handlerGot.resolve } },
      { events: { LauncherExiting: launcherGot.resolve } },
    );
    await launcher.sendEvent('DomainEvent', crash);
    await handler.sendEvent('LauncherExiting', { reason: 'test' });
    await expect(handlerGot.promise).resolves.toEqual(crash);
    await expect(launcherGot.promise).resolves.toEqual({ reason: 'test' });
  });

  it('reports invalid event data naming the field, without closing', async () => {
    const got: unknown[] = [];
    const { raw, connection } = await rawAfterHandshake({
      events: { DomainEvent: (data) => got.push(data) },
    });
    const reported = new Promise((resolve) => {
      connection.onError(resolve);
    });
    raw.send({ event: 'DomainEvent', data: { ...crash, status: { ...crash.status, accel: 'x' } } });
    await expect(reported).resolves.toMatchObject({
      code: 'InvalidMessage',
      message: expect.stringMatching(
        /^DomainEvent: data\.status\.accel: must be one of kvm, tcg/,
      ) as unknown,
    });
    raw.send({ event: 'DomainEvent', data: crash });
    await expect.poll(() => got).toEqual([crash]);
    expect(connection.closeReason).toBeUndefined();
  });

  it('ignores events this version does not know (a newer peer may send them)', async () => {
    const errors: unknown[] = [];
    const got = deferred<unknown>();
    const { raw, connection } = await rawAfterHandshake({
      events: { LauncherExiting: got.resolve },
    });
    connection.onError((error) => errors.push(error));
    raw.send({ event: 'GuestPanicDump', data: { bytes: 1 } });
    raw.send({ event: 'LauncherExiting', data: { reason: 'after' } });
    await expect(got.promise).resolves.toEqual({ reason: 'after' });
    expect(errors).toEqual([]);
  });

  it('reports a listener that throws as ListenerFailed', async () => {
    const { handler, launcher } = await connectedPair({
      events: {
        LauncherExiting: () => {
          throw new Error('listener bug');
        },
      },
    });
    const reported = new Promise((resolve) => {
      handler.onError(resolve);
    });
    await launcher.sendEvent('LauncherExiting', { reason: 'x' });
    await expect(reported).resolves.toMatchObject({
      code: 'ListenerFailed',
      message: /listener bug/,
    });
  });
});

describe('fatal protocol errors', () => {
  it.each([
    [
      'a frame over the limit',
      (() => {
        const header = Buffer.alloc(4);
        header.writeUInt32BE(16 * 1024 * 1024 + 1, 0);
        return header;
      })(),
      'FrameTooLarge',
    ],
    [
      'a frame that is not JSON',
      Buffer.concat([Buffer.from([0, 0, 0, 3]), Buffer.from('{{{')]),
      'InvalidFrame',
    ],
    ['a second Hello', encodeFrame(v1Hello), 'InvalidMessage'],
  ])('closes on %s and tells the peer why', async (_name, bytes, code) => {
    const { raw, connection } = await rawAfterHandshake();
    const pending = expect(connection.request('Ping', {})).rejects.toMatchObject({
      code: 'ConnectionClosed',
    });
    await raw.next();
    const closed = closeReasonOf(connection);
    raw.socket.write(bytes);
    await expect(closed).resolves.toMatchObject({ code });
    await expect(raw.next()).resolves.toMatchObject({ error: { code } });
    await pending;
    await raw.closed;
  });
});

describe('backpressure', () => {
  /** A duplex whose writes complete only when the test says so. */
  function slowDuplex(): { stream: Duplex; written: Buffer[]; release: () => void } {
    const written: Buffer[] = [];
    const callbacks: (() => void)[] = [];
    const stream = new Duplex({
      highWaterMark: 16,
      read: () => undefined,
      write: (chunk: Buffer, _encoding, callback) => {
        written.push(chunk);
        callbacks.push(() => {
          callback();
        });
      },
    });
    return { stream, written, release: () => callbacks.shift()?.() };
  }

  it('waits for drain before writing the next frame', async () => {
    const { stream, written, release } = slowDuplex();
    const dialed = ProtocolConnection.dial(stream, launcherSide);
    await expect.poll(() => written.length).toBe(1); // the Hello, over the high-water mark
    stream.push(encodeFrame({ protocol: 'podvisor.launcher/v1', role: 'handler' }));
    const connection = await dialed;
    const first = connection.sendEvent('LauncherExiting', { reason: 'one' });
    const second = connection.sendEvent('LauncherExiting', { reason: 'two' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(written).toHaveLength(1);
    release(); // the Hello drains: the first event goes out, over the mark again
    await expect.poll(() => written.length).toBe(2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(written).toHaveLength(2);
    release();
    await first;
    await expect.poll(() => written.length).toBe(3);
    release();
    await second;
    stream.destroy();
  });
});
