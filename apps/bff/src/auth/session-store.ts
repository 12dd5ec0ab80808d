import { randomBytes } from 'node:crypto';
import type { Credential } from '../upstream/credential.ts';

/** Who a session belongs to, as the API server named them. */
export interface SessionUser {
  readonly username: string;
  readonly groups: readonly string[];
}

/** One signed-in browser. Lives only on the server; the browser holds its `id` and `csrfToken`. */
export interface Session {
  /** Opaque, unguessable: 32 random bytes, base64url. */
  readonly id: string;
  readonly user: SessionUser;
  /** Whom the BFF calls the API server as; never sent to the browser. */
  readonly credential: Credential;
  /** The double-submit CSRF token: 32 random bytes, base64url. */
  readonly csrfToken: string;
  /** Epoch milliseconds after which the session is gone. */
  readonly expiresAt: number;
}

/** Server-side sessions, in memory, with a fixed lifetime and a cap on their number. */
export interface SessionStore {
  /** Starts a session for `user`, who calls the API server as `credential`. */
  create(input: { readonly user: SessionUser; readonly credential: Credential }): Session;
  /** The live session with this id; an expired one is removed and gives `undefined`. */
  get(id: string): Session | undefined;
  /** Ends a session (a no-op for an unknown id). */
  delete(id: string): void;
  /** How many sessions are held (expired ones not yet swept included). */
  size(): number;
}

/** Options of {@link createSessionStore}. */
export interface SessionStoreOptions {
  /** A session's lifetime; 12 hours by default. */
  readonly ttlMs?: number;
  /** The most sessions held; when full, the oldest is evicted. 10,000 by default. */
  readonly maxSessions?: number;
  /** The clock, in epoch milliseconds (tests inject one). */
  readonly now?: () => number;
}

const defaultTtlMs = 12 * 60 * 60 * 1000;
const defaultMaxSessions = 10_000;

/** A random 32-byte secret, base64url (43 characters). */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

function checkPositive(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive number, got ${String(value)}`);
  }
}

/**
 * An in-memory session store. Every session lives `ttlMs` from its creation, so sessions are held
 * in creation order, which is also expiry order: creating one first sweeps the expired ones at the
 * front, then evicts the oldest while the store is full.
 */
export function createSessionStore(options: SessionStoreOptions = {}): SessionStore {
  const ttlMs = options.ttlMs ?? defaultTtlMs;
  const maxSessions = options.maxSessions ?? defaultMaxSessions;
  const now = options.now ?? Date.now;
  checkPositive('ttlMs', ttlMs);
  checkPositive('maxSessions', maxSessions);
  const sessions = new Map<string, Session>();

  function sweep(time: number): void {
    for (const [id, session] of sessions) {
      if (session.expiresAt > time && sessions.size < maxSessions) return;
      sessions.delete(id);
    }
  }

  return {
    create({ user, credential }) {
      const time = now();
      sweep(time);
      const session: Session = {
        id: randomToken(),
        user: { username: user.username, groups: [...user.groups] },
        credential,
        csrfToken: randomToken(),
        expiresAt: time + ttlMs,
      };
      sessions.set(session.id, session);
      return session;
    },
    get(id) {
      const session = sessions.get(id);
      if (session === undefined) return undefined;
      if (session.expiresAt <= now()) {
        sessions.delete(id);
        return undefined;
      }
      return session;
    },
    delete(id) {
      sessions.delete(id);
    },
    size: () => sessions.size,
  };
}
