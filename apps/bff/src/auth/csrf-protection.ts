import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { kubeStatus } from '../upstream/upstream-error.ts';
import { csrfCookieName, sessionFromRequest } from './cookies.ts';
import type { SessionStore } from './session-store.ts';

/** The request header that must carry the session's CSRF token on writes. */
export const csrfHeaderName = 'X-CSRF-Token';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Compares two secrets in constant time, whatever their lengths. */
export function secretsEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * Double-submit CSRF protection: on every method but GET, HEAD and OPTIONS, a request that carries
 * a session cookie must send that session's CSRF token (the page reads it from the
 * `podvisor-csrf` cookie) in the `X-CSRF-Token` header, or it is refused with a 403 `Status`.
 * Requests without a live session pass, and the next layer answers them 401.
 */
export function csrfProtection(store: SessionStore): RequestHandler {
  return (req, res, next) => {
    if (safeMethods.has(req.method)) {
      next();
      return;
    }
    const session = sessionFromRequest(req, store);
    if (session === undefined) {
      next();
      return;
    }
    const sent = req.get(csrfHeaderName);
    if (sent !== undefined && secretsEqual(sent, session.csrfToken)) {
      next();
      return;
    }
    res
      .status(403)
      .json(
        kubeStatus(
          403,
          `missing or wrong CSRF token: send the value of the ${csrfCookieName} cookie in the ${csrfHeaderName} header`,
        ),
      );
  };
}
