export {
  authRouter,
  oidcStateCookieName,
  type AuthConfig,
  type AuthRouterDeps,
} from './auth-router.ts';
export { csrfCookieName, parseCookies, sessionCookieName, sessionFromRequest } from './cookies.ts';
export { csrfHeaderName, csrfProtection } from './csrf-protection.ts';
export {
  createLocalTickets,
  loginLink,
  type LocalTickets,
  type TicketGrant,
  type TicketIdentity,
} from './local-tickets.ts';
export type { OidcAuthConfig } from './oidc-sign-in.ts';
export {
  createSessionStore,
  type Session,
  type SessionStore,
  type SessionUser,
} from './session-store.ts';
