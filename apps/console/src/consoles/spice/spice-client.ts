import type { SpiceKeyEvent } from './spice-scancodes.ts';

/** What a SPICE client is told when it is made. */
export interface SpiceClientOptions {
  /** The console socket's URL; every SPICE channel opens its own socket to it. */
  readonly url: string;
  /** The id of the (attached) element the client draws the guest's screen into. */
  readonly screenId: string;
  /** The session is up: the main channel finished its handshake. */
  readonly onConnected: () => void;
  /**
   * The session ended by itself: a websocket close `code` and `reason` (the main channel's
   * socket, or a SPICE failure mapped to one). Called at most once, never after `stop`.
   */
  readonly onClosed: (code: number, reason: string) => void;
}

/** One SPICE session, as the viewer drives it (spice-html5 behind it, or a fake in tests). */
export interface SpiceClientLike {
  /** Sends key events through the inputs channel; false when that channel is not ready. */
  sendKeys(events: readonly SpiceKeyEvent[]): boolean;
  /** Ends the session at the user's request: closes every channel, removes the canvases. */
  stop(): void;
}

/** Makes one {@link SpiceClientLike} (may throw when the session cannot even start). */
export type SpiceClientFactory = (options: SpiceClientOptions) => SpiceClientLike;
