import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SpiceClientOptions } from './spice-client.ts';
import { createSpiceHtml5Client } from './spice-html5-client.ts';

// The real spice-html5 against a fake WebSocket at the network boundary.

// jsdom says its appVersion is "4.0": spice-html5's RNG then takes it for Netscape 4 and calls
// `window.crypto.random` while loading. Browsers all say "5.0 (…)".
vi.hoisted(() => {
  Object.defineProperty(navigator, 'appVersion', { configurable: true, value: '5.0 (jsdom)' });
});

/** A browser WebSocket stand-in: records frames, lets the test play the server. */
class FakeSpiceSocket extends EventTarget {
  static readonly all: FakeSpiceSocket[] = [];
  readonly url: string;
  readonly protocols: string | string[] | undefined;
  readyState = 0;
  binaryType: BinaryType = 'blob';
  readonly sent: ArrayBuffer[] = [];
  closedByClient = false;

  constructor(url: string, protocols?: string | string[]) {
    super();
    this.url = url;
    this.protocols = protocols;
    FakeSpiceSocket.all.push(this);
  }

  send(data: ArrayBuffer): void {
    this.sent.push(data);
  }

  close(): void {
    this.closedByClient = true;
    this.readyState = 3;
  }

  serverOpens(): void {
    this.readyState = 1;
    this.dispatchEvent(new Event('open'));
  }

  serverSends(bytes: number[]): void {
    this.dispatchEvent(new MessageEvent('message', { data: new Uint8Array(bytes).buffer }));
  }

  /** The connection ends: an error event first when the close is abnormal, as browsers do. */
  serverCloses(code: number, reason = ''): void {
    this.readyState = 3;
    if (code === 1006) this.dispatchEvent(new Event('error'));
    this.dispatchEvent(new CloseEvent('close', { code, reason }));
  }
}

function socket(): FakeSpiceSocket {
  const last = FakeSpiceSocket.all.at(-1);
  if (last === undefined) throw new Error('no socket was opened');
  return last;
}

let closes: [number, string][];
let connects: number;
let consoleCalls: unknown[][];

function client(): ReturnType<typeof createSpiceHtml5Client> {
  const screen = document.createElement('div');
  screen.id = 'spice-screen-test';
  document.body.append(screen);
  const options: SpiceClientOptions = {
    url: 'ws://console.test/api/consoles/lab/win/spice',
    screenId: screen.id,
    onConnected: () => {
      connects += 1;
    },
    onClosed: (code, reason) => {
      closes.push([code, reason]);
    },
  };
  return createSpiceHtml5Client(options);
}

beforeEach(() => {
  FakeSpiceSocket.all.length = 0;
  closes = [];
  connects = 0;
  consoleCalls = [];
  vi.stubGlobal('WebSocket', FakeSpiceSocket);
  for (const method of ['log', 'info', 'warn', 'error'] as const)
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      consoleCalls.push(args);
    });
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  document.body.replaceChildren();
});

describe('createSpiceHtml5Client', () => {
  it('opens the main channel on the console URL with the binary subprotocol', () => {
    client();
    expect(FakeSpiceSocket.all).toHaveLength(1);
    expect(socket().url).toBe('ws://console.test/api/consoles/lab/win/spice');
    expect(socket().protocols).toBe('binary');
  });

  it('starts the SPICE link handshake when the socket opens', () => {
    client();
    socket().serverOpens();
    const first = socket().sent[0];
    expect(first === undefined ? '' : new TextDecoder().decode(first.slice(0, 4))).toBe('REDQ');
  });

  it.each([
    [4404, 'virtualmachineinstance "win" not found'],
    [4403, 'forbidden'],
    [4502, 'dial unix: no such file'],
  ])('reports the main socket’s close %i with its reason, once', (code, reason) => {
    client();
    socket().serverOpens();
    socket().serverCloses(code, reason);
    socket().serverCloses(code, reason);
    expect(closes).toEqual([[code, reason]]);
    expect(connects).toBe(0);
  });

  it('gives a reasonless drop spice-html5’s own account, without throwing or logging', () => {
    client();
    socket().serverOpens();
    expect(() => {
      socket().serverCloses(1006);
    }).not.toThrow();
    expect(closes).toEqual([[1006, 'Unexpected protocol mismatch.']]);
    expect(consoleCalls).toEqual([]);
  });

  it('ends the session, not retried, when the server does not speak SPICE', () => {
    client();
    socket().serverOpens();
    socket().serverSends(Array.from({ length: 16 }, () => 0x41));
    expect(closes).toEqual([[1002, expect.stringMatching(/^SPICE: .*magic mismatch/) as string]]);
    expect(socket().closedByClient).toBe(true);
    expect(consoleCalls).toEqual([]);
  });

  it('closes its sockets on stop and reports nothing afterwards', () => {
    const spice = client();
    socket().serverOpens();
    spice.stop();
    expect(socket().closedByClient).toBe(true);
    socket().serverCloses(1000);
    expect(closes).toEqual([]);
  });

  it('sends no keys before the inputs channel is up', () => {
    const spice = client();
    socket().serverOpens();
    const sentBefore = socket().sent.length;
    expect(spice.sendKeys([{ down: true, code: 0x1e }])).toBe(false);
    expect(socket().sent).toHaveLength(sentBefore);
  });
});
