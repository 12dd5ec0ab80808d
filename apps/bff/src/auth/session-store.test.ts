import { describe, expect, it } from 'vitest';
import type { Credential } from '../upstream/credential.ts';
import { createSessionStore } from './session-store.ts';

const user = { username: 'alice', groups: ['devs', 'system:authenticated'] };
const credential: Credential = { kind: 'bearer', token: 'secret-token' };

function clock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let time = start;
  return { now: () => time, advance: (ms) => (time += ms) };
}

describe('createSessionStore', () => {
  it('creates sessions with random 32-byte base64url ids and CSRF tokens', () => {
    const store = createSessionStore();
    const a = store.create({ user, credential });
    const b = store.create({ user, credential });
    for (const value of [a.id, a.csrfToken, b.id, b.csrfToken]) {
      expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(value, 'base64url')).toHaveLength(32);
    }
    expect(new Set([a.id, a.csrfToken, b.id, b.csrfToken]).size).toBe(4);
    expect(store.get(a.id)).toEqual(a);
    expect(a.user).toEqual(user);
    expect(a.credential).toBe(credential);
    expect(store.size()).toBe(2);
  });

  it('gives sessions a 12 hour lifetime by default', () => {
    const time = clock();
    const store = createSessionStore({ now: time.now });
    const session = store.create({ user, credential });
    expect(session.expiresAt).toBe(time.now() + 12 * 60 * 60 * 1000);
  });

  it('forgets a session once it expires', () => {
    const time = clock();
    const store = createSessionStore({ ttlMs: 1000, now: time.now });
    const session = store.create({ user, credential });
    time.advance(999);
    expect(store.get(session.id)).toBe(session);
    time.advance(1);
    expect(store.get(session.id)).toBeUndefined();
    expect(store.size()).toBe(0);
  });

  it('evicts the oldest session when full', () => {
    const store = createSessionStore({ maxSessions: 2 });
    const first = store.create({ user, credential });
    const second = store.create({ user, credential });
    const third = store.create({ user, credential });
    expect(store.get(first.id)).toBeUndefined();
    expect(store.get(second.id)).toBe(second);
    expect(store.get(third.id)).toBe(third);
    expect(store.size()).toBe(2);
  });

  it('sweeps expired sessions when creating one', () => {
    const time = clock();
    const store = createSessionStore({ ttlMs: 1000, now: time.now });
    store.create({ user, credential });
    store.create({ user, credential });
    time.advance(1000);
    const live = store.create({ user, credential });
    expect(store.size()).toBe(1);
    expect(store.get(live.id)).toBe(live);
  });

  it('deletes a session, and ignores unknown ids', () => {
    const store = createSessionStore();
    const session = store.create({ user, credential });
    store.delete('nope');
    expect(store.size()).toBe(1);
    store.delete(session.id);
    expect(store.get(session.id)).toBeUndefined();
    expect(store.size()).toBe(0);
  });

  it.each([
    ['ttlMs', { ttlMs: 0 }],
    ['ttlMs', { ttlMs: Number.NaN }],
    ['maxSessions', { maxSessions: -1 }],
  ])('rejects a bad %s option', (field, options) => {
    expect(() => createSessionStore(options)).toThrow(field);
  });
});
