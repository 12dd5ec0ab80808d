import { renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { signOut, useCurrentUser } from './use-current-user.ts';

function serve(status: number, body: unknown): { urls: string[]; inits: RequestInit[] } {
  const calls = { urls: [] as string[], inits: [] as RequestInit[] };
  vi.stubGlobal('fetch', (url: string, init: RequestInit) => {
    calls.urls.push(url);
    calls.inits.push(init);
    return Promise.resolve(new Response(status === 204 ? null : JSON.stringify(body), { status }));
  });
  return calls;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('useCurrentUser', () => {
  it('is loading, then the signed-in user from /api/auth/me', async () => {
    const calls = serve(200, { username: 'vera', groups: ['system:authenticated'], mode: 'token' });
    const { result } = renderHook(() => useCurrentUser());
    expect(result.current).toMatchObject({ loading: true });
    expect(result.current.user).toBeUndefined();
    await waitFor(() => {
      expect(result.current).toMatchObject({
        loading: false,
        user: { username: 'vera', groups: ['system:authenticated'] },
      });
    });
    expect(calls.urls).toContain('/api/auth/me');
  });

  it('has no user and no error when not signed in (401)', async () => {
    serve(401, { kind: 'Status', code: 401, message: 'not signed in' });
    const { result } = renderHook(() => useCurrentUser());
    await waitFor(() => {
      expect(result.current.loading).toBe(false);
    });
    expect([result.current.user, result.current.error]).toEqual([undefined, undefined]);
  });

  it('carries the error when /api/auth/me fails otherwise', async () => {
    serve(500, { kind: 'Status', code: 500, message: 'session store broken' });
    const { result } = renderHook(() => useCurrentUser());
    await waitFor(() => {
      expect(result.current.error?.message).toBe('session store broken');
    });
  });
});

describe('signOut', () => {
  it('posts the logout with the CSRF token, then loads the start page', async () => {
    document.cookie = 'podvisor-csrf=c5rf';
    const calls = serve(204, null);
    const visited: string[] = [];
    await signOut((url) => visited.push(url));
    expect(calls.urls).toEqual(['/api/auth/logout']);
    expect(calls.inits[0]).toMatchObject({ method: 'POST', headers: { 'X-CSRF-Token': 'c5rf' } });
    expect(visited).toEqual(['/']);
  });
});
