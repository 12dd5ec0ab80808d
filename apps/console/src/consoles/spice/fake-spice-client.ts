import type { SpiceClientFactory, SpiceClientLike, SpiceClientOptions } from './spice-client.ts';
import type { SpiceKeyEvent } from './spice-scancodes.ts';

/**
 * A stand-in for spice-html5 in tests: it records what the viewer asked of it and lets the test
 * finish the handshake or end the session the way the real client reports them.
 */
export class FakeSpiceClient implements SpiceClientLike {
  readonly options: SpiceClientOptions;
  /** Every key event sent through the inputs channel. */
  readonly keys: SpiceKeyEvent[] = [];
  /** Whether the viewer stopped it. */
  stopped = false;
  /** Whether the inputs channel accepts keys (true once connected). */
  inputsReady = false;

  constructor(options: SpiceClientOptions) {
    this.options = options;
  }

  sendKeys(events: readonly SpiceKeyEvent[]): boolean {
    if (!this.inputsReady || this.stopped) return false;
    this.keys.push(...events);
    return true;
  }

  stop(): void {
    this.stopped = true;
  }

  /** The server finished the SPICE handshake: the session is up. */
  connect(): void {
    this.inputsReady = true;
    this.options.onConnected();
  }

  /** The session ended by itself with websocket close `code`. */
  close(code: number, reason = ''): void {
    this.inputsReady = false;
    this.options.onClosed(code, reason);
  }
}

/** A factory of {@link FakeSpiceClient}s that keeps every client it made. */
export interface FakeSpiceClients {
  readonly create: SpiceClientFactory;
  readonly all: FakeSpiceClient[];
  /** The newest client; throws when none was made. */
  last(): FakeSpiceClient;
}

/** Makes a fresh {@link FakeSpiceClients}. */
export function fakeSpiceClients(): FakeSpiceClients {
  const all: FakeSpiceClient[] = [];
  return {
    all,
    create: (options) => {
      const client = new FakeSpiceClient(options);
      all.push(client);
      return client;
    },
    last: () => {
      const client = all.at(-1);
      if (client === undefined) throw new Error('no SPICE client was made');
      return client;
    },
  };
}
