import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { typedKeys, type KeyCombo } from './key-combos.ts';
import { loadRfbFactory } from './load-rfb.ts';
import {
  idleConsoleState,
  ReconnectingConsole,
  type ConsoleConnectionState,
} from './reconnecting-console.ts';
import { openVncSession, sendKeyCombo, typeKeys, type VncSession } from './vnc-session.ts';

/** The pause between typed keys of a paste. */
const typingDelayMs = 15;

/** What {@link useVncConsole} gives the page. */
export interface VncConsoleControls {
  readonly state: ConsoleConnectionState;
  /** Connects now (also cancels a scheduled reconnect). */
  readonly connect: () => void;
  /** Disconnects and stops reconnecting. */
  readonly disconnect: () => void;
  /** Presses a key combination on the remote keyboard. */
  readonly sendKeys: (combo: KeyCombo) => void;
  /** Types `text` key by key (characters that cannot be typed are skipped). */
  readonly typeText: (text: string) => Promise<void>;
}

/** Where and how a VNC console runs. */
export interface VncConsoleOptions {
  /** The VNC socket's URL. */
  readonly url: string;
  /** The element noVNC draws into. */
  readonly screen: RefObject<HTMLElement | null>;
  /** Scale the remote screen to fit (applies to the live session at once). */
  readonly scaled: boolean;
}

const loadingState: ConsoleConnectionState = { status: 'connecting' };

function loadFailedState(error: unknown): ConsoleConnectionState {
  const detail = error instanceof Error ? error.message : String(error);
  return {
    status: 'disconnected',
    close: { code: 0, message: `The VNC viewer could not be loaded: ${detail}` },
    retryInMs: undefined,
  };
}

/**
 * A VNC console in the element `screen` holds: loads noVNC, connects on mount, reconnects after
 * retryable closes, follows the state, and tears down on unmount or when `url` changes.
 */
export function useVncConsole({ url, screen, scaled }: VncConsoleOptions): VncConsoleControls {
  const [state, setState] = useState<ConsoleConnectionState>(loadingState);
  const machineRef = useRef<ReconnectingConsole<VncSession> | undefined>(undefined);
  const scaledRef = useRef(scaled);

  useEffect(() => {
    const target = screen.current;
    if (target === null) return undefined;
    let mounted = true;
    let machine: ReconnectingConsole<VncSession> | undefined;
    loadRfbFactory().then(
      (createRfb) => {
        if (!mounted) return;
        machine = new ReconnectingConsole({
          open: (events) =>
            openVncSession({ url, target, createRfb, scaled: scaledRef.current }, events),
        });
        machine.onState(setState);
        machineRef.current = machine;
        machine.connect();
      },
      (error: unknown) => {
        if (mounted) setState(loadFailedState(error));
      },
    );
    return () => {
      mounted = false;
      machine?.dispose();
      machineRef.current = undefined;
      setState(idleConsoleState);
    };
  }, [url, screen]);

  useEffect(() => {
    scaledRef.current = scaled;
    const rfb = machineRef.current?.session()?.rfb;
    if (rfb !== undefined) rfb.scaleViewport = scaled;
  }, [scaled]);

  const connect = useCallback(() => machineRef.current?.connect(), []);
  const disconnect = useCallback(() => machineRef.current?.disconnect(), []);
  const sendKeys = useCallback((combo: KeyCombo) => {
    const rfb = machineRef.current?.session()?.rfb;
    if (rfb === undefined) return;
    sendKeyCombo(rfb, combo);
    rfb.focus({ preventScroll: true });
  }, []);
  const typeText = useCallback(async (text: string) => {
    const machine = machineRef.current;
    const session = machine?.session();
    if (machine === undefined || session === undefined) return;
    const isCurrent = (): boolean => machine.session() === session;
    await typeKeys(session.rfb, typedKeys(text).keys, { delayMs: typingDelayMs, isCurrent });
    if (isCurrent()) session.rfb.focus({ preventScroll: true });
  }, []);
  return { state, connect, disconnect, sendKeys, typeText };
}
