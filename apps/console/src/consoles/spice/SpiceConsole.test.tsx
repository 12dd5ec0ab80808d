import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeSpiceClients, type FakeSpiceClient } from './fake-spice-client.ts';
import { SpiceConsole } from './SpiceConsole.tsx';
import { comboScancodes, textScancodes } from './spice-scancodes.ts';

// spice-html5 itself is replaced at its seam: the viewer loads this module lazily.
const fakes = vi.hoisted(() => ({
  current: undefined as ReturnType<typeof fakeSpiceClients> | undefined,
}));
vi.mock('./spice-html5-client.ts', () => ({
  createSpiceHtml5Client: (...args: Parameters<ReturnType<typeof fakeSpiceClients>['create']>) => {
    if (fakes.current === undefined) throw new Error('no fake SPICE clients');
    return fakes.current.create(...args);
  },
}));

beforeEach(() => {
  fakes.current = fakeSpiceClients();
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function clients(): FakeSpiceClient[] {
  return fakes.current?.all ?? [];
}

function status(): string {
  return screen.getByRole('status').textContent;
}

/** Renders the viewer and waits for spice-html5 (the fake) to be started. */
async function renderViewer(): Promise<FakeSpiceClient> {
  render(<SpiceConsole namespace="lab" name="win" />);
  await waitFor(() => {
    expect(clients()).toHaveLength(1);
  });
  const client = clients()[0];
  if (client === undefined) throw new Error('unreachable');
  return client;
}

async function renderConnected(): Promise<FakeSpiceClient> {
  const client = await renderViewer();
  act(() => {
    client.connect();
  });
  return client;
}

describe('SpiceConsole', () => {
  it('starts SPICE on the VM’s socket, drawing inside the SPICE console region', async () => {
    const client = await renderViewer();
    expect(client.options.url).toBe(`ws://${location.host}/api/consoles/lab/win/spice`);
    const region = screen.getByRole('region', { name: 'SPICE console' });
    const drawTarget = document.getElementById(client.options.screenId);
    expect(drawTarget).not.toBeNull();
    expect(region.contains(drawTarget)).toBe(true);
  });

  it('shows Connecting, then Connected once the SPICE session is up', async () => {
    const client = await renderViewer();
    expect(status()).toBe('Connecting');
    act(() => {
      client.connect();
    });
    expect(status()).toBe('Connected');
  });

  it('sends Ctrl+Alt+Del from the Send keys menu as scancodes', async () => {
    const user = userEvent.setup();
    const client = await renderConnected();
    await user.click(screen.getByRole('button', { name: 'Send keys' }));
    await user.click(screen.getByRole('menuitem', { name: 'Ctrl+Alt+Del' }));
    expect(client.keys).toEqual(comboScancodes('ctrl-alt-del'));
  });

  it('types pasted text and lists the characters it could not type', async () => {
    const user = userEvent.setup();
    const client = await renderConnected();
    await user.click(screen.getByRole('button', { name: 'Paste as typed keys' }));
    const dialog = screen.getByRole('dialog', { name: 'Paste as typed keys into SPICE' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Text to type' }), 'Ls é');
    await user.click(within(dialog).getByRole('button', { name: 'Type text' }));
    expect(client.keys).toEqual(textScancodes('Ls ').events);
    expect(screen.getByText('Not typed (no key on a US keyboard): é')).toBeDefined();
  });

  it.each([
    [4404, 'virtualmachineinstance "win" not found', 'The VM does not exist or is not running.'],
    [4403, 'forbidden', 'You are not allowed to open this console.'],
  ])('shows why a %i refusal closed it and waits for Reconnect', async (code, reason, message) => {
    const user = userEvent.setup();
    const client = await renderConnected();
    act(() => {
      client.close(code, reason);
    });
    expect(status()).toBe('Disconnected');
    expect(screen.getByText(message)).toBeDefined();
    expect(screen.queryByRole('button', { name: 'Stop reconnecting SPICE' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Reconnect SPICE' }));
    expect(clients()).toHaveLength(2);
  });

  it('reconnects on its own after the session drops, or at once on request', async () => {
    const user = userEvent.setup();
    const client = await renderConnected();
    act(() => {
      client.close(1006);
    });
    expect(status()).toBe('Reconnecting');
    expect(screen.getByText('The connection to the server was lost.')).toBeDefined();
    await user.click(screen.getByRole('button', { name: 'Reconnect SPICE now' }));
    expect(clients()).toHaveLength(2);
    expect(status()).toBe('Connecting');
  });

  it('stops the session on Disconnect', async () => {
    const user = userEvent.setup();
    const client = await renderConnected();
    await user.click(screen.getByRole('button', { name: 'Disconnect SPICE' }));
    expect(client.stopped).toBe(true);
    expect(status()).toBe('Disconnected');
  });

  it('stops the session when it unmounts', async () => {
    const client = await renderConnected();
    cleanup();
    expect(client.stopped).toBe(true);
  });

  it('puts the viewer region in fullscreen', async () => {
    const user = userEvent.setup();
    const requestFullscreen = vi.fn(() => Promise.resolve());
    Object.defineProperty(HTMLElement.prototype, 'requestFullscreen', {
      configurable: true,
      value: requestFullscreen,
    });
    await renderConnected();
    await user.click(screen.getByRole('button', { name: 'Fullscreen' }));
    expect(requestFullscreen.mock.contexts).toEqual([
      screen.getByRole('region', { name: 'SPICE console' }),
    ]);
    Reflect.deleteProperty(HTMLElement.prototype, 'requestFullscreen');
  });

  it('scales to fit by default and lets the region scroll when scaling is off', async () => {
    const user = userEvent.setup();
    await renderConnected();
    const region = screen.getByRole('region', { name: 'SPICE console' });
    expect(region.style.overflow).toBe('hidden');
    await user.click(screen.getByRole('switch', { name: 'Scale to fit' }));
    expect(region.style.overflow).toBe('auto');
  });
});
