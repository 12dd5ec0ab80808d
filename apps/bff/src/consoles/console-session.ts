import type { ClientRequest, IncomingMessage } from 'node:http';
import type { Logger } from '@podvisor/kube';
import { WebSocket, type RawData } from 'ws';
import { closeFrame, type CloseFrame } from './close-frame.ts';
import { consoleCloseCodes, handshakeCloseCode } from './console-close-codes.ts';
import { refusalStatus } from './refusal-status.ts';

/** How to end one side of a session: a close frame, a hard terminate, or nothing (it ended). */
type Shutdown = CloseFrame | 'terminate' | 'none';

type Side = 'browser' | 'upstream';

/** What a session needs. */
export interface ConsoleSessionOptions {
  /** The browser's accepted websocket. */
  readonly browser: WebSocket;
  /** Dials the console upstream (as the user); a rejection closes the browser with 4500. */
  readonly connect: () => Promise<WebSocket>;
  readonly logger: Logger;
  /** Browser bytes buffered while the upstream opens; more closes the browser with 4413. */
  readonly maxPendingBytes: number;
  /** A socket with more buffered than this pauses the socket that feeds it until it drains. */
  readonly highWaterBytes: number;
  /** Called once, when both sides have been told to close. */
  readonly onEnd: () => void;
}

function toBuffer(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.isBuffer(data) ? data : Buffer.from(data);
}

/** The close frame for the browser when the upstream closed with `code`. */
function upstreamClosed(code: number, reason: string): CloseFrame {
  if (code === 1006)
    return closeFrame(
      consoleCloseCodes.upstreamUnavailable,
      'the connection to the console was lost',
    );
  return closeFrame(code, reason);
}

function shut(socket: WebSocket, how: Shutdown): void {
  if (how === 'none' || socket.readyState === WebSocket.CLOSED) return;
  if (how === 'terminate' || socket.readyState === WebSocket.CONNECTING) socket.terminate();
  else if (socket.readyState === WebSocket.OPEN) socket.close(how.code, how.reason);
}

/**
 * One browser websocket spliced to one console websocket upstream: frames copied one by one,
 * always binary; browser frames buffered (bounded) until the upstream opens; a refused
 * handshake reported as `4000 + status` with the Status message; either side closing closes
 * the other; pings on both sides ({@link tick}); backpressure by pausing the feeding socket.
 */
export class ConsoleSession {
  readonly #options: ConsoleSessionOptions;
  readonly #browser: WebSocket;
  #upstream: WebSocket | undefined;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #ended = false;
  #refused = false;
  readonly #missed: Record<Side, number> = { browser: 0, upstream: 0 };

  constructor(options: ConsoleSessionOptions) {
    this.#options = options;
    this.#browser = options.browser;
  }

  /** Whether the session has ended. */
  get ended(): boolean {
    return this.#ended;
  }

  /** Listens to the browser and dials the upstream. */
  start(): void {
    const browser = this.#browser;
    if (browser.readyState !== WebSocket.OPEN) {
      this.#finish({ browser: 'terminate', upstream: 'none' }, 'the browser socket was not open');
      return;
    }
    browser.on('message', (data: RawData) => {
      this.#fromBrowser(toBuffer(data));
    });
    browser.on('pong', () => {
      this.#missed.browser = 0;
    });
    browser.on('error', (error: Error) => {
      this.#options.logger.debug({ err: error }, 'browser console socket error');
    });
    browser.on('close', (code: number, reason: Buffer) => {
      this.#finish(
        { browser: 'none', upstream: closeFrame(code, reason.toString('utf8')) },
        'the browser closed',
      );
    });
    this.#options.connect().then(
      (upstream) => {
        this.#adopt(upstream);
      },
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        this.#finish(
          {
            browser: closeFrame(consoleCloseCodes.internalError, `cannot dial: ${message}`),
            upstream: 'none',
          },
          'dialing failed',
        );
      },
    );
  }

  /** Pings both sides; a side that has not answered the last two pings is terminated. */
  tick(): void {
    if (this.#ended) return;
    this.#ping('browser', this.#browser);
    if (this.#upstream !== undefined) this.#ping('upstream', this.#upstream);
  }

  /** Closes both sides with `frame`. */
  close(frame: CloseFrame): void {
    this.#finish({ browser: frame, upstream: frame }, frame.reason);
  }

  #adopt(upstream: WebSocket): void {
    upstream.on('error', (error: Error) => {
      this.#upstreamError(error);
    });
    if (this.#ended) {
      upstream.terminate();
      return;
    }
    this.#upstream = upstream;
    upstream.on('open', () => {
      this.#flushPending(upstream);
    });
    upstream.on('message', (data: RawData) => {
      this.#forward(toBuffer(data), upstream, this.#browser);
    });
    upstream.on('pong', () => {
      this.#missed.upstream = 0;
    });
    upstream.on('unexpected-response', (_request: ClientRequest, answer: IncomingMessage) => {
      this.#refuse(answer);
    });
    upstream.on('close', (code: number, reason: Buffer) => {
      if (this.#refused) return;
      this.#finish(
        { browser: upstreamClosed(code, reason.toString('utf8')), upstream: 'none' },
        'the console closed',
      );
    });
  }

  #refuse(answer: IncomingMessage): void {
    this.#refused = true;
    void refusalStatus(answer).then((status) => {
      const code = handshakeCloseCode(answer.statusCode ?? status.code);
      this.#finish(
        { browser: closeFrame(code, status.message), upstream: 'terminate' },
        `the API server refused the console: ${status.message}`,
      );
    });
  }

  #upstreamError(error: Error): void {
    if (this.#refused) return;
    this.#finish(
      {
        browser: closeFrame(
          consoleCloseCodes.upstreamUnavailable,
          `cannot reach the console: ${error.message}`,
        ),
        upstream: 'terminate',
      },
      'the console connection failed',
    );
  }

  #fromBrowser(data: Buffer): void {
    const upstream = this.#upstream;
    if (this.#ended) return;
    if (upstream?.readyState === WebSocket.OPEN) {
      this.#forward(data, this.#browser, upstream);
      return;
    }
    this.#pending.push(data);
    this.#pendingBytes += data.length;
    if (this.#pendingBytes <= this.#options.maxPendingBytes) return;
    const limit = String(this.#options.maxPendingBytes);
    this.#finish(
      {
        browser: closeFrame(
          consoleCloseCodes.tooMuchInput,
          `more than ${limit} bytes sent before the console opened`,
        ),
        upstream: 'terminate',
      },
      'too much input before the console opened',
    );
  }

  #flushPending(upstream: WebSocket): void {
    const pending = this.#pending;
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#options.logger.debug('console opened');
    for (const data of pending) this.#forward(data, this.#browser, upstream);
  }

  /** Sends `data` from `from` to `to` as one binary frame; pauses `from` while `to` is full. */
  #forward(data: Buffer, from: WebSocket, to: WebSocket): void {
    if (this.#ended || to.readyState !== WebSocket.OPEN) return;
    const { highWaterBytes } = this.#options;
    to.send(data, { binary: true }, (error?: Error | null) => {
      if (error instanceof Error) return;
      if (from.isPaused && !this.#ended && to.bufferedAmount <= highWaterBytes / 2) from.resume();
    });
    if (to.bufferedAmount > highWaterBytes && from.readyState === WebSocket.OPEN) from.pause();
  }

  #ping(side: Side, socket: WebSocket): void {
    // A paused socket is not read, so its pongs would not be seen either.
    if (socket.readyState !== WebSocket.OPEN || socket.isPaused) return;
    if (this.#missed[side] >= 2) {
      this.#dead(side);
      return;
    }
    this.#missed[side] += 1;
    socket.ping();
  }

  #dead(side: Side): void {
    if (side === 'browser') {
      this.#finish(
        { browser: 'terminate', upstream: closeFrame(1001, 'the browser stopped answering') },
        'the browser missed two pongs',
      );
      return;
    }
    this.#finish(
      {
        browser: closeFrame(consoleCloseCodes.upstreamTimeout, 'the console stopped answering'),
        upstream: 'terminate',
      },
      'the console missed two pongs',
    );
  }

  #finish(how: { browser: Shutdown; upstream: Shutdown }, why: string): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#pending = [];
    this.#pendingBytes = 0;
    try {
      shut(this.#browser, how.browser);
      if (this.#upstream !== undefined) shut(this.#upstream, how.upstream);
    } catch (error) {
      this.#options.logger.warn({ err: error }, 'closing a console socket failed');
    }
    const browserCode = typeof how.browser === 'object' ? how.browser.code : undefined;
    this.#options.logger.debug({ why, browserCode }, 'console closed');
    this.#options.onEnd();
  }
}
