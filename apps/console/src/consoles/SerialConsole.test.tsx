import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeSerialSockets, type FakeSerialSockets } from './fake-serial-socket.ts';
import { SerialConsole } from './SerialConsole.tsx';
import { stubBrowserForXterm } from './xterm-jsdom.ts';

let fakes: FakeSerialSockets;

beforeEach(() => {
  stubBrowserForXterm();
  fakes = fakeSerialSockets();
  vi.stubGlobal('WebSocket', fakes.WebSocket);
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

function status(): string {
  return screen.getByRole('status').textContent;
}

function terminalInput(): HTMLElement {
  return screen.getByRole('textbox', { name: 'Terminal input' });
}

/** Renders the console and lets the server accept its socket. */
function renderConnected(): void {
  render(<SerialConsole namespace="lab" name="fedora" />);
  act(() => {
    fakes.last().open();
  });
}

describe('SerialConsole', () => {
  it('opens the VM’s serial socket and shows Connecting, then Connected', () => {
    render(<SerialConsole namespace="lab" name="fedora" />);
    expect(fakes.last().url).toBe(`ws://${location.host}/api/consoles/lab/fedora/serial`);
    expect(fakes.last().protocols).toEqual(['plain.kubevirt.io']);
    expect(status()).toBe('Connecting');
    act(() => {
      fakes.last().open();
    });
    expect(status()).toBe('Connected');
  });

  it('focuses the terminal once connected', () => {
    renderConnected();
    expect(document.activeElement).toBe(terminalInput());
  });

  it('sends typed keys as binary frames only', async () => {
    renderConnected();
    await userEvent.type(terminalInput(), 'ls{Enter}');
    expect(fakes.last().sentText()).toBe('ls\r');
    expect(fakes.last().sent.every((frame) => typeof frame !== 'string')).toBe(true);
  });

  it('shows the console’s output, decoding UTF-8 split across frames', async () => {
    renderConnected();
    const bytes = new TextEncoder().encode('login: café');
    act(() => {
      fakes.last().output(bytes.slice(0, -1));
      fakes.last().output(bytes.slice(-1));
    });
    const screenText = screen.getByTestId('serial-terminal');
    await waitFor(() => {
      expect(screenText.textContent).toContain('login: café');
    });
  });

  it('pastes the clipboard as binary input', async () => {
    const user = userEvent.setup();
    renderConnected();
    await navigator.clipboard.writeText('uname -a');
    await user.click(screen.getByRole('button', { name: 'Paste' }));
    await waitFor(() => {
      expect(fakes.last().sentText()).toBe('uname -a');
    });
  });

  it.each([
    [4400, 'VMI is not running', 'The VM is not running.'],
    [
      4403,
      'virtualmachineinstances/console is forbidden',
      'You are not allowed to open this console.',
    ],
    [4401, '', 'Your session has expired; sign in again.'],
    [4404, '', 'The VM does not exist or is not running.'],
  ])('after close %i shows its message and waits for Reconnect', async (code, reason, message) => {
    renderConnected();
    act(() => {
      fakes.last().drop(code, reason);
    });
    expect(status()).toBe('Disconnected');
    expect(screen.getByText(message)).toBeDefined();
    expect(screen.queryByText(/Reconnecting in/)).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Reconnect' }));
    expect(fakes.sockets).toHaveLength(2);
    expect(status()).toBe('Connecting');
  });

  it('after a dropped connection says it will reconnect, and does', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    renderConnected();
    act(() => {
      fakes.last().drop(1006);
    });
    expect(screen.getByText('The connection to the server was lost.')).toBeDefined();
    expect(screen.getByText('Reconnecting in 1 s…')).toBeDefined();
    act(() => {
      vi.advanceTimersByTime(1000);
    });
    expect(fakes.sockets).toHaveLength(2);
    expect(status()).toBe('Connecting');
  });

  it('stops reconnecting when asked', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    renderConnected();
    act(() => {
      fakes.last().drop(4502);
    });
    act(() => {
      screen.getByRole('button', { name: 'Stop reconnecting' }).click();
    });
    act(() => {
      vi.advanceTimersByTime(60_000);
    });
    expect(fakes.sockets).toHaveLength(1);
    expect(status()).toBe('Disconnected');
    expect(screen.getByRole('button', { name: 'Connect' })).toBeDefined();
  });

  it('disconnects on Disconnect and connects again on Connect', async () => {
    renderConnected();
    const first = fakes.last();
    await userEvent.click(screen.getByRole('button', { name: 'Disconnect' }));
    expect(first.closedWith?.code).toBe(1000);
    expect(status()).toBe('Disconnected');
    expect(screen.queryByRole('alert')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Connect' }));
    expect(fakes.sockets).toHaveLength(2);
  });

  it('closes the socket when the page goes away', () => {
    renderConnected();
    cleanup();
    expect(fakes.last().closedWith?.code).toBe(1000);
  });
});
