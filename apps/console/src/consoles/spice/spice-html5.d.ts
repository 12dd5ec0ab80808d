// The parts of spice-html5 0.2.1 (plain ES modules, no types of its own) that the SPICE viewer
// uses. Only what `spice-html5-client.ts` and the scancode check touch is described.

declare module '@spice-project/spice-html5/src/spiceconn.js' {
  /** The base of every channel (main, display, inputs, cursor…): one websocket each. */
  export class SpiceConn {
    /** The channel's websocket; `undefined` once cleaned up. */
    ws: WebSocket | undefined;
    /** 'connecting' | 'start' | 'link' | 'ticket' | 'ready' | 'closing' | 'error'. */
    state: string;
    /** The main channel, on every other channel. */
    parent?: SpiceConn;
    /** Asynchronous errors; absent on channels the main channel opens. */
    onerror?: (error: unknown) => void;
    log_info: (this: SpiceConn, ...parts: unknown[]) => void;
    log_warn: (this: SpiceConn, ...parts: unknown[]) => void;
    log_err: (this: SpiceConn, ...parts: unknown[]) => void;
    /** Logs `error`, then calls `onerror`, or throws it when there is none. */
    report_error: (this: SpiceConn, error: unknown) => void;
    /** Sends one message on this channel's socket. */
    send_msg(message: object): void;
  }
}

declare module '@spice-project/spice-html5/src/main.js' {
  import type { SpiceConn } from '@spice-project/spice-html5/src/spiceconn.js';

  /** What `new SpiceMainConn` takes. */
  export interface SpiceMainConnOptions {
    /** The websocket URL; every channel opens its own socket to it (subprotocol 'binary'). */
    uri: string;
    /** The SPICE ticket ('' when ticketing is disabled). */
    password: string;
    /** The id of the element the display channel draws its canvases into. */
    screen_id: string;
    /** The main channel's asynchronous errors (an `Error`, or a websocket error `Event`). */
    onerror?: (error: unknown) => void;
    /** Called when the server sent SPICE_MSG_MAIN_INIT. */
    onsuccess?: (message: string) => void;
  }

  /** The main channel: opens the others when the server lists them. */
  export class SpiceMainConn extends SpiceConn {
    constructor(options: SpiceMainConnOptions);
    /** The inputs channel, once listed by the server. */
    inputs: SpiceConn | undefined;
    /** Closes every channel and removes the display's canvases. */
    stop(): void;
  }
}

declare module '@spice-project/spice-html5/src/spicemsg.js' {
  /** A message with SPICE's mini header. */
  export class SpiceMiniData {
    build_msg(type: number, payload: object): void;
  }
  /** Inputs: a key went down; `code` is the scancode bytes, little-endian, E0 prefix first. */
  export class SpiceMsgcKeyDown {
    code: number;
  }
  /** Inputs: a key went up. */
  export class SpiceMsgcKeyUp {
    code: number;
  }
}

declare module '@spice-project/spice-html5/src/enums.js' {
  export const Constants: {
    readonly SPICE_MSGC_INPUTS_KEY_DOWN: number;
    readonly SPICE_MSGC_INPUTS_KEY_UP: number;
  };
}

declare module '@spice-project/spice-html5/src/atKeynames.js' {
  /** PC AT (set 1) scancodes by XFree86 key name (`KEY_A`, `KEY_ShiftL`…). */
  export const KeyNames: Readonly<Record<string, number>>;
}
