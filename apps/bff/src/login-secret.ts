import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createLocalTickets, loginLink, type TicketIdentity } from './auth/local-tickets.ts';

/** Where the secret that signs local one-time login links lives in a data dir. */
export function loginSecretPath(dataDir: string): string {
  return join(dataDir, 'console', 'login-secret');
}

/**
 * The data dir's login-link secret, created (32 random bytes, mode 0600) on first use. Any process
 * that can read it can mint a link for the console serving that data dir, so `podvisor up` can
 * print a fresh one while the console runs.
 */
export function loadLoginSecret(dataDir: string): Buffer {
  const file = loginSecretPath(dataDir);
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  }
  const secret = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
  if (secret.length < 32) throw new Error(`${file} holds fewer than 32 bytes; delete it to renew`);
  return secret;
}

/**
 * A fresh one-time sign-in link for the console serving `dataDir` at `baseUrl`, signed with the
 * data dir's secret: `podvisor link` prints one while the console runs in another process. With
 * `identity`, the link signs in as that user and groups (impersonated) instead of the console's
 * own user; a RangeError names a field of it that cannot be impersonated.
 */
export function mintLoginLink(dataDir: string, baseUrl: string, identity?: TicketIdentity): string {
  const tickets = createLocalTickets({ secret: loadLoginSecret(dataDir) });
  return loginLink(baseUrl, tickets.issue(identity));
}
