import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { copySelection, openSerialTerminal, type SerialTerminal } from './serial-terminal.ts';
import { stubBrowserForXterm } from './xterm-jsdom.ts';

let element: HTMLElement;
let opened: SerialTerminal | undefined;

function open(): SerialTerminal {
  opened = openSerialTerminal(element);
  return opened;
}

async function write(serial: SerialTerminal, text: string): Promise<void> {
  await new Promise<void>((resolve) => {
    serial.terminal.write(text, resolve);
  });
}

beforeEach(() => {
  stubBrowserForXterm();
  element = document.createElement('div');
  document.body.append(element);
});
afterEach(() => {
  opened?.dispose();
  opened = undefined;
  element.remove();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('openSerialTerminal', () => {
  it('copies the selection to the clipboard', async () => {
    userEvent.setup();
    const serial = open();
    await write(serial, 'hello world');
    serial.terminal.selectAll();
    await expect(copySelection(serial.terminal)).resolves.toBe(true);
    await expect(navigator.clipboard.readText()).resolves.toContain('hello world');
  });

  it('copies nothing without a selection', async () => {
    userEvent.setup();
    await navigator.clipboard.writeText('before');
    const serial = open();
    await write(serial, 'hello');
    await expect(copySelection(serial.terminal)).resolves.toBe(false);
    await expect(navigator.clipboard.readText()).resolves.toBe('before');
  });

  it('copies on Ctrl+Shift+C instead of sending it to the console', async () => {
    const user = userEvent.setup();
    const serial = open();
    const input: string[] = [];
    serial.terminal.onData((data) => input.push(data));
    await write(serial, 'uptime');
    serial.terminal.selectAll();
    serial.terminal.focus();
    await user.keyboard('{Control>}{Shift>}C{/Shift}{/Control}');
    await vi.waitFor(async () => {
      await expect(navigator.clipboard.readText()).resolves.toContain('uptime');
    });
    expect(input).toEqual([]);
  });

  it('watches its element for resizes until disposed', () => {
    const observed: Element[] = [];
    const disconnect = vi.fn();
    vi.stubGlobal(
      'ResizeObserver',
      class {
        observe(target: Element): void {
          observed.push(target);
        }
        disconnect = disconnect;
      },
    );
    const serial = open();
    expect(observed).toEqual([element]);
    serial.dispose();
    opened = undefined;
    expect(disconnect).toHaveBeenCalledTimes(1);
  });
});
