import { consoleCloseCodes } from '@podvisor/bff/protocol';
import { consoleSubprotocol } from './console-socket-url.ts';
import {
  closeReasonByUser,
  ReconnectingConsole,
  type ConsoleBackoff,
  type ConsoleConnectionState,
  type ConsoleSessionEvents,
} from './reconnecting-console.ts';

/** The part of a browser `WebSocket` a serial connection uses. */
export interface SerialSocketLike {
  readonly readyState: number;
  binaryType: BinaryType;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  send(data: Uint8Array<ArrayBuffer>): void;
  close(code?: number, reason?: string): void;
}

/** The serial connection's state: the shared console state. */
export type SerialConnectionState = ConsoleConnectionState;

/** How to build a serial connection. */
export interface SerialConnectionOptions {
  /** The console socket's URL (see `consoleSocketUrl`). */
  readonly url: string;
  /** Hears the console's output: bytes from binary frames, text from (unexpected) text frames. */
  readonly onOutput: (data: Uint8Array | string) => void;
  /** Default: `new WebSocket(url, protocols)`. */
  readonly createSocket?: (url: string, protocols: string[]) => SerialSocketLike;
  /** Default: 1 s, ×2, at most 30 s. */
  readonly backoff?: ConsoleBackoff;
}

const open = 1;

/** One serial session: its socket, closed normally at the user's request. */
interface SerialSession {
  readonly socket: SerialSocketLike;
  close(): void;
}

/** The bytes of a binary string (one char per byte), as xterm's `onBinary` gives them. */
function binaryStringBytes(data: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) bytes[i] = data.charCodeAt(i) & 0xff;
  return bytes;
}

/**
 * One serial console: a `plain.kubevirt.io` websocket that sends input as binary frames only
 * (KubeVirt drops text frames), reports output, and reconnects with backoff after a close that
 * `isRetryableClose` allows, until {@link SerialConnection.disconnect}.
 */
export class SerialConnection {
  readonly #options: SerialConnectionOptions;
  readonly #encoder = new TextEncoder();
  readonly #console: ReconnectingConsole<SerialSession>;

  constructor(options: SerialConnectionOptions) {
    this.#options = options;
    this.#console = new ReconnectingConsole({
      open: (events) => this.#openSession(events),
      ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
    });
  }

  /** The current state. */
  state(): SerialConnectionState {
    return this.#console.state();
  }

  /** Hears every change of {@link SerialConnection.state}; returns the function that stops it. */
  onState(listener: (state: SerialConnectionState) => void): () => void {
    return this.#console.onState(listener);
  }

  /** Opens the socket now (cancelling a scheduled reconnect); does nothing while one is live. */
  connect(): void {
    this.#console.connect();
  }

  /** Closes the socket (code 1000) and stops reconnecting, until the next `connect`. */
  disconnect(): void {
    this.#console.disconnect();
  }

  /** Sends typed or pasted text as one binary frame of UTF-8; false when not connected. */
  sendInput(text: string): boolean {
    return this.#send(this.#encoder.encode(text));
  }

  /** Sends a binary string (xterm's `onBinary`: one char per byte) as one binary frame. */
  sendBinary(data: string): boolean {
    return this.#send(binaryStringBytes(data));
  }

  /** Disconnects and forgets every listener (page teardown). */
  dispose(): void {
    this.#console.dispose();
  }

  #send(bytes: Uint8Array<ArrayBuffer>): boolean {
    const socket = this.#console.session()?.socket;
    if (socket?.readyState !== open || bytes.length === 0) return false;
    socket.send(bytes);
    return true;
  }

  #openSession(events: ConsoleSessionEvents): SerialSession {
    const create =
      this.#options.createSocket ?? ((url, protocols) => new WebSocket(url, protocols));
    const socket = create(this.#options.url, [consoleSubprotocol]);
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => {
      events.opened();
    };
    socket.onmessage = (event) => {
      // Output proves the console is really there: the next drop starts the backoff afresh.
      events.alive();
      this.#output(event.data);
    };
    socket.onclose = (event) => {
      events.closed(event.code, event.reason);
    };
    return {
      socket,
      close: () => {
        socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
        socket.close(consoleCloseCodes.normal, closeReasonByUser);
      },
    };
  }

  #output(data: unknown): void {
    if (data instanceof ArrayBuffer) this.#options.onOutput(new Uint8Array(data));
    else if (typeof data === 'string') this.#options.onOutput(data);
  }
}
