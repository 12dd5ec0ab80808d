import { FakeClock } from '@podvisor/kube';
import { describe, expect, it } from 'vitest';
import { NodeStatusError } from './node-status-error.ts';
import {
  authenticationDecision,
  bearerToken,
  serviceAccountUser,
  TokenAuthenticator,
  type TokenReviewResult,
} from './token-authenticator.ts';

const virtApi = serviceAccountUser('podvisor', 'virt-api');

/** The code of the NodeStatusError `run` throws (or resolves to 0). */
async function codeOf(run: () => unknown): Promise<number> {
  try {
    await run();
    return 0;
  } catch (error) {
    if (error instanceof NodeStatusError) return error.code;
    throw error;
  }
}

describe('bearerToken', () => {
  it.each([
    { header: 'Bearer abc.def', token: 'abc.def' },
    { header: 'bearer abc', token: 'abc' },
    { header: 'Bearer  abc ', token: 'abc' },
    { header: 'Basic dXNlcjpwdw==', token: undefined },
    { header: 'Bearer', token: undefined },
    { header: 'Bearer a b', token: undefined },
    { header: undefined, token: undefined },
  ])('reads $header as $token', ({ header, token }) => {
    expect(bearerToken(header)).toBe(token);
  });
});

describe('authenticationDecision', () => {
  it.each<{ review: TokenReviewResult; code: number }>([
    { review: { authenticated: true, username: virtApi }, code: 0 },
    { review: { authenticated: false, error: 'token expired' }, code: 401 },
    { review: { authenticated: true }, code: 401 },
    {
      review: { authenticated: true, username: 'system:serviceaccount:default:virt-api' },
      code: 403,
    },
    {
      review: { authenticated: true, username: 'system:serviceaccount:podvisor:virt-handler' },
      code: 403,
    },
    { review: { authenticated: true, username: 'kubernetes-admin' }, code: 403 },
  ])('answers $code for $review', async ({ review, code }) => {
    expect(await codeOf(() => authenticationDecision(review, virtApi))).toBe(code);
  });

  it('names the user and the one allowed in a 403', () => {
    expect(() =>
      authenticationDecision({ authenticated: true, username: 'alice' }, virtApi),
    ).toThrow(`User "alice" cannot use the virt-handler node endpoint: only ${virtApi} may`);
  });

  it("passes the API server's reason on in a 401", () => {
    expect(() =>
      authenticationDecision({ authenticated: false, error: 'expired' }, virtApi),
    ).toThrow(/not valid: expired/);
  });
});

describe('TokenAuthenticator', () => {
  function setup(answers: Record<string, TokenReviewResult | Error>) {
    const clock = new FakeClock(1_000);
    const reviews: string[] = [];
    const authenticator = new TokenAuthenticator({
      allowedUser: virtApi,
      clock,
      maxCached: 2,
      review: (token) => {
        reviews.push(token);
        const answer = answers[token] ?? { authenticated: false };
        return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
      },
    });
    return { clock, reviews, authenticator };
  }

  it('caches a positive answer for a minute, then asks again', async () => {
    const { clock, reviews, authenticator } = setup({
      good: { authenticated: true, username: virtApi },
    });
    expect(await authenticator.authenticate('Bearer good')).toBe(virtApi);
    clock.advance(59_000);
    expect(await authenticator.authenticate('Bearer good')).toBe(virtApi);
    expect(reviews).toEqual(['good']);
    clock.advance(2_000);
    await authenticator.authenticate('Bearer good');
    expect(reviews).toEqual(['good', 'good']);
  });

  it('does not cache refusals', async () => {
    const { reviews, authenticator } = setup({ other: { authenticated: true, username: 'bob' } });
    expect(await codeOf(() => authenticator.authenticate('Bearer other'))).toBe(403);
    expect(await codeOf(() => authenticator.authenticate('Bearer other'))).toBe(403);
    expect(reviews).toEqual(['other', 'other']);
  });

  it.each([
    { header: undefined, code: 401 },
    { header: 'Bearer unknown', code: 401 },
    { header: 'Bearer broken', code: 503 },
  ])('answers $code for $header', async ({ header, code }) => {
    const { authenticator } = setup({ broken: new Error('connect ECONNREFUSED') });
    expect(await codeOf(() => authenticator.authenticate(header))).toBe(code);
  });

  it('forgets the oldest token beyond its capacity', async () => {
    const ok = { authenticated: true, username: virtApi };
    const { reviews, authenticator } = setup({ a: ok, b: ok, c: ok });
    for (const token of ['a', 'b', 'c', 'a']) await authenticator.authenticate(`Bearer ${token}`);
    expect(reviews).toEqual(['a', 'b', 'c', 'a']);
  });
});
