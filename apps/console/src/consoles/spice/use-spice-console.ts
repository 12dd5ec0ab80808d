import { useCallback, useEffect, useRef, useState } from 'react';
import type { DisplayState } from '../DisplayToolbar.tsx';
import type { KeyCombo } from '../key-combos.ts';
import type { ConsoleConnectionState } from '../reconnecting-console.ts';
import { SpiceConnection, type TypeTextResult } from './spice-connection.ts';

/** What {@link useSpiceConsole} gives the page. */
export interface SpiceConsoleControls {
  readonly state: DisplayState;
  /** Connects now (also cancels a scheduled reconnect). */
  readonly connect: () => void;
  /** Disconnects and stops reconnecting. */
  readonly disconnect: () => void;
  /** Presses a key combination in the guest. */
  readonly sendKeys: (combo: KeyCombo) => void;
  /** Types `text` in the guest; what was skipped, or undefined when not connected. */
  readonly paste: (text: string) => TypeTextResult | undefined;
}

/** The toolbar's view of a console connection. */
export function displayState(state: ConsoleConnectionState): DisplayState {
  if (state.status !== 'disconnected') return state;
  return { status: 'disconnected', message: state.close?.message, retryInMs: state.retryInMs };
}

const loading: DisplayState = { status: 'connecting' };

function loadFailed(error: unknown): DisplayState {
  const detail = error instanceof Error ? error.message : String(error);
  return {
    status: 'disconnected',
    message: `The SPICE viewer could not be loaded: ${detail}`,
    retryInMs: undefined,
  };
}

/**
 * A SPICE console for `url`, drawn into the element with id `screenId`: loads spice-html5 (a
 * lazy chunk), connects on mount, follows the connection's state, and tears it down on unmount
 * or when `url` changes.
 */
export function useSpiceConsole(url: string, screenId: string): SpiceConsoleControls {
  const [state, setState] = useState<DisplayState>(loading);
  // Bumped by "Connect" after the viewer failed to load: loads it again.
  const [loadAttempt, setLoadAttempt] = useState(0);
  const connectionRef = useRef<SpiceConnection | undefined>(undefined);

  useEffect(() => {
    let current = true;
    let connection: SpiceConnection | undefined;
    import('./spice-html5-client.ts')
      .then(({ createSpiceHtml5Client }) => {
        if (!current) return;
        connection = new SpiceConnection({ url, screenId, createClient: createSpiceHtml5Client });
        connection.onState((next) => {
          setState(displayState(next));
        });
        connectionRef.current = connection;
        connection.connect();
      })
      .catch((error: unknown) => {
        if (current) setState(loadFailed(error));
      });
    return () => {
      current = false;
      connection?.dispose();
      connectionRef.current = undefined;
      setState(loading);
    };
  }, [url, screenId, loadAttempt]);

  const connect = useCallback(() => {
    const connection = connectionRef.current;
    if (connection === undefined) setLoadAttempt((attempt) => attempt + 1);
    else connection.connect();
  }, []);
  const disconnect = useCallback(() => connectionRef.current?.disconnect(), []);
  const sendKeys = useCallback((combo: KeyCombo) => {
    connectionRef.current?.sendCombo(combo);
  }, []);
  const paste = useCallback((text: string) => {
    const result = connectionRef.current?.typeText(text);
    return result?.sent === true ? result : undefined;
  }, []);
  return { state, connect, disconnect, sendKeys, paste };
}
