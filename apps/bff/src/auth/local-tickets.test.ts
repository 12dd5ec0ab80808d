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
    expect(tickets.redeem(ticket)).toEqual({ identity: undefined });
    expect(tickets.redeem(ticket)).toBeUndefined();
  });

  it('redeems tickets issued by another process with the same secret', () => {
    const issuer = createLocalTickets({ secret: Buffer.from(secret) });
    const redeemer = createLocalTickets({ secret });
    expect(redeemer.redeem(issuer.issue())).toEqual({ identity: undefined });
  });

  it('refuses a ticket once it expires', () => {
    const time = clock();
    const tickets = createLocalTickets({ secret, ttlMs: 1000, now: time.now });
    const early = tickets.issue();
    const late = tickets.issue();
    time.advance(999);
    expect(tickets.redeem(early)).toBeDefined();
    time.advance(1);
    expect(tickets.redeem(late)).toBeUndefined();
  });

  it('refuses a ticket signed with another secret', () => {
    const other = createLocalTickets({ secret: randomBytes(32) });
    expect(createLocalTickets({ secret }).redeem(other.issue())).toBeUndefined();
  });

  it('refuses a ticket whose expiry was pushed back', () => {
    const time = clock();
    const tickets = createLocalTickets({ secret, ttlMs: 1000, now: time.now });
    const [nonce, expiry, mac] = tickets.issue().split('.');
    time.advance(5000);
    const forged = `${nonce ?? ''}.${String(Number(expiry) + 10_000)}.${mac ?? ''}`;
    expect(tickets.redeem(forged)).toBeUndefined();
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
      'five parts',
      'AAAAAAAAAAAAAAAAAAAAAA.99999999999999.e30.e30.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    ],
    [
      'non-base64url',
      'AAAAAAAAAAAAAAAAAAAA+/.99999999999999.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    ],
  ])('refuses a malformed ticket (%s) without throwing', (_name, ticket) => {
    expect(createLocalTickets({ secret }).redeem(ticket)).toBeUndefined();
  });

  it('refuses a secret shorter than 32 bytes', () => {
    expect(() => createLocalTickets({ secret: randomBytes(16) })).toThrow(/secret must be/);
  });
});

describe('tickets for another identity', () => {
  const alice = { user: 'alice', groups: ['dev', 'qa'] };

  it('redeem to the identity they were issued for, exactly once', () => {
    const tickets = createLocalTickets({ secret });
    const ticket = tickets.issue(alice);
    expect(ticket.split('.')).toHaveLength(4);
    expect(tickets.redeem(ticket)).toEqual({ identity: alice });
    expect(tickets.redeem(ticket)).toBeUndefined();
  });

  it('refuse a ticket whose identity was swapped for another', () => {
    const tickets = createLocalTickets({ secret });
    const [nonce, expiry, , mac] = tickets.issue(alice).split('.');
    const admin = Buffer.from(JSON.stringify({ user: 'admin', groups: ['system:masters'] }));
    const forged = [nonce, expiry, admin.toString('base64url'), mac].join('.');
    expect(tickets.redeem(forged)).toBeUndefined();
  });

  it('refuse a ticket whose identity was dropped (which would sign in as the console user)', () => {
    const tickets = createLocalTickets({ secret });
    const [nonce, expiry, , mac] = tickets.issue(alice).split('.');
    expect(tickets.redeem([nonce, expiry, mac].join('.'))).toBeUndefined();
  });

  it.each([
    ['an empty user', { user: '', groups: [] }, /^user: must be/],
    ['a user with a newline', { user: 'al\nice', groups: [] }, /^user: must be/],
    ['a user with surrounding spaces', { user: ' alice', groups: [] }, /^user: must be/],
    ['an empty group', { user: 'alice', groups: ['dev', ''] }, /^groups\[1\]: must be/],
    [
      'too many groups',
      { user: 'alice', groups: Array<string>(65).fill('g') },
      /^groups: at most 64/,
    ],
  ])('refuse to issue for %s, naming the field', (_name, identity, message) => {
    expect(() => createLocalTickets({ secret }).issue(identity)).toThrow(message);
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
