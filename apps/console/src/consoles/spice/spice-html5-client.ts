import { Constants } from '@spice-project/spice-html5/src/enums.js';
import { SpiceMainConn } from '@spice-project/spice-html5/src/main.js';
import { SpiceConn } from '@spice-project/spice-html5/src/spiceconn.js';
import {
  SpiceMiniData,
  SpiceMsgcKeyDown,
  SpiceMsgcKeyUp,
} from '@spice-project/spice-html5/src/spicemsg.js';
import type { SpiceClientLike, SpiceClientOptions } from './spice-client.ts';
import type { SpiceKeyEvent } from './spice-scancodes.ts';

// This module is the only one that imports spice-html5, and it is only reached through a dynamic
// import(): the library lands in its own lazy chunk.

/** Where one session's spice-html5 channels report (instead of the page's console). */
interface SessionSink {
  /** The main channel's last error: the close reason when the socket gives none. */
  lastError: string | undefined;
  /** A channel other than main failed (spice-html5 would throw: it has no handler there). */
  channelFailed(message: string): void;
}

/** Each live session's sink, by its main channel. */
const sinks = new WeakMap<SpiceConn, SessionSink>();

function sinkOf(channel: SpiceConn): SessionSink | undefined {
  return sinks.get(channel.parent ?? channel);
}

function messageOf(error: unknown): string | undefined {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : undefined;
}

let logsContained = false;

/**
 * Keeps spice-html5's logging out of the page's console: every channel's `log_*` is dropped (the
 * errors that matter also reach `onerror`), and an error on a channel without a handler ends its
 * session instead of being thrown from a websocket listener.
 */
function containLogs(): void {
  if (logsContained) return;
  logsContained = true;
  const proto = SpiceConn.prototype;
  const originalReportError = proto.report_error;
  const drop = (): void => undefined;
  proto.log_info = drop;
  proto.log_warn = drop;
  proto.log_err = drop;
  proto.report_error = function (this: SpiceConn, error: unknown) {
    if (this.onerror !== undefined) {
      originalReportError.call(this, error);
      return;
    }
    sinkOf(this)?.channelFailed(messageOf(error) ?? 'a SPICE channel failed');
  };
}

/** Close codes for SPICE failures on an open socket (no websocket close code exists for them). */
const spiceFailureCodes = {
  /** Link refused, bad ticket, protocol mismatch: not retried. */
  protocol: 1002,
  /** The handshake timed out, or a channel broke: retried. */
  retry: 1013,
} as const;

/** `WebSocket.OPEN`; CONNECTING (0) is below it. */
const open = 1;

const connectingOrOpen = (socket: WebSocket | undefined): boolean =>
  socket !== undefined && socket.readyState <= open;

function keyMessage(event: SpiceKeyEvent): SpiceMiniData {
  const key = event.down ? new SpiceMsgcKeyDown() : new SpiceMsgcKeyUp();
  key.code = event.code;
  const message = new SpiceMiniData();
  message.build_msg(
    event.down ? Constants.SPICE_MSGC_INPUTS_KEY_DOWN : Constants.SPICE_MSGC_INPUTS_KEY_UP,
    key,
  );
  return message;
}

/**
 * A SPICE session through spice-html5: its main channel on `options.url` (empty password:
 * ticketing is off in our QEMU), the others opened as the server lists them, the screen drawn
 * into `options.screenId`. The main socket's close (code and reason) ends the session; a SPICE
 * failure on an open socket ends it with 1002 (not retried) or, for a timeout or a broken
 * secondary channel, 1013 (retried).
 */
export function createSpiceHtml5Client(options: SpiceClientOptions): SpiceClientLike {
  containLogs();
  let ended = false;
  const sink: SessionSink = {
    lastError: undefined,
    channelFailed: (message) => {
      end(spiceFailureCodes.retry, `SPICE: ${message}`);
    },
  };
  const main = new SpiceMainConn({
    uri: options.url,
    password: '',
    screen_id: options.screenId,
    onsuccess: () => {
      if (!ended) options.onConnected();
    },
    onerror: (error) => {
      const message = messageOf(error);
      if (message !== undefined) sink.lastError = message;
      // A closing socket reports through its close event; a failure on a live one ends it here.
      if (!connectingOrOpen(main.ws)) return;
      const timedOut = message !== undefined && /timed out/i.test(message);
      const code = timedOut ? spiceFailureCodes.retry : spiceFailureCodes.protocol;
      end(code, `SPICE: ${message ?? 'the handshake failed'}`);
    },
  });
  sinks.set(main, sink);
  function teardown(): void {
    sinks.delete(main);
    try {
      main.stop();
    } catch {
      // Removing the canvas fails once the screen element has left the document (the page
      // unmounted first); the other channels are closed by then, so close the main one.
      main.ws?.close();
    }
  }
  function end(code: number, reason: string): void {
    if (ended) return;
    ended = true;
    teardown();
    options.onClosed(code, reason);
  }
  main.ws?.addEventListener('close', (event) => {
    end(event.code, event.reason === '' ? (sink.lastError ?? '') : event.reason);
  });
  return {
    sendKeys: (events) => {
      const inputs = main.inputs;
      if (ended || inputs?.state !== 'ready') return false;
      for (const event of events) inputs.send_msg(keyMessage(event));
      return true;
    },
    stop: () => {
      if (ended) return;
      ended = true;
      teardown();
    },
  };
}
