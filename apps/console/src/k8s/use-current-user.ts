import { useCallback, useEffect, useState } from 'react';
import { csrfHeaderName, csrfToken } from './csrf-token.ts';
import { kubeErrorFromBody, type KubeError } from './kube-error.ts';

/** Who is signed in, as the BFF's `/api/auth/me` says. */
export interface CurrentUser {
  readonly username: string;
  readonly groups: readonly string[];
}

/** The signed-in user (absent when signed out), and how to sign out. */
export interface CurrentUserState {
  readonly user?: CurrentUser;
  readonly loading: boolean;
  /** Why `/api/auth/me` failed, other than "not signed in". */
  readonly error?: KubeError;
  /** Ends the session (`POST /api/auth/logout` with the CSRF token), then loads `/`. */
  signOut(): Promise<void>;
}

type Loaded = { readonly user?: CurrentUser; readonly error?: KubeError } | undefined;

async function fetchCurrentUser(signal: AbortSignal): Promise<Loaded> {
  const response = await fetch('/api/auth/me', {
    headers: { Accept: 'application/json' },
    credentials: 'same-origin',
    signal,
  });
  const text = await response.text();
  if (response.status === 401) return {};
  if (!response.ok) return { error: kubeErrorFromBody(response.status, text) };
  const body = JSON.parse(text) as { username?: unknown; groups?: unknown };
  const groups = Array.isArray(body.groups)
    ? body.groups.filter((g): g is string => typeof g === 'string')
    : [];
  return { user: { username: String(body.username), groups } };
}

/**
 * Signs out through the BFF (`POST /api/auth/logout` with the CSRF token), then loads the start
 * page, which offers sign-in (`navigate` is `location.assign` but for tests).
 */
export async function signOut(
  navigate: (url: string) => void = (url) => {
    location.assign(url);
  },
): Promise<void> {
  await fetch('/api/auth/logout', {
    method: 'POST',
    headers: { [csrfHeaderName]: csrfToken() },
    credentials: 'same-origin',
  });
  navigate('/');
}

/** The signed-in user from `/api/auth/me`: `loading` until it answers, no `user` when signed out. */
export function useCurrentUser(): CurrentUserState {
  const [loaded, setLoaded] = useState<Loaded>(undefined);
  useEffect(() => {
    const controller = new AbortController();
    fetchCurrentUser(controller.signal).then(setLoaded, (error: unknown) => {
      if (controller.signal.aborted) return;
      const message = error instanceof Error ? error.message : String(error);
      setLoaded({
        error: kubeErrorFromBody(0, `the console server could not be reached: ${message}`),
      });
    });
    return () => {
      controller.abort();
    };
  }, []);
  const doSignOut = useCallback(() => signOut(), []);
  return { ...loaded, loading: loaded === undefined, signOut: doSignOut };
}
