import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { fakeVnc, RecordedVncSocket, resetFakeVnc } from './fake-vnc.ts';
import { VncConsole } from './VncConsole.tsx';

vi.mock('./load-rfb.ts', async () => (await import('./fake-vnc.ts')).fakeLoadRfbModule);

beforeEach(() => {
  resetFakeVnc();
  vi.stubGlobal('WebSocket', RecordedVncSocket);
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

/** Renders the console and lets noVNC "load". */
async function renderVnc(): Promise<void> {
  render(<VncConsole namespace="lab" name="fedora" />);
  await act(async () => {
    await Promise.resolve();
  });
}

/** Renders the console, and the server accepts it and finishes the VNC handshake. */
async function renderConnected(): Promise<void> {
  await renderVnc();
  act(() => {
    fakeVnc.socket().open();
    fakeVnc.rfb().handshake();
  });
}

describe('VncConsole', () => {
  it('starts noVNC in the VNC console region over the VM’s VNC socket', async () => {
    await renderVnc();
    const socket = fakeVnc.socket();
    expect(socket.url).toBe(`ws://${location.host}/api/consoles/lab/fedora/vnc`);
    expect(socket.binaryType).toBe('arraybuffer');
    const rfb = fakeVnc.rfb();
    expect(rfb.target).toBe(screen.getByRole('region', { name: 'VNC console' }));
    expect(rfb.socket).toBe(socket);
    expect(rfb.scaleViewport).toBe(true);
    expect(rfb.focusOnClick).toBe(true);
  });

  it('shows Connecting until the VNC handshake is done, then Connected with keyboard focus', async () => {
    await renderVnc();
    act(() => {
      fakeVnc.socket().open();
    });
    expect(status()).toBe('Connecting');
    act(() => {
      fakeVnc.rfb().handshake();
    });
    expect(status()).toBe('Connected');
    expect(fakeVnc.rfb().focusCount).toBe(1);
  });

  it.each([
    [4403, 'virtualmachineinstances/vnc is forbidden', 'You are not allowed to open this console.'],
    [4404, '', 'The VM does not exist or is not running.'],
    [4400, 'VMI is not running', 'The VM is not running.'],
    [
      4409,
      'There is already an active VNC connection',
      'Another VNC viewer is connected to this VM.',
    ],
  ])('after close %i shows its message and does not reconnect', async (code, reason, message) => {
    await renderConnected();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    act(() => {
      fakeVnc.socket().serverClose(code, reason);
    });
    expect(status()).toBe('Disconnected');
    expect(screen.getByText(message)).toBeDefined();
    expect(screen.queryByText(/Reconnecting in/)).toBeNull();
    act(() => {
      vi.advanceTimersByTime(120_000);
    });
    expect(fakeVnc.sockets).toHaveLength(1);
    act(() => {
      screen.getByRole('button', { name: 'Reconnect VNC' }).click();
    });
    expect(fakeVnc.sockets).toHaveLength(2);
    expect(status()).toBe('Connecting');
  });

  it.each([
    [1006, 'The connection to the server was lost.'],
    [4502, 'The connection to the console failed.'],
    [1001, 'The server is restarting; reconnect in a moment.'],
  ])('after close %i says it will reconnect, and does', async (code, message) => {
    await renderConnected();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    act(() => {
      fakeVnc.socket().serverClose(code);
    });
    expect(status()).toBe('Reconnecting');
    expect(screen.getByText(message)).toBeDefined();
    expect(screen.getByText('Reconnecting in 1 s…')).toBeDefined();
    act(() => {
      vi.advanceTimersByTime(1000);
    });
    expect(fakeVnc.sockets).toHaveLength(2);
    expect(fakeVnc.rfbs).toHaveLength(2);
    expect(status()).toBe('Connecting');
  });

  it('treats noVNC giving up on its own as a dropped connection', async () => {
    await renderConnected();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    act(() => {
      fakeVnc.rfb().fail();
    });
    expect(screen.getByText('The connection to the server was lost.')).toBeDefined();
    act(() => {
      vi.advanceTimersByTime(1000);
    });
    expect(fakeVnc.sockets).toHaveLength(2);
  });

  it('stops reconnecting when asked', async () => {
    await renderConnected();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    act(() => {
      fakeVnc.socket().serverClose(4504);
    });
    act(() => {
      screen.getByRole('button', { name: 'Stop reconnecting VNC' }).click();
    });
    act(() => {
      vi.advanceTimersByTime(120_000);
    });
    expect(fakeVnc.sockets).toHaveLength(1);
    expect(status()).toBe('Disconnected');
    expect(screen.getByRole('button', { name: 'Connect VNC' })).toBeDefined();
  });

  it('disconnects normally on Disconnect, ignores the late close, and connects again', async () => {
    const user = userEvent.setup();
    await renderConnected();
    const socket = fakeVnc.socket();
    await user.click(screen.getByRole('button', { name: 'Disconnect VNC' }));
    expect(socket.closedWith).toEqual({ code: 1000, reason: 'disconnected by the user' });
    expect(fakeVnc.rfb().disconnected).toBe(true);
    act(() => {
      socket.serverClose(1006);
    });
    expect(status()).toBe('Disconnected');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(fakeVnc.sockets).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Connect VNC' }));
    expect(fakeVnc.sockets).toHaveLength(2);
  });

  it('turns scaling off for the live session and the next ones', async () => {
    const user = userEvent.setup();
    await renderConnected();
    await user.click(screen.getByRole('switch', { name: 'Scale to fit' }));
    expect(fakeVnc.rfb().scaleViewport).toBe(false);
    await user.click(screen.getByRole('button', { name: 'Disconnect VNC' }));
    await user.click(screen.getByRole('button', { name: 'Connect VNC' }));
    expect(fakeVnc.rfb().scaleViewport).toBe(false);
  });

  it('presses Ctrl+Alt+Del on the remote keyboard', async () => {
    const user = userEvent.setup();
    await renderConnected();
    await user.click(screen.getByRole('button', { name: 'Send keys' }));
    await user.click(screen.getByRole('menuitem', { name: 'Ctrl+Alt+Del' }));
    expect(fakeVnc.rfb().keys).toEqual([
      { keysym: 0xffe3, code: 'ControlLeft', down: true },
      { keysym: 0xffe9, code: 'AltLeft', down: true },
      { keysym: 0xffff, code: 'Delete', down: true },
      { keysym: 0xffff, code: 'Delete', down: false },
      { keysym: 0xffe9, code: 'AltLeft', down: false },
      { keysym: 0xffe3, code: 'ControlLeft', down: false },
    ]);
  });

  it('types pasted text key by key', async () => {
    const user = userEvent.setup();
    await renderConnected();
    await user.click(screen.getByRole('button', { name: 'Paste as typed keys' }));
    const dialog = screen.getByRole('dialog', { name: 'Paste as typed keys into VNC' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Text to type' }), 'ls{Enter}');
    await user.click(within(dialog).getByRole('button', { name: 'Type text' }));
    await waitFor(() => {
      expect(fakeVnc.rfb().keys).toHaveLength(6);
    });
    expect(fakeVnc.rfb().keys).toEqual([
      { keysym: 0x6c, code: null, down: true },
      { keysym: 0x6c, code: null, down: false },
      { keysym: 0x73, code: null, down: true },
      { keysym: 0x73, code: null, down: false },
      { keysym: 0xff0d, code: 'Enter', down: true },
      { keysym: 0xff0d, code: 'Enter', down: false },
    ]);
  });

  it('shows the whole console full screen', async () => {
    // jsdom has no Fullscreen API: lend one to elements for this test.
    const requestFullscreen = vi.fn(() => Promise.resolve());
    Object.defineProperty(HTMLElement.prototype, 'requestFullscreen', {
      configurable: true,
      value: requestFullscreen,
    });
    onTestFinished(() => {
      Reflect.deleteProperty(HTMLElement.prototype, 'requestFullscreen');
    });
    const user = userEvent.setup();
    await renderConnected();
    await user.click(screen.getByRole('button', { name: 'Fullscreen' }));
    expect(requestFullscreen).toHaveBeenCalledTimes(1);
    const frame = requestFullscreen.mock.contexts[0] as HTMLElement;
    expect(frame.contains(screen.getByRole('region', { name: 'VNC console' }))).toBe(true);
    expect(frame.contains(screen.getByRole('status'))).toBe(true);
  });

  it('closes the socket when the page goes away', async () => {
    await renderConnected();
    cleanup();
    expect(fakeVnc.socket().closedWith?.code).toBe(1000);
    expect(fakeVnc.rfb().disconnected).toBe(true);
  });
});
