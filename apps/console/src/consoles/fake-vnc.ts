import type { RfbFactory, RfbLike } from './vnc-session.ts';

/**
 * A stand-in for the browser's `WebSocket` at the network boundary, for the VNC tests: an
 * `EventTarget` (the VNC session listens with `addEventListener`) that records how the client
 * closed it and lets the test close it from the server's side.
 */
export class FakeVncSocket extends EventTarget {
  readonly url: string;
  readonly protocols: readonly string[];
  readyState = 0;
  binaryType: BinaryType = 'blob';
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  /** How the client closed it, if it did. */
  closedWith:
    { readonly code: number | undefined; readonly reason: string | undefined } | undefined;

  constructor(url: string, protocols: string | string[] = []) {
    super();
    this.url = url;
    this.protocols = typeof protocols === 'string' ? [protocols] : protocols;
  }

  send(): void {
    // The fake RFB client sends nothing.
  }

  close(code?: number, reason?: string): void {
    this.readyState = 3;
    this.closedWith ??= { code, reason };
  }

  /** The server (the BFF) accepted the socket. */
  open(): void {
    this.readyState = 1;
    const event = new Event('open');
    this.onopen?.(event);
    this.dispatchEvent(event);
  }

  /** The server closed the connection with `code` and `reason`. */
  serverClose(code: number, reason = ''): void {
    this.readyState = 3;
    const event = new CloseEvent('close', { code, reason });
    this.dispatchEvent(event);
    this.onclose?.(event);
  }
}

/** One key event a {@link FakeRfb} was asked to send. */
export interface SentKey {
  readonly keysym: number;
  readonly code: string | null;
  readonly down: boolean | undefined;
}

/** A stand-in for noVNC's `RFB` (which needs a real canvas): records what the console asks. */
export class FakeRfb implements RfbLike {
  readonly target: HTMLElement;
  readonly socket: WebSocket;
  scaleViewport = false;
  focusOnClick = false;
  readonly keys: SentKey[] = [];
  focusCount = 0;
  disconnected = false;
  readonly #events = new EventTarget();

  constructor(target: HTMLElement, socket: WebSocket) {
    this.target = target;
    this.socket = socket;
  }

  sendKey(keysym: number, code: string | null, down?: boolean): void {
    this.keys.push({ keysym, code, down });
  }

  focus(): void {
    this.focusCount += 1;
  }

  disconnect(): void {
    this.disconnected = true;
    this.#events.dispatchEvent(new Event('disconnect'));
  }

  addEventListener(type: 'connect' | 'disconnect', listener: () => void): void {
    this.#events.addEventListener(type, listener);
  }

  /** The VNC handshake finished: noVNC's `connect` event. */
  handshake(): void {
    this.#events.dispatchEvent(new Event('connect'));
  }

  /** noVNC gave up on its own (a protocol failure): its `disconnect` event. */
  fail(): void {
    this.#events.dispatchEvent(new Event('disconnect'));
  }
}

/** Every fake socket and RFB client made since the last {@link resetFakeVnc}. */
export const fakeVnc = {
  sockets: [] as FakeVncSocket[],
  rfbs: [] as FakeRfb[],
  /** The newest socket (fails the test when there is none). */
  socket(): FakeVncSocket {
    const socket = fakeVnc.sockets.at(-1);
    if (socket === undefined) throw new Error('no socket was created');
    return socket;
  },
  /** The newest RFB client (fails the test when there is none). */
  rfb(): FakeRfb {
    const rfb = fakeVnc.rfbs.at(-1);
    if (rfb === undefined) throw new Error('no RFB client was created');
    return rfb;
  },
};

/** Forgets every fake made. */
export function resetFakeVnc(): void {
  fakeVnc.sockets.length = 0;
  fakeVnc.rfbs.length = 0;
}

/** A `WebSocket` replacement for `vi.stubGlobal('WebSocket', …)` that records its sockets. */
export class RecordedVncSocket extends FakeVncSocket {
  constructor(url: string, protocols?: string | string[]) {
    super(url, protocols);
    fakeVnc.sockets.push(this);
  }
}

const createFakeRfb: RfbFactory = (target, socket) => {
  const rfb = new FakeRfb(target, socket);
  fakeVnc.rfbs.push(rfb);
  return rfb;
};

/** A replacement for `./load-rfb.ts`: `vi.mock('./load-rfb.ts', () => fakeLoadRfbModule)`. */
export const fakeLoadRfbModule = {
  loadRfbFactory: (): Promise<RfbFactory> => Promise.resolve(createFakeRfb),
};
