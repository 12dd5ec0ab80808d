import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeSerialSockets, type FakeSerialSockets } from './fake-serial-socket.ts';
import { SerialConnection, type SerialConnectionState } from './serial-connection.ts';

const url = 'ws://console.test/api/consoles/ns/vm/serial';

let fakes: FakeSerialSockets;
let output: (Uint8Array | string)[];
let states: SerialConnectionState[];

function connection(): SerialConnection {
  const made = new SerialConnection({
    url,
    createSocket: fakes.createSocket,
    onOutput: (data) => output.push(data),
    backoff: { initialMs: 1000, factor: 2, maxMs: 5000 },
  });
  made.onState((state) => states.push(state));
  return made;
}

beforeEach(() => {
  vi.useFakeTimers();
  fakes = fakeSerialSockets();
  output = [];
  states = [];
});
afterEach(() => {
  vi.useRealTimers();
});

describe('SerialConnection', () => {
  it('opens the socket with the KubeVirt subprotocol and array-buffer frames', () => {
    connection().connect();
    expect(fakes.last().url).toBe(url);
    expect(fakes.last().protocols).toEqual(['plain.kubevirt.io']);
    expect(fakes.last().binaryType).toBe('arraybuffer');
  });

  it('goes from disconnected to connecting to connected', () => {
    const serial = connection();
    expect(serial.state()).toEqual({
      status: 'disconnected',
      close: undefined,
      retryInMs: undefined,
    });
    serial.connect();
    expect(serial.state()).toEqual({ status: 'connecting' });
    fakes.last().open();
    expect(states.map((state) => state.status)).toEqual(['connecting', 'connected']);
  });

  it('sends typed text as one binary frame of UTF-8', () => {
    const serial = connection();
    serial.connect();
    fakes.last().open();
    expect(serial.sendInput('ls é\r')).toBe(true);
    expect(fakes.last().sentFrames()).toEqual([[0x6c, 0x73, 0x20, 0xc3, 0xa9, 0x0d]]);
  });

  it('sends a binary string as its bytes', () => {
    const serial = connection();
    serial.connect();
    fakes.last().open();
    serial.sendBinary('\x1b[M\xff');
    expect(fakes.last().sentFrames()).toEqual([[0x1b, 0x5b, 0x4d, 0xff]]);
  });

  it('drops input while the socket is not open', () => {
    const serial = connection();
    expect(serial.sendInput('x')).toBe(false);
    serial.connect();
    expect(serial.sendInput('x')).toBe(false);
    expect(fakes.last().sent).toEqual([]);
  });

  it('passes binary output on as bytes and text output as text', () => {
    const serial = connection();
    serial.connect();
    fakes.last().open();
    fakes.last().output(Uint8Array.from([0x68, 0xc3]));
    fakes.last().onmessage?.(new MessageEvent('message', { data: 'text' }));
    expect(output).toEqual([Uint8Array.from([0x68, 0xc3]), 'text']);
  });

  it.each([
    [4400, 'VMI is not running', 'The VM is not running.'],
    [4401, '', 'Your session has expired; sign in again.'],
    [4403, 'forbidden', 'You are not allowed to open this console.'],
    [4404, '', 'The VM does not exist or is not running.'],
    [1000, '', 'The console was closed.'],
  ])('after close %i stays disconnected with its message', (code, reason, message) => {
    const serial = connection();
    serial.connect();
    fakes.last().open();
    fakes.last().drop(code, reason);
    expect(serial.state()).toEqual({
      status: 'disconnected',
      close: { code, message },
      retryInMs: undefined,
    });
    vi.advanceTimersByTime(60_000);
    expect(fakes.sockets).toHaveLength(1);
  });

  it.each([
    [1006, 'The connection to the server was lost.'],
    [4502, 'The connection to the console failed.'],
    [4504, 'The console stopped responding.'],
  ])('after close %i reconnects after the backoff delay', (code, message) => {
    const serial = connection();
    serial.connect();
    fakes.last().open();
    fakes.last().drop(code);
    expect(serial.state()).toEqual({
      status: 'disconnected',
      close: { code, message },
      retryInMs: 1000,
    });
    vi.advanceTimersByTime(999);
    expect(fakes.sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(fakes.sockets).toHaveLength(2);
    expect(serial.state()).toEqual({ status: 'connecting' });
  });

  it('doubles the delay per failed try up to the cap', () => {
    const serial = connection();
    serial.connect();
    const delays: (number | undefined)[] = [];
    for (let i = 0; i < 5; i++) {
      fakes.last().drop(4502);
      const state = serial.state();
      delays.push(state.status === 'disconnected' ? state.retryInMs : undefined);
      vi.runOnlyPendingTimers();
    }
    expect(delays).toEqual([1000, 2000, 4000, 5000, 5000]);
  });

  it('starts the backoff afresh once the console has sent output', () => {
    const serial = connection();
    serial.connect();
    fakes.last().drop(1006);
    vi.runOnlyPendingTimers();
    fakes.last().open();
    fakes.last().output('login: ');
    fakes.last().drop(1006);
    const state = serial.state();
    expect(state.status === 'disconnected' ? state.retryInMs : undefined).toBe(1000);
  });

  it('stops a scheduled reconnect on disconnect', () => {
    const serial = connection();
    serial.connect();
    fakes.last().drop(1006);
    serial.disconnect();
    vi.advanceTimersByTime(60_000);
    expect(fakes.sockets).toHaveLength(1);
    expect(serial.state()).toEqual({
      status: 'disconnected',
      close: undefined,
      retryInMs: undefined,
    });
  });

  it('closes the live socket normally on disconnect and ignores its late close', () => {
    const serial = connection();
    serial.connect();
    const socket = fakes.last();
    socket.open();
    serial.disconnect();
    expect(socket.closedWith).toEqual({ code: 1000, reason: 'disconnected by the user' });
    socket.onclose?.(new CloseEvent('close', { code: 1006 }));
    vi.advanceTimersByTime(60_000);
    expect(fakes.sockets).toHaveLength(1);
    expect(serial.state().status).toBe('disconnected');
  });

  it('connects at once when asked during a scheduled reconnect, and only once', () => {
    const serial = connection();
    serial.connect();
    fakes.last().drop(1006);
    serial.connect();
    expect(fakes.sockets).toHaveLength(2);
    vi.advanceTimersByTime(60_000);
    expect(fakes.sockets).toHaveLength(2);
  });

  it('reports a socket that cannot be created', () => {
    const serial = new SerialConnection({
      url: 'not a url',
      onOutput: () => undefined,
      createSocket: () => {
        throw new SyntaxError('The URL is invalid');
      },
    });
    serial.connect();
    expect(serial.state()).toEqual({
      status: 'disconnected',
      close: { code: 0, message: 'The console could not be opened: The URL is invalid' },
      retryInMs: undefined,
    });
  });
});
