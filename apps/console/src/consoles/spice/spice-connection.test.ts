import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeSpiceClients, type FakeSpiceClients } from './fake-spice-client.ts';
import { SpiceConnection } from './spice-connection.ts';
import { comboScancodes, textScancodes } from './spice-scancodes.ts';

let fakes: FakeSpiceClients;

function spiceConnection(): SpiceConnection {
  return new SpiceConnection({
    url: 'ws://console.test/api/consoles/lab/win/spice',
    screenId: 'screen-1',
    createClient: fakes.create,
    backoff: { initialMs: 1000, factor: 2, maxMs: 8000 },
  });
}

function connected(): SpiceConnection {
  const connection = spiceConnection();
  connection.connect();
  fakes.last().connect();
  return connection;
}

beforeEach(() => {
  vi.useFakeTimers();
  fakes = fakeSpiceClients();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('SpiceConnection', () => {
  it('starts a client for its URL and screen, and is connected once SPICE is up', () => {
    const connection = spiceConnection();
    connection.connect();
    expect(fakes.last().options).toMatchObject({
      url: 'ws://console.test/api/consoles/lab/win/spice',
      screenId: 'screen-1',
    });
    expect(connection.state()).toEqual({ status: 'connecting' });
    fakes.last().connect();
    expect(connection.state()).toEqual({ status: 'connected' });
  });

  it('sends a key combination as scancodes through the client', () => {
    const connection = connected();
    expect(connection.sendCombo('ctrl-alt-del')).toBe(true);
    expect(fakes.last().keys).toEqual(comboScancodes('ctrl-alt-del'));
  });

  it('types text as scancodes and reports what it skipped', () => {
    const connection = connected();
    expect(connection.typeText('Hi ü')).toEqual({ sent: true, unsupported: ['ü'] });
    expect(fakes.last().keys).toEqual(textScancodes('Hi ').events);
  });

  it('sends nothing before the session is up', () => {
    const connection = spiceConnection();
    connection.connect();
    fakes.last().inputsReady = true;
    expect(connection.sendCombo('ctrl-alt-f1')).toBe(false);
    expect(connection.typeText('x')).toEqual({ sent: false, unsupported: [] });
    expect(fakes.last().keys).toEqual([]);
  });

  it.each([1006, 1001, 4502, 4503, 4504])(
    'reconnects after a close with %i, waiting the backoff',
    (code) => {
      const connection = connected();
      fakes.last().close(code);
      expect(connection.state()).toMatchObject({ status: 'disconnected', retryInMs: 1000 });
      vi.advanceTimersByTime(999);
      expect(fakes.all).toHaveLength(1);
      vi.advanceTimersByTime(1);
      expect(fakes.all).toHaveLength(2);
      expect(connection.state()).toEqual({ status: 'connecting' });
    },
  );

  it.each([
    [4403, 'forbidden', 'You are not allowed to open this console.'],
    [4404, 'virtualmachineinstance "win" not found', 'The VM does not exist or is not running.'],
    [4400, 'VMI is not running', 'The VM is not running.'],
    [1002, 'SPICE: Permission denied.', 'The console closed unexpectedly (code 1002): SPICE'],
  ])('does not reconnect after a close with %i and shows why', (code, reason, message) => {
    const connection = connected();
    fakes.last().close(code, reason);
    const state = connection.state();
    expect(state).toMatchObject({ status: 'disconnected', retryInMs: undefined });
    expect(state.status === 'disconnected' ? state.close?.message : '').toContain(message);
    vi.advanceTimersByTime(60_000);
    expect(fakes.all).toHaveLength(1);
  });

  it('backs off further while sessions fail, and restarts the backoff after one comes up', () => {
    const connection = connected();
    fakes.last().close(1006);
    vi.advanceTimersByTime(1000);
    fakes.last().close(1006);
    expect(connection.state()).toMatchObject({ retryInMs: 2000 });
    vi.advanceTimersByTime(2000);
    fakes.last().connect();
    fakes.last().close(1006);
    expect(connection.state()).toMatchObject({ retryInMs: 1000 });
  });

  it('stops the client on disconnect and ignores what it reports afterwards', () => {
    const connection = connected();
    const client = fakes.last();
    connection.disconnect();
    expect(client.stopped).toBe(true);
    client.close(1006);
    vi.advanceTimersByTime(60_000);
    expect(connection.state()).toEqual({
      status: 'disconnected',
      close: undefined,
      retryInMs: undefined,
    });
    expect(fakes.all).toHaveLength(1);
  });

  it('cancels a scheduled reconnect on disconnect', () => {
    const connection = connected();
    fakes.last().close(1006);
    connection.disconnect();
    vi.advanceTimersByTime(60_000);
    expect(fakes.all).toHaveLength(1);
  });

  it('reports a client that cannot start as a close, without retrying', () => {
    const connection = new SpiceConnection({
      url: 'ws://console.test/x',
      screenId: 's',
      createClient: () => {
        throw new Error('Unable to connect to ws://console.test/x');
      },
    });
    connection.connect();
    expect(connection.state()).toMatchObject({
      status: 'disconnected',
      retryInMs: undefined,
      close: {
        message: 'The console could not be opened: Unable to connect to ws://console.test/x',
      },
    });
  });
});
