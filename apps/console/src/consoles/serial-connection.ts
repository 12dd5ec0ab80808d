import { consoleCloseCodes, describeConsoleClose } from '@podvisor/bff/protocol';

/** The only subprotocol KubeVirt's console upgrader (and the BFF in front of it) offers. */
export const serialSubprotocol = 'plain.kubevirt.io';

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

/** Why the last socket closed, for the user. */
export interface SerialClose {
  readonly code: number;
  /** The sentence from `describeConsoleClose`. */
  readonly message: string;
}

/**
 * The connection as the page shows it. `disconnected` carries the last close (absent when the
 * user disconnected or never connected) and, while a reconnect is scheduled, its delay.
 */
export type SerialConnectionState =
  | { readonly status: 'connecting' }
  | { readonly status: 'connected' }
  | {
      readonly status: 'disconnected';
      readonly close: SerialClose | undefined;
      readonly retryInMs: number | undefined;
    };

/** Reconnect delays: `initialMs`, growing by `factor` per failed try, capped at `maxMs`. */
export interface SerialBackoff {
  readonly initialMs?: number;
  readonly factor?: number;
  readonly maxMs?: number;
}

/** How to build a serial connection. */
export interface SerialConnectionOptions {
  /** The console socket's URL (see {@link serialConsoleUrl}). */
  readonly url: string;
  /** Hears the console's output: bytes from binary frames, text from (unexpected) text frames. */
  readonly onOutput: (data: Uint8Array | string) => void;
  /** Default: `new WebSocket(url, protocols)`. */
  readonly createSocket?: (url: string, protocols: string[]) => SerialSocketLike;
  /** Default: 1 s, ×2, at most 30 s. */
  readonly backoff?: SerialBackoff;
}

const open = 1;
const closeReasonByUser = 'disconnected by the user';

/** Close codes after which the console is likely to come back: reconnect with backoff. */
const retryableCodes: ReadonlySet<number> = new Set([
  consoleCloseCodes.goingAway,
  1006,
  1012,
  1013,
  consoleCloseCodes.upstreamUnavailable,
  consoleCloseCodes.serviceUnavailable,
  consoleCloseCodes.upstreamTimeout,
]);

/**
 * Whether a console socket that closed with `code` should reconnect on its own: a dropped
 * connection, a restarting server or an unreachable console yes; a refusal (not allowed, no
 * such VM, not running, bad request) or a normal close no.
 */
export function isRetryableClose(code: number): boolean {
  return retryableCodes.has(code);
}

/** The serial console socket's URL for VMI `namespace/name`, on the page's host. */
export function serialConsoleUrl(
  namespace: string,
  name: string,
  page: Pick<Location, 'protocol' | 'host'> = location,
): string {
  const scheme = page.protocol === 'https:' ? 'wss:' : 'ws:';
  const path = `/api/consoles/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/serial`;
  return `${scheme}//${page.host}${path}`;
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
 * {@link isRetryableClose} allows, until {@link SerialConnection.disconnect}.
 */
export class SerialConnection {
  readonly #options: SerialConnectionOptions;
  readonly #backoff: Required<SerialBackoff>;
  readonly #listeners = new Set<(state: SerialConnectionState) => void>();
  readonly #encoder = new TextEncoder();
  #socket: SerialSocketLike | undefined;
  #state: SerialConnectionState = {
    status: 'disconnected',
    close: undefined,
    retryInMs: undefined,
  };
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: SerialConnectionOptions) {
    this.#options = options;
    this.#backoff = {
      initialMs: options.backoff?.initialMs ?? 1000,
      factor: options.backoff?.factor ?? 2,
      maxMs: options.backoff?.maxMs ?? 30_000,
    };
  }

  /** The current state. */
  state(): SerialConnectionState {
    return this.#state;
  }

  /** Hears every change of {@link SerialConnection.state}; returns the function that stops it. */
  onState(listener: (state: SerialConnectionState) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Opens the socket now (cancelling a scheduled reconnect); does nothing while one is live. */
  connect(): void {
    this.#cancelRetry();
    if (this.#socket !== undefined) return;
    const create =
      this.#options.createSocket ?? ((url, protocols) => new WebSocket(url, protocols));
    let socket: SerialSocketLike;
    try {
      socket = create(this.#options.url, [serialSubprotocol]);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      this.#setState({
        status: 'disconnected',
        close: { code: 0, message: `The console could not be opened: ${detail}` },
        retryInMs: undefined,
      });
      return;
    }
    socket.binaryType = 'arraybuffer';
    this.#socket = socket;
    this.#listen(socket);
    this.#setState({ status: 'connecting' });
  }

  /** Closes the socket (code 1000) and stops reconnecting, until the next `connect`. */
  disconnect(): void {
    this.#cancelRetry();
    this.#attempt = 0;
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket !== undefined) {
      socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
      socket.close(consoleCloseCodes.normal, closeReasonByUser);
    }
    this.#setState({ status: 'disconnected', close: undefined, retryInMs: undefined });
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
    this.disconnect();
    this.#listeners.clear();
  }

  #send(bytes: Uint8Array<ArrayBuffer>): boolean {
    const socket = this.#socket;
    if (socket?.readyState !== open || bytes.length === 0) return false;
    socket.send(bytes);
    return true;
  }

  #listen(socket: SerialSocketLike): void {
    socket.onopen = () => {
      this.#setState({ status: 'connected' });
    };
    socket.onmessage = (event) => {
      // Output proves the console is really there: the next drop starts the backoff afresh.
      this.#attempt = 0;
      this.#output(event.data);
    };
    socket.onclose = (event) => {
      this.#closed(socket, event.code, event.reason);
    };
  }

  #output(data: unknown): void {
    if (data instanceof ArrayBuffer) this.#options.onOutput(new Uint8Array(data));
    else if (typeof data === 'string') this.#options.onOutput(data);
  }

  #closed(socket: SerialSocketLike, code: number, reason: string): void {
    if (socket !== this.#socket) return;
    this.#socket = undefined;
    const close = { code, message: describeConsoleClose(code, reason) };
    if (!isRetryableClose(code)) {
      this.#attempt = 0;
      this.#setState({ status: 'disconnected', close, retryInMs: undefined });
      return;
    }
    const { initialMs, factor, maxMs } = this.#backoff;
    const delay = Math.min(maxMs, initialMs * factor ** this.#attempt);
    this.#attempt += 1;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      this.connect();
    }, delay);
    this.#setState({ status: 'disconnected', close, retryInMs: delay });
  }

  #cancelRetry(): void {
    if (this.#retryTimer === undefined) return;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
  }

  #setState(state: SerialConnectionState): void {
    this.#state = state;
    for (const listener of this.#listeners) listener(state);
  }
}
