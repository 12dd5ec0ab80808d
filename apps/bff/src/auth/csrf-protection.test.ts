import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfProtection, secretsEqual } from './csrf-protection.ts';
import { createSessionStore } from './session-store.ts';

const store = createSessionStore();
const session = store.create({
  user: { username: 'alice', groups: [] },
  credential: { kind: 'kubeconfig' },
});
const other = store.create({
  user: { username: 'bob', groups: [] },
  credential: { kind: 'kubeconfig' },
});

describe('csrfProtection', () => {
  let server: Server;
  let base = '';

  beforeAll(async () => {
    const app = express();
    app.use(csrfProtection(store));
    app.all('/thing', (_req, res) => {
      res.status(200).send('passed');
    });
    server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  });
  afterAll(() => {
    server.close();
  });

  const cookie = `podvisor-session=${session.id}; podvisor-csrf=${session.csrfToken}`;

  it.each([
    ['GET without the header', 'GET', cookie, undefined],
    ['HEAD without the header', 'HEAD', cookie, undefined],
    ['OPTIONS without the header', 'OPTIONS', cookie, undefined],
    ['POST with the right header', 'POST', cookie, session.csrfToken],
    ['DELETE with the right header', 'DELETE', cookie, session.csrfToken],
    ['POST without a session (the next layer answers 401)', 'POST', undefined, undefined],
    ['POST with an unknown session id', 'POST', 'podvisor-session=forged', undefined],
  ])('lets %s through', async (_name, method, sent, header) => {
    const headers: Record<string, string> = {};
    if (sent !== undefined) headers['Cookie'] = sent;
    if (header !== undefined) headers['X-CSRF-Token'] = header;
    const res = await fetch(`${base}/thing`, { method, headers });
    expect(res.status).toBe(200);
  });

  it.each([
    ['POST without the header', 'POST', undefined],
    ['PUT with a wrong header', 'PUT', 'wrong'],
    ['PATCH with an empty header', 'PATCH', ''],
    ["DELETE with another session's token", 'DELETE', other.csrfToken],
    ['POST with the session id as the token', 'POST', session.id],
  ])('refuses %s with a 403 Status', async (_name, method, header) => {
    const headers: Record<string, string> = { Cookie: cookie };
    if (header !== undefined) headers['X-CSRF-Token'] = header;
    const res = await fetch(`${base}/thing`, { method, headers });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Forbidden',
      code: 403,
      message: expect.stringContaining('missing or wrong CSRF token') as unknown,
    });
  });
});

describe('secretsEqual', () => {
  it.each([
    ['abc', 'abc', true],
    ['abc', 'abd', false],
    ['abc', 'abcd', false],
    ['', '', true],
  ])('compares %j and %j', (a, b, equal) => {
    expect(secretsEqual(a, b)).toBe(equal);
  });
});
