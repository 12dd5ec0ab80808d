import { consoleCloseCodes, describeConsoleClose } from '@podvisor/bff/protocol';

/** Why the last console session closed, for the user. */
export interface ConsoleClose {
  readonly code: number;
  /** The sentence from `describeConsoleClose`. */
  readonly message: string;
}

/**
 * A console connection as the page shows it. `disconnected` carries the last close (absent when
 * the user disconnected or never connected) and, while a reconnect is scheduled, its delay.
 */
export type ConsoleConnectionState =
  | { readonly status: 'connecting' }
  | { readonly status: 'connected' }
  | {
      readonly status: 'disconnected';
      readonly close: ConsoleClose | undefined;
      readonly retryInMs: number | undefined;
    };

/** Reconnect delays: `initialMs`, growing by `factor` per failed try, capped at `maxMs`. */
export interface ConsoleBackoff {
  readonly initialMs?: number;
  readonly factor?: number;
  readonly maxMs?: number;
}

/** What a session tells its {@link ReconnectingConsole}. Calls from a stale session are ignored. */
export interface ConsoleSessionEvents {
  /** The console is usable: the state becomes `connected`. */
  readonly opened: () => void;
  /** The console proved it is really there (output, a finished handshake): backoff restarts. */
  readonly alive: () => void;
  /** The session ended with a websocket close `code` and `reason`. */
  readonly closed: (code: number, reason: string) => void;
}

/** One attempt at a console: whatever `open` built; `close` ends it at the user's request. */
export interface ConsoleSession {
  close(): void;
}

/** How to build a {@link ReconnectingConsole}. */
export interface ReconnectingConsoleOptions<S extends ConsoleSession> {
  /** Starts one session (may throw: reported as a close with code 0, not retried). */
  readonly open: (events: ConsoleSessionEvents) => S;
  /** Default: 1 s, ×2, at most 30 s. */
  readonly backoff?: ConsoleBackoff;
}

/** The close reason a console socket carries when the user disconnects. */
export const closeReasonByUser = 'disconnected by the user';

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

/** The initial, never-connected state. */
export const idleConsoleState: ConsoleConnectionState = {
  status: 'disconnected',
  close: undefined,
  retryInMs: undefined,
};

/**
 * The connect / disconnect / reconnect-with-backoff state machine every console viewer shares
 * (serial, VNC, SPICE): it opens sessions through `open`, follows their events, and after a close
 * that {@link isRetryableClose} allows opens a new one after the backoff delay, until
 * {@link ReconnectingConsole.disconnect}.
 */
export class ReconnectingConsole<S extends ConsoleSession> {
  readonly #open: (events: ConsoleSessionEvents) => S;
  readonly #backoff: Required<ConsoleBackoff>;
  readonly #listeners = new Set<(state: ConsoleConnectionState) => void>();
  /** The live attempt: its identity tells its events from a stale session's. */
  #attemptToken: object | undefined;
  #session: S | undefined;
  #state: ConsoleConnectionState = idleConsoleState;
  #failures = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: ReconnectingConsoleOptions<S>) {
    this.#open = options.open;
    this.#backoff = {
      initialMs: options.backoff?.initialMs ?? 1000,
      factor: options.backoff?.factor ?? 2,
      maxMs: options.backoff?.maxMs ?? 30_000,
    };
  }

  /** The current state. */
  state(): ConsoleConnectionState {
    return this.#state;
  }

  /** The live session, if one is open or opening. */
  session(): S | undefined {
    return this.#session;
  }

  /** Hears every change of {@link ReconnectingConsole.state}; returns the function that stops it. */
  onState(listener: (state: ConsoleConnectionState) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Opens a session now (cancelling a scheduled reconnect); does nothing while one is live. */
  connect(): void {
    this.#cancelRetry();
    if (this.#attemptToken !== undefined) return;
    const token = {};
    this.#attemptToken = token;
    this.#setState({ status: 'connecting' });
    let session: S;
    try {
      session = this.#open(this.#eventsFor(token));
    } catch (error) {
      this.#attemptToken = undefined;
      const detail = error instanceof Error ? error.message : String(error);
      const message = `The console could not be opened: ${detail}`;
      this.#setState({ status: 'disconnected', close: { code: 0, message }, retryInMs: undefined });
      return;
    }
    if (this.#attemptToken === token) this.#session = session;
  }

  /** Ends the session (through its `close`) and stops reconnecting, until the next `connect`. */
  disconnect(): void {
    this.#cancelRetry();
    this.#failures = 0;
    const session = this.#session;
    this.#session = undefined;
    this.#attemptToken = undefined;
    session?.close();
    this.#setState(idleConsoleState);
  }

  /** Disconnects and forgets every listener (page teardown). */
  dispose(): void {
    this.disconnect();
    this.#listeners.clear();
  }

  #eventsFor(token: object): ConsoleSessionEvents {
    const live = (): boolean => this.#attemptToken === token;
    return {
      opened: () => {
        if (live()) this.#setState({ status: 'connected' });
      },
      alive: () => {
        if (live()) this.#failures = 0;
      },
      closed: (code, reason) => {
        if (live()) this.#closed(code, reason);
      },
    };
  }

  #closed(code: number, reason: string): void {
    this.#attemptToken = undefined;
    this.#session = undefined;
    const close = { code, message: describeConsoleClose(code, reason) };
    if (!isRetryableClose(code)) {
      this.#failures = 0;
      this.#setState({ status: 'disconnected', close, retryInMs: undefined });
      return;
    }
    const { initialMs, factor, maxMs } = this.#backoff;
    const delay = Math.min(maxMs, initialMs * factor ** this.#failures);
    this.#failures += 1;
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

  #setState(state: ConsoleConnectionState): void {
    this.#state = state;
    for (const listener of this.#listeners) listener(state);
  }
}
