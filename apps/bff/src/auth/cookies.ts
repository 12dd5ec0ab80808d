import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Session, SessionStore } from './session-store.ts';

/** The session cookie: HttpOnly, so the page's scripts never see the session id. */
export const sessionCookieName = 'podvisor-session';
/** The CSRF cookie: readable by the page, which echoes it in the `X-CSRF-Token` header. */
export const csrfCookieName = 'podvisor-csrf';

/** One `Set-Cookie` value. */
export interface CookieSpec {
  readonly name: string;
  readonly value: string;
  readonly httpOnly: boolean;
  readonly sameSite: 'Strict' | 'Lax';
  readonly secure: boolean;
  /** Where the cookie is sent; `/` by default. */
  readonly path?: string;
  /** Epoch milliseconds; `0` expires the cookie now. Without it the cookie ends with the browser. */
  readonly expiresAt?: number;
}

/** Formats a `Set-Cookie` header value. Names and values are base64url or fixed ASCII here. */
export function serializeCookie(spec: CookieSpec): string {
  const parts = [`${spec.name}=${encodeURIComponent(spec.value)}`, `Path=${spec.path ?? '/'}`];
  if (spec.expiresAt !== undefined) {
    parts.push(`Expires=${new Date(spec.expiresAt).toUTCString()}`);
    if (spec.expiresAt === 0) parts.push('Max-Age=0');
  }
  if (spec.httpOnly) parts.push('HttpOnly');
  if (spec.secure) parts.push('Secure');
  parts.push(`SameSite=${spec.sameSite}`);
  return parts.join('; ');
}

/** Adds `Set-Cookie` values to a response, keeping any already set. */
export function appendSetCookie(res: ServerResponse, cookies: readonly string[]): void {
  const existing = res.getHeader('Set-Cookie');
  const before =
    existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
  res.setHeader('Set-Cookie', [...before, ...cookies]);
}

function decode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/**
 * Parses a `Cookie` request header into name → value. The first occurrence of a name wins (the
 * browser sends the most specific path first); malformed pairs and undecodable values are skipped.
 */
export function parseCookies(header: string | undefined): ReadonlyMap<string, string> {
  const cookies = new Map<string, string>();
  if (header === undefined) return cookies;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    let raw = pair.slice(eq + 1).trim();
    if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) raw = raw.slice(1, -1);
    const value = decode(raw);
    if (name === '' || value === undefined || cookies.has(name)) continue;
    cookies.set(name, value);
  }
  return cookies;
}

/**
 * The live session named by a request's session cookie, if any. Reads only the `Cookie` header, so
 * it works on Express requests and on raw `upgrade` requests alike.
 */
export function sessionFromRequest(req: IncomingMessage, store: SessionStore): Session | undefined {
  const id = parseCookies(req.headers.cookie).get(sessionCookieName);
  return id === undefined || id === '' ? undefined : store.get(id);
}

/**
 * Sets both cookies of a new session: the HttpOnly session id and the page-readable CSRF token,
 * both SameSite=Strict on `/`, expiring with the session, Secure when served over https.
 */
export function setSessionCookies(res: ServerResponse, session: Session, secure: boolean): void {
  appendSetCookie(res, [
    serializeCookie({
      name: sessionCookieName,
      value: session.id,
      httpOnly: true,
      sameSite: 'Strict',
      secure,
      expiresAt: session.expiresAt,
    }),
    serializeCookie({
      name: csrfCookieName,
      value: session.csrfToken,
      httpOnly: false,
      sameSite: 'Strict',
      secure,
      expiresAt: session.expiresAt,
    }),
  ]);
}

/** Expires both session cookies in the browser. */
export function clearSessionCookies(res: ServerResponse, secure: boolean): void {
  appendSetCookie(res, [
    serializeCookie({
      name: sessionCookieName,
      value: '',
      httpOnly: true,
      sameSite: 'Strict',
      secure,
      expiresAt: 0,
    }),
    serializeCookie({
      name: csrfCookieName,
      value: '',
      httpOnly: false,
      sameSite: 'Strict',
      secure,
      expiresAt: 0,
    }),
  ]);
}
