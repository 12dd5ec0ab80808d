import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';

/** An xterm.js terminal shown in an element and kept fitted to it. */
export interface SerialTerminal {
  readonly terminal: Terminal;
  /** Resizes the terminal to its element (also done on every resize of the element). */
  fit(): void;
  dispose(): void;
}

/** Ctrl+Shift+C (Cmd+C on macOS is the browser's own copy, which xterm handles). */
function isCopyShortcut(event: KeyboardEvent): boolean {
  return event.type === 'keydown' && event.ctrlKey && event.shiftKey && event.code === 'KeyC';
}

/** Ctrl+Shift+V: left to the browser, whose paste event xterm turns into input. */
function isPasteShortcut(event: KeyboardEvent): boolean {
  return event.ctrlKey && event.shiftKey && event.code === 'KeyV';
}

/** Copies the terminal's selection to the clipboard; false when nothing is selected. */
export async function copySelection(terminal: Terminal): Promise<boolean> {
  if (!terminal.hasSelection()) return false;
  await navigator.clipboard.writeText(terminal.getSelection());
  return true;
}

/** Ctrl+Shift+C copies the selection and Ctrl+Shift+V pastes, as in desktop terminals. */
function handleClipboardKeys(terminal: Terminal, event: KeyboardEvent): boolean {
  if (isCopyShortcut(event) && terminal.hasSelection()) {
    event.preventDefault();
    void copySelection(terminal).catch(() => undefined);
    return false;
  }
  return !isPasteShortcut(event);
}

/**
 * Opens an xterm.js terminal in `element`, fitted to it now and whenever it resizes. The serial
 * line has no resize channel, so the guest keeps its own idea of the size; fitting only uses the
 * panel fully.
 */
export function openSerialTerminal(element: HTMLElement): SerialTerminal {
  const terminal = new Terminal({
    cursorBlink: true,
    scrollback: 5000,
    fontFamily: 'var(--pf-t--global--font--family--mono, monospace)',
  });
  const fitAddon = new FitAddon();
  terminal.loadAddon(fitAddon);
  terminal.attachCustomKeyEventHandler((event) => handleClipboardKeys(terminal, event));
  terminal.open(element);
  const fit = (): void => {
    // Nothing to fit while the panel is hidden (a background tab): the proposal is undefined.
    if (fitAddon.proposeDimensions() !== undefined) fitAddon.fit();
  };
  fit();
  const observer = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(fit);
  observer?.observe(element);
  return {
    terminal,
    fit,
    dispose: () => {
      observer?.disconnect();
      terminal.dispose();
    },
  };
}
