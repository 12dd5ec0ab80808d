import { once } from 'node:events';
import { createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clearSessionCookies,
  parseCookies,
  serializeCookie,
  sessionFromRequest,
  setSessionCookies,
} from './cookies.ts';
import { createSessionStore } from './session-store.ts';

describe('parseCookies', () => {
  it.each([
    ['no header', undefined, {}],
    ['one cookie', 'a=1', { a: '1' }],
    ['several, with spaces', 'a=1;  b = 2 ; c=3', { a: '1', b: '2', c: '3' }],
    ['a quoted value', 'a="x y"', { a: 'x y' }],
    ['an encoded value', 'a=%3D%3B', { a: '=;' }],
    ['an = inside the value', 'a=b=c', { a: 'b=c' }],
    ['the first of duplicates', 'a=1; a=2', { a: '1' }],
    ['pairs without a name or =', '=x; junk; b=2', { b: '2' }],
    ['an undecodable value skipped', 'a=%E0%A4%A; b=2', { b: '2' }],
  ])('parses %s', (_name, header, expected) => {
    expect(Object.fromEntries(parseCookies(header))).toEqual(expected);
  });
});

describe('serializeCookie', () => {
  it('writes every attribute', () => {
    expect(
      serializeCookie({
        name: 'n',
        value: 'v',
        httpOnly: true,
        sameSite: 'Strict',
        secure: true,
        expiresAt: Date.UTC(2030, 0, 1),
      }),
    ).toBe('n=v; Path=/; Expires=Tue, 01 Jan 2030 00:00:00 GMT; HttpOnly; Secure; SameSite=Strict');
  });

  it('expires a cookie now with Max-Age=0', () => {
    expect(
      serializeCookie({
        name: 'n',
        value: '',
        httpOnly: false,
        sameSite: 'Lax',
        secure: false,
        expiresAt: 0,
      }),
    ).toBe('n=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; SameSite=Lax');
  });
});

describe('session cookies on a real server', () => {
  const store = createSessionStore();
  const session = store.create({
    user: { username: 'alice', groups: [] },
    credential: { kind: 'kubeconfig' },
  });
  const server = createServer((req, res) => {
    if (req.url === '/set') setSessionCookies(res, session, req.headers['x-secure'] === '1');
    else if (req.url === '/clear') clearSessionCookies(res, false);
    else res.setHeader('X-User', sessionFromRequest(req, store)?.user.username ?? 'none');
    res.end();
  });
  server.on('upgrade', (req: IncomingMessage, socket) => {
    const name = sessionFromRequest(req, store)?.user.username ?? 'none';
    socket.end(
      `HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: test\r\nX-User: ${name}\r\n\r\n`,
    );
  });
  let base = '';

  beforeAll(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  });
  afterAll(() => {
    server.close();
  });

  it('sets an HttpOnly session cookie and a readable CSRF cookie, both SameSite=Strict', async () => {
    const cookies = (await fetch(`${base}/set`)).headers.getSetCookie();
    expect(cookies).toHaveLength(2);
    const [sessionCookie = '', csrfCookie = ''] = cookies;
    expect(sessionCookie).toMatch(new RegExp(`^podvisor-session=${session.id}; Path=/; Expires=`));
    expect(sessionCookie).toMatch(/; HttpOnly; SameSite=Strict$/);
    expect(csrfCookie).toMatch(new RegExp(`^podvisor-csrf=${session.csrfToken}; Path=/; Expires=`));
    expect(csrfCookie).not.toContain('HttpOnly');
    expect(csrfCookie).toMatch(/; SameSite=Strict$/);
    expect(cookies.some((c) => c.includes('Secure'))).toBe(false);
  });

  it('marks both cookies Secure when asked', async () => {
    const cookies = (
      await fetch(`${base}/set`, { headers: { 'X-Secure': '1' } })
    ).headers.getSetCookie();
    expect(cookies.filter((c) => c.includes('; Secure;'))).toHaveLength(2);
  });

  it('expires both cookies', async () => {
    const cookies = (await fetch(`${base}/clear`)).headers.getSetCookie();
    expect(cookies.map((c) => c.split(';')[0])).toEqual(['podvisor-session=', 'podvisor-csrf=']);
    expect(cookies.every((c) => c.includes('Max-Age=0'))).toBe(true);
  });

  it.each([
    ['the session cookie', `other=1; podvisor-session=${session.id}`, 'alice'],
    ['no cookie', undefined, 'none'],
    ['an unknown session id', 'podvisor-session=forged', 'none'],
    ['only the CSRF cookie', `podvisor-csrf=${session.csrfToken}`, 'none'],
  ])('finds the session of a plain request with %s', async (_name, cookie, user) => {
    const res = await fetch(base, cookie === undefined ? {} : { headers: { Cookie: cookie } });
    expect(res.headers.get('x-user')).toBe(user);
  });

  it('finds the session of a raw upgrade request', async () => {
    const req = request(`${base}/socket`, {
      headers: { Connection: 'Upgrade', Upgrade: 'test', Cookie: `podvisor-session=${session.id}` },
    });
    req.end();
    const [res, socket] = (await once(req, 'upgrade')) as [IncomingMessage, { destroy(): void }];
    socket.destroy();
    expect(res.headers['x-user']).toBe('alice');
  });
});
