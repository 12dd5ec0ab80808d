import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Someone other than the console's own user that a ticket signs in as: the session calls the API
 * server as the BFF's credential impersonating them (`Impersonate-User`/`Impersonate-Group`).
 */
export interface TicketIdentity {
  readonly user: string;
  readonly groups: readonly string[];
}

/** What a redeemed ticket grants: a session as `identity`, or as the console's own user. */
export interface TicketGrant {
  /** Undefined: the console's own user (the local credential). */
  readonly identity: TicketIdentity | undefined;
}

/** One-time sign-in tickets for local mode. */
export interface LocalTickets {
  /**
   * A fresh ticket, valid once until its expiry; with `identity`, for that user and groups.
   * Throws a RangeError naming the field when the identity is not usable as impersonation headers.
   */
  issue(identity?: TicketIdentity): string;
  /** The grant, exactly once, for a ticket this secret issued that has not expired; else undefined. */
  redeem(ticket: string): TicketGrant | undefined;
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
const identityShape = /^[A-Za-z0-9_-]{1,8192}$/;
/** A name that can travel as an HTTP header value: 1 to 512 characters, none a control one. */
function isHeaderValue(text: string): boolean {
  if (text.length === 0 || text.length > 512) return false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return false;
  }
  return true;
}

const maxGroups = 64;

/** Throws a RangeError naming the first field of `identity` that cannot be impersonated. */
function checkIdentity(identity: TicketIdentity): void {
  if (identity.user.trim() !== identity.user || !isHeaderValue(identity.user)) {
    throw new RangeError(
      `user: must be 1 to 512 printable characters without surrounding spaces, got ${JSON.stringify(identity.user)}`,
    );
  }
  if (identity.groups.length > maxGroups) {
    throw new RangeError(
      `groups: at most ${String(maxGroups)}, got ${String(identity.groups.length)}`,
    );
  }
  identity.groups.forEach((group, index) => {
    if (group.trim() !== group || !isHeaderValue(group)) {
      throw new RangeError(
        `groups[${String(index)}]: must be 1 to 512 printable characters without surrounding spaces, got ${JSON.stringify(group)}`,
      );
    }
  });
}

function encodeIdentity(identity: TicketIdentity): string {
  return Buffer.from(JSON.stringify({ user: identity.user, groups: identity.groups })).toString(
    'base64url',
  );
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((entry) => typeof entry === 'string');
}

/** The identity a signed ticket carries; undefined if it is not one (never thrown). */
function decodeIdentity(encoded: string): TicketIdentity | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { user, groups } = parsed as Record<string, unknown>;
  if (typeof user !== 'string' || !isStringArray(groups)) return undefined;
  try {
    checkIdentity({ user, groups });
  } catch {
    return undefined;
  }
  return { user, groups };
}

function mac(secret: Buffer, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

interface ParsedTicket {
  readonly nonce: string;
  readonly expiresAt: number;
  /** The encoded identity, or undefined for a ticket of the console's own user. */
  readonly identity: string | undefined;
  readonly payload: string;
  readonly mac: Buffer;
}

/** Splits `nonce.expiry[.identity].mac`; undefined for any other shape. */
function parseTicket(ticket: string): ParsedTicket | undefined {
  const parts = ticket.split('.');
  if (parts.length !== 3 && parts.length !== 4) return undefined;
  const [nonce = '', expiry = ''] = parts;
  const signature = parts.at(-1) ?? '';
  const identity = parts.length === 4 ? parts[2] : undefined;
  if (!nonceShape.test(nonce) || !expiryShape.test(expiry) || !macShape.test(signature)) {
    return undefined;
  }
  if (identity !== undefined && !identityShape.test(identity)) return undefined;
  return {
    nonce,
    expiresAt: Number(expiry),
    identity,
    payload: parts.slice(0, -1).join('.'),
    mac: Buffer.from(signature, 'base64url'),
  };
}

/**
 * One-time sign-in tickets that need no shared state to issue: a ticket is
 * `<nonce>.<expiry ms>.<HMAC-SHA256(secret, "<nonce>.<expiry ms>")>` (nonce and MAC base64url),
 * so any process holding the secret can mint a link. A ticket for another identity carries it,
 * signed too: `<nonce>.<expiry ms>.<identity>.<HMAC of the three>`, the identity being base64url
 * JSON `{ user, groups }`. (Whoever holds the secret can already sign in as the console's user,
 * who may impersonate anyone; the identity adds no power, it lets them sign in as less.) The redeeming process remembers redeemed
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
    issue(identity) {
      if (identity !== undefined) checkIdentity(identity);
      const parts = [randomBytes(16).toString('base64url'), String(now() + ttlMs)];
      if (identity !== undefined) parts.push(encodeIdentity(identity));
      const payload = parts.join('.');
      return `${payload}.${mac(secret, payload).toString('base64url')}`;
    },
    redeem(ticket) {
      const parsed = parseTicket(ticket);
      if (parsed === undefined) return undefined;
      if (!timingSafeEqual(parsed.mac, mac(secret, parsed.payload))) return undefined;
      const identity = parsed.identity === undefined ? undefined : decodeIdentity(parsed.identity);
      if (parsed.identity !== undefined && identity === undefined) return undefined;
      const time = now();
      forget(time);
      if (parsed.expiresAt <= time || redeemed.has(parsed.nonce)) return undefined;
      redeemed.set(parsed.nonce, parsed.expiresAt);
      return { identity };
    },
  };
}

/** The link that signs in with `ticket`: `<baseUrl>/auth/local?ticket=<ticket>`. */
export function loginLink(baseUrl: string, ticket: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/auth/local?ticket=${encodeURIComponent(ticket)}`;
}
