import type { SerialSocketLike } from './serial-connection.ts';

/**
 * A stand-in for the browser's `WebSocket` at the network boundary, for tests: it records the
 * frames the client sends (binary ones as bytes, text ones as strings) and lets the test open
 * it, send console output and close it.
 */
export class FakeSerialSocket implements SerialSocketLike {
  readonly url: string;
  readonly protocols: readonly string[];
  readyState = 0;
  binaryType: BinaryType = 'blob';
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  /** Every frame the client sent. */
  readonly sent: (Uint8Array | string)[] = [];
  /** How the client closed it, if it did. */
  closedWith:
    { readonly code: number | undefined; readonly reason: string | undefined } | undefined;

  constructor(url: string, protocols: string | string[] = []) {
    this.url = url;
    this.protocols = typeof protocols === 'string' ? [protocols] : protocols;
  }

  send(data: unknown): void {
    if (this.readyState !== 1) throw new Error('send on a socket that is not open');
    if (typeof data === 'string') this.sent.push(data);
    else if (ArrayBuffer.isView(data))
      this.sent.push(
        Uint8Array.from(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)),
      );
    else throw new Error('the fake socket only records strings and byte views');
  }

  close(code?: number, reason?: string): void {
    this.readyState = 3;
    this.closedWith = { code, reason };
  }

  /** Every frame sent, binary ones as plain arrays of bytes (comparable across realms). */
  sentFrames(): (number[] | string)[] {
    return this.sent.map((frame) => (typeof frame === 'string' ? frame : Array.from(frame)));
  }

  /** The text of every binary frame sent, decoded as UTF-8, joined. */
  sentText(): string {
    const decoder = new TextDecoder();
    return this.sent
      .map((frame) => (typeof frame === 'string' ? '' : decoder.decode(frame)))
      .join('');
  }

  /** The server accepted the socket. */
  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  /** The console sent `bytes` in one binary frame. */
  output(bytes: Uint8Array | string): void {
    const data =
      typeof bytes === 'string'
        ? new TextEncoder().encode(bytes).buffer
        : Uint8Array.from(bytes).buffer;
    this.onmessage?.(new MessageEvent('message', { data }));
  }

  /** The connection ended from the server's side (1006: dropped without a close frame). */
  drop(code = 1006, reason = ''): void {
    this.readyState = 3;
    this.onerror?.(new Event('error'));
    this.onclose?.(new CloseEvent('close', { code, reason }));
  }
}

/** Every {@link FakeSerialSocket} made, and ways to make them (a factory, or a constructor). */
export interface FakeSerialSockets {
  readonly sockets: FakeSerialSocket[];
  readonly createSocket: (url: string, protocols: string[]) => FakeSerialSocket;
  /** A `WebSocket` replacement for `vi.stubGlobal('WebSocket', …)`. */
  readonly WebSocket: new (url: string, protocols?: string | string[]) => FakeSerialSocket;
  /** The newest socket (fails the test when there is none). */
  last(): FakeSerialSocket;
}

/** A fresh set of fake serial sockets. */
export function fakeSerialSockets(): FakeSerialSockets {
  const sockets: FakeSerialSocket[] = [];
  class RecordedSocket extends FakeSerialSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      sockets.push(this);
    }
  }
  return {
    sockets,
    createSocket: (url, protocols) => new RecordedSocket(url, protocols),
    WebSocket: RecordedSocket,
    last: () => {
      const socket = sockets.at(-1);
      if (socket === undefined) throw new Error('no socket was created');
      return socket;
    },
  };
}
