import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { SerialConnection, type SerialConnectionState } from './serial-connection.ts';
import { copySelection, openSerialTerminal, type SerialTerminal } from './serial-terminal.ts';

/** What {@link useSerialConsole} gives the page. */
export interface SerialConsoleControls {
  readonly state: SerialConnectionState;
  /** Connects now (also cancels a scheduled reconnect and connects at once). */
  readonly connect: () => void;
  /** Disconnects and stops reconnecting. */
  readonly disconnect: () => void;
  /** Copies the terminal's selection to the clipboard; false when nothing is selected. */
  readonly copy: () => Promise<boolean>;
  /** Types the clipboard's text into the console (as xterm pastes: one binary frame). */
  readonly paste: () => Promise<void>;
}

const initialState: SerialConnectionState = {
  status: 'disconnected',
  close: undefined,
  retryInMs: undefined,
};

/** Wires a terminal to a connection: output to the screen, keystrokes and pastes to the socket. */
function wire(serial: SerialTerminal, connection: SerialConnection): () => void {
  const { terminal } = serial;
  const subscriptions = [
    terminal.onData((text) => connection.sendInput(text)),
    terminal.onBinary((data) => connection.sendBinary(data)),
  ];
  const stopState = connection.onState((state) => {
    if (state.status === 'connected') terminal.focus();
  });
  return () => {
    stopState();
    for (const subscription of subscriptions) subscription.dispose();
  };
}

/**
 * A serial console for `url` in the element `container` holds: opens an xterm.js terminal there,
 * connects on mount, follows the connection's state, and tears both down on unmount or when
 * `url` changes.
 */
export function useSerialConsole(
  url: string,
  container: RefObject<HTMLElement | null>,
): SerialConsoleControls {
  const [state, setState] = useState<SerialConnectionState>(initialState);
  const connectionRef = useRef<SerialConnection | undefined>(undefined);
  const terminalRef = useRef<SerialTerminal | undefined>(undefined);

  useEffect(() => {
    const element = container.current;
    if (element === null) return undefined;
    const serial = openSerialTerminal(element);
    const connection = new SerialConnection({
      url,
      onOutput: (data) => {
        serial.terminal.write(data);
      },
    });
    const unwire = wire(serial, connection);
    const stopState = connection.onState(setState);
    connectionRef.current = connection;
    terminalRef.current = serial;
    connection.connect();
    return () => {
      stopState();
      unwire();
      connection.dispose();
      serial.dispose();
      connectionRef.current = undefined;
      terminalRef.current = undefined;
      setState(initialState);
    };
  }, [url, container]);

  const connect = useCallback(() => connectionRef.current?.connect(), []);
  const disconnect = useCallback(() => connectionRef.current?.disconnect(), []);
  const copy = useCallback(async () => {
    const serial = terminalRef.current;
    return serial === undefined ? false : copySelection(serial.terminal);
  }, []);
  const paste = useCallback(async () => {
    const serial = terminalRef.current;
    if (serial === undefined) return;
    const text = await navigator.clipboard.readText();
    serial.terminal.paste(text);
    serial.terminal.focus();
  }, []);
  return { state, connect, disconnect, copy, paste };
}
