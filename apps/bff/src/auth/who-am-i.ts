import type { Credential } from '../upstream/credential.ts';
import type { Upstream } from '../upstream/upstream.ts';
import { UpstreamError, kubeStatus } from '../upstream/upstream-error.ts';
import type { SessionUser } from './session-store.ts';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function userInfoOf(review: unknown): SessionUser | undefined {
  const status = isRecord(review) ? review['status'] : undefined;
  const userInfo = isRecord(status) ? status['userInfo'] : undefined;
  if (!isRecord(userInfo)) return undefined;
  const { username, groups } = userInfo;
  if (typeof username !== 'string' || username === '') return undefined;
  const list = Array.isArray(groups) ? groups : [];
  return { username, groups: list.filter((g): g is string => typeof g === 'string') };
}

/**
 * Asks the API server who `credential` is, with a SelfSubjectReview (`kubectl auth whoami`).
 * Throws the {@link UpstreamError} of a refused review (401 for a rejected token), and a 502 one
 * when the answer carries no user.
 */
export async function whoAmI(upstream: Upstream, credential: Credential): Promise<SessionUser> {
  const review = await upstream.json(credential, {
    method: 'POST',
    path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview', metadata: {} },
  });
  const user = userInfoOf(review);
  if (user === undefined) {
    throw new UpstreamError(
      kubeStatus(502, 'the API server answered the SelfSubjectReview without a user'),
    );
  }
  return user;
}
