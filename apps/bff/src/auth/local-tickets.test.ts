import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLocalTickets, loginLink } from './local-tickets.ts';

const secret = randomBytes(32);

function clock(start = 1_700_000_000_000): { now: () => number; advance: (ms: number) => void } {
  let time = start;
  return { now: () => time, advance: (ms) => (time += ms) };
}

describe('createLocalTickets', () => {
  it('issues nonce.expiry.mac tickets that expire after an hour by default', () => {
    const time = clock();
    const tickets = createLocalTickets({ secret, now: time.now });
    const [nonce, expiry, mac, ...rest] = tickets.issue().split('.');
    expect(rest).toEqual([]);
    expect(nonce).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Number(expiry)).toBe(time.now() + 60 * 60 * 1000);
    expect(Buffer.from(mac ?? '', 'base64url')).toHaveLength(32);
  });

  it('redeems a ticket exactly once', () => {
    const tickets = createLocalTickets({ secret });
    const ticket = tickets.issue();
    expect(tickets.redeem(ticket)).toBe(true);
    expect(tickets.redeem(ticket)).toBe(false);
  });

  it('redeems tickets issued by another process with the same secret', () => {
    const issuer = createLocalTickets({ secret: Buffer.from(secret) });
    const redeemer = createLocalTickets({ secret });
    expect(redeemer.redeem(issuer.issue())).toBe(true);
  });

  it('refuses a ticket once it expires', () => {
    const time = clock();
    const tickets = createLocalTickets({ secret, ttlMs: 1000, now: time.now });
    const early = tickets.issue();
    const late = tickets.issue();
    time.advance(999);
    expect(tickets.redeem(early)).toBe(true);
    time.advance(1);
    expect(tickets.redeem(late)).toBe(false);
  });

  it('refuses a ticket signed with another secret', () => {
    const other = createLocalTickets({ secret: randomBytes(32) });
    expect(createLocalTickets({ secret }).redeem(other.issue())).toBe(false);
  });

  it('refuses a ticket whose expiry was pushed back', () => {
    const time = clock();
    const tickets = createLocalTickets({ secret, ttlMs: 1000, now: time.now });
    const [nonce, expiry, mac] = tickets.issue().split('.');
    time.advance(5000);
    const forged = `${nonce ?? ''}.${String(Number(expiry) + 10_000)}.${mac ?? ''}`;
    expect(tickets.redeem(forged)).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['one part', 'abc'],
    ['four parts', 'a.b.c.d'],
    [
      'non-numeric expiry',
      'AAAAAAAAAAAAAAAAAAAAAA.soon.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    ],
    ['short mac', 'AAAAAAAAAAAAAAAAAAAAAA.99999999999999.AAAA'],
    [
      'non-base64url',
      'AAAAAAAAAAAAAAAAAAAA+/.99999999999999.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    ],
  ])('refuses a malformed ticket (%s) without throwing', (_name, ticket) => {
    expect(createLocalTickets({ secret }).redeem(ticket)).toBe(false);
  });

  it('refuses a secret shorter than 32 bytes', () => {
    expect(() => createLocalTickets({ secret: randomBytes(16) })).toThrow(/secret must be/);
  });
});

describe('loginLink', () => {
  it.each([
    ['https://podvisor.local:8443', 'https://podvisor.local:8443/auth/local?ticket=a.1.b'],
    ['https://host/console/', 'https://host/console/auth/local?ticket=a.1.b'],
  ])('builds the sign-in link under %s', (base, link) => {
    expect(loginLink(base, 'a.1.b')).toBe(link);
  });
});
