import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** One-time sign-in tickets for local mode. */
export interface LocalTickets {
  /** A fresh ticket, valid once until its expiry. */
  issue(): string;
  /** True exactly once for a ticket this secret issued that has not expired; false otherwise. */
  redeem(ticket: string): boolean;
}

/** Options of {@link createLocalTickets}. */
export interface LocalTicketsOptions {
  /** The HMAC key shared by every process that issues or redeems tickets; at least 32 bytes. */
  readonly secret: Buffer;
  /** How long a ticket stays valid; 1 hour by default. */
  readonly ttlMs?: number;
  /** The clock, in epoch milliseconds (tests inject one). */
  readonly now?: () => number;
}

const defaultTtlMs = 60 * 60 * 1000;
const minSecretBytes = 32;
const nonceShape = /^[A-Za-z0-9_-]{22}$/;
const expiryShape = /^[1-9][0-9]{0,15}$/;
const macShape = /^[A-Za-z0-9_-]{43}$/;

function mac(secret: Buffer, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

interface ParsedTicket {
  readonly nonce: string;
  readonly expiresAt: number;
  readonly payload: string;
  readonly mac: Buffer;
}

function parseTicket(ticket: string): ParsedTicket | undefined {
  const [nonce, expiry, signature, ...rest] = ticket.split('.');
  if (nonce === undefined || expiry === undefined || signature === undefined || rest.length > 0) {
    return undefined;
  }
  if (!nonceShape.test(nonce) || !expiryShape.test(expiry) || !macShape.test(signature)) {
    return undefined;
  }
  return {
    nonce,
    expiresAt: Number(expiry),
    payload: `${nonce}.${expiry}`,
    mac: Buffer.from(signature, 'base64url'),
  };
}

/**
 * One-time sign-in tickets that need no shared state to issue: a ticket is
 * `<nonce>.<expiry ms>.<HMAC-SHA256(secret, "<nonce>.<expiry ms>")>` (nonce and MAC base64url),
 * so any process holding the secret can mint a link. The redeeming process remembers redeemed
 * nonces until their expiry, so each ticket signs in at most once (per redeeming process).
 */
export function createLocalTickets(options: LocalTicketsOptions): LocalTickets {
  const { secret } = options;
  const ttlMs = options.ttlMs ?? defaultTtlMs;
  const now = options.now ?? Date.now;
  if (secret.length < minSecretBytes) {
    throw new RangeError(`secret must be at least ${minSecretBytes} bytes, got ${secret.length}`);
  }
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new RangeError(`ttlMs must be a positive number, got ${String(ttlMs)}`);
  }
  /** Redeemed nonce → its ticket's expiry. */
  const redeemed = new Map<string, number>();

  function forget(time: number): void {
    for (const [nonce, expiresAt] of redeemed) {
      if (expiresAt <= time) redeemed.delete(nonce);
    }
  }

  return {
    issue() {
      const payload = `${randomBytes(16).toString('base64url')}.${String(now() + ttlMs)}`;
      return `${payload}.${mac(secret, payload).toString('base64url')}`;
    },
    redeem(ticket) {
      const parsed = parseTicket(ticket);
      if (parsed === undefined) return false;
      if (!timingSafeEqual(parsed.mac, mac(secret, parsed.payload))) return false;
      const time = now();
      forget(time);
      if (parsed.expiresAt <= time || redeemed.has(parsed.nonce)) return false;
      redeemed.set(parsed.nonce, parsed.expiresAt);
      return true;
    },
  };
}

/** The link that signs in with `ticket`: `<baseUrl>/auth/local?ticket=<ticket>`. */
export function loginLink(baseUrl: string, ticket: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/auth/local?ticket=${encodeURIComponent(ticket)}`;
}
