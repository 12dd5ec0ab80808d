import type { Duplex } from 'node:stream';
import { type EventData, type EventName, events, isEventName } from './events.ts';
import { DEFAULT_MAX_FRAME_BYTES, encodeFrame, FrameDecoder } from './frame-decoder.ts';
import { FrameWriter } from './frame-writer.ts';
import { type Hello, type PeerRole, PROTOCOL_V1, readHello } from './hello.ts';
import { InvalidFieldError } from './invalid-field-error.ts';
import {
  isMethodName,
  type MethodName,
  type MethodParams,
  type MethodResult,
  methods,
} from './methods.ts';
import { type Message, parseMessage, type WireError } from './parse-message.ts';
import { isProtocolErrorCode, ProtocolError } from './protocol-error.ts';
import { RemoteError } from './remote-error.ts';

/** How long `request` waits for an answer unless told otherwise. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** How long the handshake waits for the peer's Hello unless told otherwise. */
export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 10_000;
/** How long `close` waits for buffered frames to flush before it drops the socket. */
const flushTimeoutMs = 2_000;

/** Serves method `M`: gets checked params, returns the result (or throws: an error answer). */
export type RequestHandler<M extends MethodName> = (
  params: MethodParams<M>,
) => MethodResult<M> | Promise<MethodResult<M>>;
/** Handlers for the methods this side serves; the others answer `NotImplemented`. */
export type RequestHandlers = { [M in MethodName]?: RequestHandler<M> };
/** Listeners for the events this side wants; other events are ignored. */
export type EventHandlers = { [E in EventName]?: (data: EventData<E>) => void };

/** What this side expects the peer's Hello to say (a mismatch fails the handshake). */
export interface PeerExpectation {
  role?: PeerRole;
  podUid?: string;
  vmiUid?: string;
}

/** Who this side is, and how it treats the peer. */
export interface ConnectionOptions {
  role: PeerRole;
  podUid?: string;
  vmiUid?: string;
  expectPeer?: PeerExpectation;
  handshakeTimeoutMs?: number;
  maxFrameBytes?: number;
  /** Handlers in place before the first message arrives (the peer may call right away). */
  requests?: RequestHandlers;
  events?: EventHandlers;
}

/** Options of one request. */
export interface RequestOptions {
  timeoutMs?: number;
}

interface Pending {
  method: MethodName;
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

type Phase = 'handshake' | 'open' | 'closed';
type Side = 'dial' | 'accept';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The code of an error answer: the thrown error's `code` or name, else `Failed`. */
function errorCodeOf(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    if (error.name !== 'Error') return error.name;
  }
  return 'Failed';
}

function peerMismatch(hello: Hello, expected: PeerExpectation | undefined): string | undefined {
  for (const key of ['role', 'podUid', 'vmiUid'] as const) {
    const want = expected?.[key];
    if (want !== undefined && hello[key] !== want) {
      return `the peer's Hello has ${key} ${JSON.stringify(hello[key] ?? null)}, expected "${want}"`;
    }
  }
  return undefined;
}

/** Ends the socket once buffered frames are flushed (or after a while), then destroys it. */
function endAndDestroy(socket: Duplex): Promise<void> {
  if (socket.closed) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => socket.destroy(), flushTimeoutMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    if (!socket.destroyed) socket.end(() => socket.destroy());
  });
}

/**
 * One handler↔launcher connection over a byte stream (a unix socket): length-prefixed JSON
 * frames, a Hello exchange, then requests, responses and events in both directions. Every
 * incoming message is checked; a malformed envelope, an oversized frame or a version mismatch
 * closes the connection with a {@link ProtocolError} that names the cause, while bad params get
 * an `InvalidParams` answer and the connection stays up.
 */
export class ProtocolConnection {
  readonly #socket: Duplex;
  readonly #options: ConnectionOptions;
  readonly #maxFrameBytes: number;
  readonly #decoder: FrameDecoder;
  readonly #writer: FrameWriter;
  readonly #pending = new Map<number, Pending>();
  readonly #requestHandlers: RequestHandlers = {};
  readonly #eventHandlers: EventHandlers = {};
  readonly #errorListeners: ((error: ProtocolError) => void)[] = [];
  readonly #closeListeners: ((reason: ProtocolError) => void)[] = [];
  #side: Side = 'dial';
  #phase: Phase = 'handshake';
  #nextId = 1;
  #peer: Hello | undefined;
  #closeReason: ProtocolError | undefined;
  #handshakeDone: ((error?: ProtocolError) => void) | undefined;

  private constructor(socket: Duplex, options: ConnectionOptions) {
    this.#socket = socket;
    this.#options = options;
    this.#maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    this.#decoder = new FrameDecoder({ maxFrameBytes: this.#maxFrameBytes });
    this.#writer = new FrameWriter(socket);
    Object.assign(this.#requestHandlers, options.requests);
    Object.assign(this.#eventHandlers, options.events);
    socket.on('data', (chunk: Buffer) => {
      this.#onData(chunk);
    });
    socket.on('end', () => {
      this.#finish(new ProtocolError('ConnectionClosed', 'the peer closed the connection'));
      void endAndDestroy(socket);
    });
    socket.on('error', (error: Error) => {
      this.#finish(
        new ProtocolError('ConnectionClosed', `the connection failed: ${error.message}`),
      );
    });
    socket.on('close', () => {
      this.#finish(new ProtocolError('ConnectionClosed', 'the connection closed'));
    });
  }

  /** Opens a connection from the dialing side: sends this side's Hello, awaits the peer's. */
  static dial(socket: Duplex, options: ConnectionOptions): Promise<ProtocolConnection> {
    return new ProtocolConnection(socket, options).#handshake('dial');
  }

  /** Opens a connection from the listening side: awaits the peer's Hello, then answers it. */
  static accept(socket: Duplex, options: ConnectionOptions): Promise<ProtocolConnection> {
    return new ProtocolConnection(socket, options).#handshake('accept');
  }

  /** The peer's Hello. */
  get peer(): Hello {
    if (this.#peer === undefined) throw new ProtocolError('InvalidMessage', 'no Hello yet');
    return this.#peer;
  }

  /** Why the connection closed, or `undefined` while it is open. */
  get closeReason(): ProtocolError | undefined {
    return this.#closeReason;
  }

  /**
   * Calls `method` on the peer. Resolves with the checked result; rejects with a
   * {@link RemoteError} when the peer answers an error, and with a {@link ProtocolError}
   * (`Timeout`, `ConnectionClosed`, `InvalidResult`, `FrameTooLarge`) otherwise.
   */
  request<M extends MethodName>(
    method: M,
    params: MethodParams<M>,
    options: RequestOptions = {},
  ): Promise<MethodResult<M>> {
    if (this.#closeReason !== undefined) return Promise.reject(this.#closedError(method));
    const id = this.#nextId++;
    return new Promise<MethodResult<M>>((resolve, reject) => {
      // A throw here (FrameTooLarge) rejects the promise before anything is registered.
      const frame = encodeFrame({ id, method, params }, this.#maxFrameBytes);
      const timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new ProtocolError('Timeout', `${method} got no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      const settle = resolve as (result: unknown) => void;
      this.#pending.set(id, { method, resolve: settle, reject, timer });
      this.#writer.write(frame).catch((error: unknown) => {
        this.#reject(id, error as Error);
      });
    });
  }

  /** Sends a one-way event; resolves once the frame is written (respecting backpressure). */
  sendEvent<E extends EventName>(event: E, data: EventData<E>): Promise<void> {
    if (this.#closeReason !== undefined) return Promise.reject(this.#closedError(event));
    return this.#send({ event, data });
  }

  /** Adds or replaces request handlers. */
  onRequest(handlers: RequestHandlers): void {
    Object.assign(this.#requestHandlers, handlers);
  }

  /** Adds or replaces event listeners (one per event). */
  onEvent(handlers: EventHandlers): void {
    Object.assign(this.#eventHandlers, handlers);
  }

  /** Listens for problems that do not close the connection (bad event data, stray answers). */
  onError(listener: (error: ProtocolError) => void): void {
    this.#errorListeners.push(listener);
  }

  /** Listens for the close, once; called at once (asynchronously) if already closed. */
  onClose(listener: (reason: ProtocolError) => void): void {
    const reason = this.#closeReason;
    if (reason === undefined) this.#closeListeners.push(listener);
    else
      queueMicrotask(() => {
        listener(reason);
      });
  }

  /** Closes the connection: pending requests fail, buffered frames are flushed first. */
  async close(): Promise<void> {
    this.#finish(new ProtocolError('ConnectionClosed', 'the connection was closed by this side'));
    await endAndDestroy(this.#socket);
  }

  #handshake(side: Side): Promise<ProtocolConnection> {
    this.#side = side;
    const timeoutMs = this.#options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#fail(new ProtocolError('Timeout', `no Hello from the peer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#handshakeDone = (error) => {
        clearTimeout(timer);
        this.#handshakeDone = undefined;
        if (error === undefined) resolve(this);
        else reject(error);
      };
      if (side === 'dial') this.#sendHello();
    });
  }

  #sendHello(): void {
    const { role, podUid, vmiUid } = this.#options;
    const hello: Hello = { protocol: PROTOCOL_V1, role };
    if (podUid !== undefined) hello.podUid = podUid;
    if (vmiUid !== undefined) hello.vmiUid = vmiUid;
    this.#send(hello).catch(() => undefined);
  }

  #onData(chunk: Buffer): void {
    if (this.#closeReason !== undefined) return;
    let values: unknown[];
    try {
      values = this.#decoder.push(chunk);
    } catch (error) {
      this.#fail(error as ProtocolError);
      return;
    }
    for (const value of values) {
      this.#dispatch(value);
      if (this.#isClosed()) return;
    }
  }

  #dispatch(value: unknown): void {
    try {
      const message = parseMessage(value);
      if (this.#phase === 'handshake') this.#receiveHello(message);
      else this.#receive(message);
    } catch (error) {
      this.#fail(new ProtocolError('InvalidMessage', messageOf(error), { cause: error }));
    }
  }

  #receiveHello(message: Message): void {
    if (message.kind === 'failure') {
      this.#finishFromPeer(message.error);
      return;
    }
    if (message.kind !== 'hello') {
      throw new InvalidFieldError('message', `expected a Hello first, got a ${message.kind}`);
    }
    if (message.protocol !== PROTOCOL_V1) {
      const problem = `got a Hello for ${message.protocol}, but this side speaks only ${PROTOCOL_V1}`;
      this.#fail(new ProtocolError('VersionMismatch', problem));
      return;
    }
    const hello = readHello(message.hello, 'hello');
    const mismatch = peerMismatch(hello, this.#options.expectPeer);
    if (mismatch !== undefined) {
      this.#fail(new ProtocolError('PeerMismatch', mismatch));
      return;
    }
    this.#peer = hello;
    this.#phase = 'open';
    if (this.#side === 'accept') this.#sendHello();
    this.#handshakeDone?.();
  }

  #receive(message: Message): void {
    switch (message.kind) {
      case 'request':
        void this.#answer(message.id, message.method, message.params);
        return;
      case 'response':
      case 'errorResponse':
        this.#settle(message);
        return;
      case 'event':
        this.#deliver(message.event, message.data);
        return;
      case 'failure':
        this.#finishFromPeer(message.error);
        return;
      case 'hello':
        throw new InvalidFieldError('message', 'a second Hello after the handshake');
    }
  }

  async #answer(id: number, method: string, params: unknown): Promise<void> {
    const reply = await this.#reply(id, method, params);
    if (this.#closeReason !== undefined) return;
    try {
      await this.#send(reply);
    } catch (error) {
      if (!(error instanceof ProtocolError && error.code === 'FrameTooLarge')) return;
      await this.#send({ id, error: { code: error.code, message: error.message } }).catch(
        () => undefined,
      );
    }
  }

  async #reply(id: number, method: string, params: unknown): Promise<object> {
    const failure = (code: string, message: string): object => ({ id, error: { code, message } });
    if (!isMethodName(method)) return failure('MethodNotFound', `unknown method "${method}"`);
    const handler = this.#requestHandlers[method] as ((params: unknown) => unknown) | undefined;
    if (handler === undefined)
      return failure('NotImplemented', `this peer does not serve ${method}`);
    let checked: unknown;
    try {
      checked = methods[method].readParams(params, 'params');
    } catch (error) {
      return failure('InvalidParams', messageOf(error));
    }
    try {
      const result = await handler(checked);
      return { id, result: result ?? null };
    } catch (error) {
      return failure(errorCodeOf(error), messageOf(error));
    }
  }

  #settle(message: Extract<Message, { kind: 'response' | 'errorResponse' }>): void {
    const pending = this.#pending.get(message.id);
    if (pending === undefined) {
      // An id below #nextId was sent by us and timed out: its late answer is dropped quietly.
      if (message.id >= this.#nextId) {
        const problem = `the peer answered request ${message.id}, which was never sent`;
        this.#report(new ProtocolError('UnexpectedResponse', problem));
      }
      return;
    }
    this.#pending.delete(message.id);
    clearTimeout(pending.timer);
    if (message.kind === 'errorResponse') {
      pending.reject(new RemoteError(pending.method, message.error.code, message.error.message));
      return;
    }
    try {
      pending.resolve(methods[pending.method].readResult(message.result, 'result'));
    } catch (error) {
      const problem = `${pending.method} answered with an invalid result: ${messageOf(error)}`;
      pending.reject(new ProtocolError('InvalidResult', problem, { cause: error }));
    }
  }

  #deliver(event: string, data: unknown): void {
    // Events this version does not know come from a newer peer: ignored (additive changes).
    if (!isEventName(event)) return;
    const listener = this.#eventHandlers[event] as ((data: unknown) => void) | undefined;
    if (listener === undefined) return;
    let checked: unknown;
    try {
      checked = events[event](data, 'data');
    } catch (error) {
      this.#report(new ProtocolError('InvalidMessage', `${event}: ${messageOf(error)}`));
      return;
    }
    try {
      listener(checked);
    } catch (error) {
      const problem = `the ${event} listener threw: ${messageOf(error)}`;
      this.#report(new ProtocolError('ListenerFailed', problem, { cause: error }));
    }
  }

  async #send(message: object): Promise<void> {
    await this.#writer.write(encodeFrame(message, this.#maxFrameBytes));
  }

  #reject(id: number, error: Error): void {
    const pending = this.#pending.get(id);
    if (pending === undefined) return;
    this.#pending.delete(id);
    clearTimeout(pending.timer);
    pending.reject(error);
  }

  #isClosed(): boolean {
    return this.#closeReason !== undefined;
  }

  #report(error: ProtocolError): void {
    for (const listener of this.#errorListeners) {
      try {
        listener(error);
      } catch {
        // A failing error listener has nobody left to tell.
      }
    }
  }

  #closedError(what: string): ProtocolError {
    const reason = this.#closeReason?.message ?? 'closed';
    return new ProtocolError('ConnectionClosed', `cannot send ${what}: ${reason}`);
  }

  /** A fatal local error: tell the peer why (best effort), then close. */
  #fail(error: ProtocolError): void {
    if (this.#closeReason !== undefined) return;
    const socket = this.#socket;
    if (!socket.destroyed && !socket.writableEnded) {
      socket.write(encodeFrame({ error: { code: error.code, message: error.message } }));
    }
    this.#finish(error);
    void endAndDestroy(socket);
  }

  #finishFromPeer(error: WireError): void {
    const code = isProtocolErrorCode(error.code) ? error.code : 'ConnectionClosed';
    const message = `the peer closed the connection: ${error.code}: ${error.message}`;
    this.#finish(new ProtocolError(code, message));
    void endAndDestroy(this.#socket);
  }

  #finish(reason: ProtocolError): void {
    if (this.#closeReason !== undefined) return;
    this.#closeReason = reason;
    this.#phase = 'closed';
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      this.#pending.delete(id);
      const problem = `${pending.method} got no answer: ${reason.message}`;
      pending.reject(new ProtocolError('ConnectionClosed', problem, { cause: reason }));
    }
    this.#handshakeDone?.(reason);
    for (const listener of this.#closeListeners.splice(0)) {
      try {
        listener(reason);
      } catch {
        // The connection is gone; a failing close listener changes nothing.
      }
    }
  }
}
