import type { KeyCombo } from '../key-combos.ts';
import {
  ReconnectingConsole,
  type ConsoleBackoff,
  type ConsoleConnectionState,
  type ConsoleSessionEvents,
} from '../reconnecting-console.ts';
import type { SpiceClientFactory, SpiceClientLike } from './spice-client.ts';
import { comboScancodes, textScancodes, type SpiceKeyEvent } from './spice-scancodes.ts';

/** How to build a {@link SpiceConnection}. */
export interface SpiceConnectionOptions {
  /** The console socket's URL (see `consoleSocketUrl`). */
  readonly url: string;
  /** The id of the element the guest's screen is drawn into. */
  readonly screenId: string;
  /** Makes each session's client (spice-html5 in the page, a fake in tests). */
  readonly createClient: SpiceClientFactory;
  /** Default: 1 s, ×2, at most 30 s. */
  readonly backoff?: ConsoleBackoff;
}

/** One SPICE session: its client, stopped at the user's request. */
interface SpiceSession {
  readonly client: SpiceClientLike;
  close(): void;
}

/** What {@link SpiceConnection.typeText} did. */
export interface TypeTextResult {
  /** False when the console was not connected (nothing was typed). */
  readonly sent: boolean;
  /** The characters that could not be typed (skipped). */
  readonly unsupported: readonly string[];
}

/**
 * A SPICE console: one client session at a time through the shared reconnect state machine
 * (reconnects with backoff after a close `isRetryableClose` allows, none after a refusal), plus
 * key combinations and typed text as PC scancodes on the inputs channel.
 */
export class SpiceConnection {
  readonly #options: SpiceConnectionOptions;
  readonly #console: ReconnectingConsole<SpiceSession>;

  constructor(options: SpiceConnectionOptions) {
    this.#options = options;
    this.#console = new ReconnectingConsole({
      open: (events) => this.#openSession(events),
      ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
    });
  }

  /** The current state. */
  state(): ConsoleConnectionState {
    return this.#console.state();
  }

  /** Hears every change of {@link SpiceConnection.state}; returns the function that stops it. */
  onState(listener: (state: ConsoleConnectionState) => void): () => void {
    return this.#console.onState(listener);
  }

  /** Starts a session now (cancelling a scheduled reconnect); nothing while one is live. */
  connect(): void {
    this.#console.connect();
  }

  /** Stops the session and reconnecting, until the next `connect`. */
  disconnect(): void {
    this.#console.disconnect();
  }

  /** Presses `combo` in the guest; false when not connected. */
  sendCombo(combo: KeyCombo): boolean {
    return this.#send(comboScancodes(combo));
  }

  /** Types `text` in the guest as key presses (US layout); untypeable characters are skipped. */
  typeText(text: string): TypeTextResult {
    const { events, unsupported } = textScancodes(text);
    return { sent: this.#send(events), unsupported };
  }

  /** Disconnects and forgets every listener (page teardown). */
  dispose(): void {
    this.#console.dispose();
  }

  #send(events: readonly SpiceKeyEvent[]): boolean {
    if (this.#console.state().status !== 'connected') return false;
    const client = this.#console.session()?.client;
    return client !== undefined && events.length > 0 && client.sendKeys(events);
  }

  #openSession(events: ConsoleSessionEvents): SpiceSession {
    const client = this.#options.createClient({
      url: this.#options.url,
      screenId: this.#options.screenId,
      onConnected: () => {
        events.opened();
        // A finished SPICE handshake proves the console is there: the backoff restarts.
        events.alive();
      },
      onClosed: (code, reason) => {
        events.closed(code, reason);
      },
    });
    return {
      client,
      close: () => {
        client.stop();
      },
    };
  }
}
