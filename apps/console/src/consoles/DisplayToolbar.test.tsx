import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DisplayToolbar, type DisplayState, type DisplayToolbarProps } from './DisplayToolbar.tsx';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const connected: DisplayState = { status: 'connected' };

function renderToolbar(overrides: Partial<DisplayToolbarProps> = {}): DisplayToolbarProps {
  const props: DisplayToolbarProps = {
    label: 'SPICE',
    state: connected,
    onConnect: vi.fn(),
    onDisconnect: vi.fn(),
    onSendKeys: vi.fn(),
    onPaste: vi.fn(),
    onFullscreen: vi.fn(),
    scaled: true,
    onScaledChange: vi.fn(),
    ...overrides,
  };
  render(<DisplayToolbar {...props} />);
  return props;
}

function buttonNames(): string[] {
  return screen.getAllByRole('button').map((button) => button.textContent.trim());
}

describe('DisplayToolbar', () => {
  it.each<[string, DisplayState, string, string[]]>([
    ['connecting', { status: 'connecting' }, 'Connecting', ['Disconnect SPICE']],
    ['connected', connected, 'Connected', ['Disconnect SPICE']],
    [
      'never connected',
      { status: 'disconnected', message: undefined, retryInMs: undefined },
      'Disconnected',
      ['Connect SPICE'],
    ],
    [
      'refused',
      { status: 'disconnected', message: 'The VM is not running.', retryInMs: undefined },
      'Disconnected',
      ['Reconnect SPICE'],
    ],
    [
      'waiting to reconnect',
      { status: 'disconnected', message: 'The console stopped responding.', retryInMs: 4000 },
      'Reconnecting',
      ['Reconnect SPICE now', 'Stop reconnecting SPICE'],
    ],
  ])('when %s shows its state and connection buttons', (_case, state, text, buttons) => {
    renderToolbar({ state });
    expect(screen.getByRole('status').textContent).toBe(text);
    const names = buttonNames();
    for (const name of buttons) expect(names).toContain(name);
    const others = ['Connect SPICE', 'Reconnect SPICE', 'Disconnect SPICE'].filter(
      (name) => !buttons.includes(name),
    );
    for (const name of others) expect(names).not.toContain(name);
  });

  it('shows the close message as an alert, without one after a user disconnect', () => {
    renderToolbar({
      state: {
        status: 'disconnected',
        message: 'You are not allowed to open this console.',
        retryInMs: undefined,
      },
    });
    expect(screen.getByText('You are not allowed to open this console.')).toBeDefined();
    cleanup();
    renderToolbar({ state: { status: 'disconnected', message: undefined, retryInMs: undefined } });
    expect(screen.queryByText(/not allowed/)).toBeNull();
  });

  it('counts down to the next reconnect', () => {
    vi.useFakeTimers();
    renderToolbar({
      state: {
        status: 'disconnected',
        message: 'The console stopped responding.',
        retryInMs: 4000,
      },
    });
    expect(screen.getByText('Reconnecting in 4 s…')).toBeDefined();
    act(() => {
      vi.advanceTimersByTime(2000);
    });
    expect(screen.getByText('Reconnecting in 2 s…')).toBeDefined();
  });

  it.each([
    [
      'Connect SPICE',
      { status: 'disconnected', message: undefined, retryInMs: undefined },
      'onConnect',
    ],
    ['Reconnect SPICE now', { status: 'disconnected', message: 'x', retryInMs: 1000 }, 'onConnect'],
    [
      'Stop reconnecting SPICE',
      { status: 'disconnected', message: 'x', retryInMs: 1000 },
      'onDisconnect',
    ],
    ['Disconnect SPICE', connected, 'onDisconnect'],
    ['Fullscreen', connected, 'onFullscreen'],
  ] as const)('%s calls %s', async (name, state, handler) => {
    const props = renderToolbar({ state });
    await userEvent.click(screen.getByRole('button', { name }));
    expect(props[handler]).toHaveBeenCalledTimes(1);
  });

  it('turns scaling off and on with the Scale to fit switch', async () => {
    const props = renderToolbar({ scaled: true });
    const scale = screen.getByRole('switch', { name: 'Scale to fit' });
    expect((scale as HTMLInputElement).checked).toBe(true);
    await userEvent.click(scale);
    expect(props.onScaledChange).toHaveBeenCalledWith(false);
  });

  it('offers every key combination and sends the chosen one', async () => {
    const user = userEvent.setup();
    const props = renderToolbar();
    await user.click(screen.getByRole('button', { name: 'Send keys' }));
    expect(screen.getAllByRole('menuitem').map((item) => item.textContent)).toEqual([
      'Ctrl+Alt+Del',
      'Ctrl+Alt+F1',
      'Ctrl+Alt+F2',
      'Ctrl+Alt+Backspace',
      'Print Screen',
    ]);
    await user.click(screen.getByRole('menuitem', { name: 'Ctrl+Alt+F2' }));
    expect(props.onSendKeys).toHaveBeenCalledWith('ctrl-alt-f2');
    await waitFor(() => {
      expect(screen.queryByRole('menuitem')).toBeNull();
    });
  });

  it.each<DisplayState>([
    { status: 'connecting' },
    { status: 'disconnected', message: undefined, retryInMs: undefined },
  ])('offers no input while %j', (state) => {
    renderToolbar({ state });
    expect(screen.getByRole('button', { name: 'Send keys' })).toHaveProperty('disabled', true);
    expect(screen.getByRole('button', { name: 'Paste as typed keys' })).toHaveProperty(
      'disabled',
      true,
    );
  });

  it('types the text confirmed in the paste dialog', async () => {
    const user = userEvent.setup();
    const props = renderToolbar();
    await user.click(screen.getByRole('button', { name: 'Paste as typed keys' }));
    const dialog = screen.getByRole('dialog', { name: 'Paste as typed keys into SPICE' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Text to type' }), 'echo hi');
    await user.click(within(dialog).getByRole('button', { name: 'Type text' }));
    expect(props.onPaste).toHaveBeenCalledWith('echo hi');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('fills the paste dialog from the clipboard when the browser permits', async () => {
    const user = userEvent.setup();
    await navigator.clipboard.writeText('sudo reboot');
    renderToolbar();
    await user.click(screen.getByRole('button', { name: 'Paste as typed keys' }));
    const text = await screen.findByDisplayValue('sudo reboot');
    expect(text).toBe(screen.getByRole('textbox', { name: 'Text to type' }));
  });

  it('names the characters it cannot type before typing', async () => {
    const user = userEvent.setup();
    renderToolbar();
    await user.click(screen.getByRole('button', { name: 'Paste as typed keys' }));
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByRole('textbox', { name: 'Text to type' }), 'café');
    expect(
      within(dialog).getByText('These characters cannot be typed and will be skipped: é'),
    ).toBeDefined();
  });

  it('cancels the paste dialog without typing', async () => {
    const user = userEvent.setup();
    const props = renderToolbar();
    await user.click(screen.getByRole('button', { name: 'Paste as typed keys' }));
    await user.type(screen.getByRole('textbox', { name: 'Text to type' }), 'ls');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(props.onPaste).not.toHaveBeenCalled();
  });
});
