import { consoleCloseCodes } from '@podvisor/bff/protocol';
import { consoleSubprotocol } from './console-socket-url.ts';
import { comboKeyEvents, type KeyCombo, type KeyStroke } from './key-combos.ts';
import {
  closeReasonByUser,
  type ConsoleSession,
  type ConsoleSessionEvents,
} from './reconnecting-console.ts';

/** The part of noVNC's `RFB` client the VNC console uses (the seam tests fake). */
export interface RfbLike {
  scaleViewport: boolean;
  focusOnClick: boolean;
  /** Sends one key event (both down and up when `down` is absent); `code` picks the scancode. */
  sendKey(keysym: number, code: string | null, down?: boolean): void;
  focus(options?: FocusOptions): void;
  disconnect(): void;
  /** `connect`: the VNC handshake finished; `disconnect`: the client stopped. */
  addEventListener(type: 'connect' | 'disconnect', listener: () => void): void;
}

/** Starts an RFB client drawing into `target` over `socket` (noVNC: `new RFB(target, socket)`). */
export type RfbFactory = (target: HTMLElement, socket: WebSocket) => RfbLike;

/** How to open one VNC session. */
export interface VncSessionOptions {
  /** The VNC socket's URL (see `consoleSocketUrl`). */
  readonly url: string;
  /** The element noVNC puts its canvas into. */
  readonly target: HTMLElement;
  readonly createRfb: RfbFactory;
  /** Scale the remote screen to fit `target`. */
  readonly scaled: boolean;
}

/** One VNC session: its RFB client, ended normally by `close`. */
export interface VncSession extends ConsoleSession {
  readonly rfb: RfbLike;
}

/**
 * Opens VMI's VNC socket and starts an RFB client over it. The socket is opened here rather than
 * by noVNC so that its close code and reason (the BFF's refusal: 4403, 4404…) reach `events`;
 * noVNC only says whether a disconnect was clean. The session is `opened` once the VNC handshake
 * is done; when noVNC gives up on its own (a protocol failure) before the socket closes, that
 * counts as a dropped connection (1006).
 */
export function openVncSession(
  options: VncSessionOptions,
  events: ConsoleSessionEvents,
): VncSession {
  const socket = new WebSocket(options.url, [consoleSubprotocol]);
  socket.binaryType = 'arraybuffer';
  let ended = false;
  const end = (code: number, reason: string): void => {
    if (ended) return;
    ended = true;
    events.closed(code, reason);
  };
  // Registered before noVNC sets `onclose`, so this hears the close first.
  socket.addEventListener('close', (event) => {
    end(event.code, event.reason);
  });
  let rfb: RfbLike;
  try {
    rfb = options.createRfb(options.target, socket);
  } catch (error) {
    ended = true;
    socket.close();
    throw error;
  }
  rfb.scaleViewport = options.scaled;
  rfb.focusOnClick = true;
  rfb.addEventListener('connect', () => {
    events.alive();
    events.opened();
    rfb.focus({ preventScroll: true });
  });
  rfb.addEventListener('disconnect', () => {
    end(1006, '');
  });
  return {
    rfb,
    close: () => {
      ended = true;
      // Closing first gives the server a normal close (noVNC's own close sends no code).
      socket.close(consoleCloseCodes.normal, closeReasonByUser);
      rfb.disconnect();
    },
  };
}

/** Presses `combo` on the remote keyboard: keys down in order, up in reverse. */
export function sendKeyCombo(rfb: RfbLike, combo: KeyCombo): void {
  for (const event of comboKeyEvents(combo)) rfb.sendKey(event.keysym, event.code, event.down);
}

/** How {@link typeKeys} paces and stops. */
export interface TypeKeysOptions {
  /** Pause between keys, so the guest does not drop any. */
  readonly delayMs: number;
  /** Stops typing when it turns false (the session ended). */
  readonly isCurrent: () => boolean;
}

/** Types `keys` one by one (press and release each), pausing between keys. */
export async function typeKeys(
  rfb: RfbLike,
  keys: readonly KeyStroke[],
  options: TypeKeysOptions,
): Promise<void> {
  for (const [index, key] of keys.entries()) {
    if (!options.isCurrent()) return;
    if (index > 0)
      await new Promise((resolve) => {
        setTimeout(resolve, options.delayMs);
      });
    if (!options.isCurrent()) return;
    rfb.sendKey(key.keysym, key.code, true);
    rfb.sendKey(key.keysym, key.code, false);
  }
}
