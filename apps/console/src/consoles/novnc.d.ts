// The part of noVNC 1.7's `RFB` (the package's entry, `core/rfb.js`) this directory uses.
// `@types/novnc__novnc` describes the old `lib/rfb` path only, so the entry gets its own types.
declare module '@novnc/novnc' {
  /** noVNC's options: only `shared` is used (keep other viewers connected). */
  export interface RfbOptions {
    readonly shared?: boolean;
  }

  /** A VNC client drawing into a canvas it adds to `target`, over a websocket. */
  export default class RFB extends EventTarget {
    constructor(target: Element, urlOrChannel: string | WebSocket, options?: RfbOptions);
    scaleViewport: boolean;
    focusOnClick: boolean;
    sendKey(keysym: number, code: string | null, down?: boolean): void;
    focus(options?: FocusOptions): void;
    disconnect(): void;
  }
}
