import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  isRetryableClose,
  ReconnectingConsole,
  type ConsoleSessionEvents,
} from './reconnecting-console.ts';

interface RecordedSession {
  readonly events: ConsoleSessionEvents;
  closedByUser: boolean;
  close(): void;
}

let sessions: RecordedSession[];

function reconnecting(): ReconnectingConsole<RecordedSession> {
  return new ReconnectingConsole({
    open: (events) => {
      const session: RecordedSession = {
        events,
        closedByUser: false,
        close() {
          session.closedByUser = true;
        },
      };
      sessions.push(session);
      return session;
    },
    backoff: { initialMs: 500, factor: 3, maxMs: 10_000 },
  });
}

function last(): RecordedSession {
  const session = sessions.at(-1);
  if (session === undefined) throw new Error('no session was opened');
  return session;
}

beforeEach(() => {
  vi.useFakeTimers();
  sessions = [];
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ReconnectingConsole', () => {
  it('is connected once its session says it opened', () => {
    const machine = reconnecting();
    machine.connect();
    expect(machine.state()).toEqual({ status: 'connecting' });
    last().events.opened();
    expect(machine.state()).toEqual({ status: 'connected' });
    expect(machine.session()).toBe(last());
  });

  it('grows the delay by its factor up to the cap', () => {
    const machine = reconnecting();
    machine.connect();
    const delays: (number | undefined)[] = [];
    for (let i = 0; i < 5; i++) {
      last().events.closed(1006, '');
      const state = machine.state();
      delays.push(state.status === 'disconnected' ? state.retryInMs : undefined);
      vi.runOnlyPendingTimers();
    }
    expect(delays).toEqual([500, 1500, 4500, 10_000, 10_000]);
  });

  it('restarts the backoff after the session proves alive', () => {
    const machine = reconnecting();
    machine.connect();
    last().events.closed(1006, '');
    vi.runOnlyPendingTimers();
    last().events.alive();
    last().events.closed(1006, '');
    const state = machine.state();
    expect(state.status === 'disconnected' ? state.retryInMs : undefined).toBe(500);
  });

  it('ignores events from a session the user closed', () => {
    const machine = reconnecting();
    machine.connect();
    const first = last();
    machine.disconnect();
    expect(first.closedByUser).toBe(true);
    first.events.opened();
    first.events.closed(1006, '');
    vi.advanceTimersByTime(60_000);
    expect(sessions).toHaveLength(1);
    expect(machine.state()).toEqual({
      status: 'disconnected',
      close: undefined,
      retryInMs: undefined,
    });
  });

  it('handles a session that closes while it is being opened', () => {
    const machine = new ReconnectingConsole({
      open: (events) => {
        events.closed(4404, '');
        return { close: () => undefined };
      },
    });
    machine.connect();
    expect(machine.session()).toBeUndefined();
    expect(machine.state()).toEqual({
      status: 'disconnected',
      close: { code: 4404, message: 'The VM does not exist or is not running.' },
      retryInMs: undefined,
    });
  });
});

describe('isRetryableClose', () => {
  it.each([1001, 1006, 4502, 4503, 4504])('retries after %i', (code) => {
    expect(isRetryableClose(code)).toBe(true);
  });
  it.each([1000, 4400, 4401, 4403, 4404, 4409, 4413, 4500])('does not retry after %i', (code) => {
    expect(isRetryableClose(code)).toBe(false);
  });
});
