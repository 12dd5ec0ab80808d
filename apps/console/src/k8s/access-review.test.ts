import { renderHook, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkAccess, clearAccessCache, useAccess } from './access-review.ts';

interface Review {
  readonly spec: { readonly resourceAttributes: Record<string, string> };
}

let reviews: Review[];
let verdict: { allowed: boolean; reason?: string } | 'fail';

beforeEach(() => {
  reviews = [];
  verdict = { allowed: true };
  clearAccessCache();
  document.cookie = 'podvisor-csrf=t1';
  vi.stubGlobal('fetch', (url: string, init: RequestInit) => {
    expect(url).toBe('/api/kubernetes/apis/authorization.k8s.io/v1/selfsubjectaccessreviews');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>)['X-CSRF-Token']).toBe('t1');
    const review = JSON.parse(init.body as string) as Review;
    reviews.push(review);
    if (verdict === 'fail')
      return Promise.resolve(
        new Response(JSON.stringify({ kind: 'Status', code: 500, message: 'etcd is down' }), {
          status: 500,
        }),
      );
    return Promise.resolve(new Response(JSON.stringify({ ...review, status: verdict })));
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const startVm = {
  group: 'subresources.kubevirt.io',
  resource: 'virtualmachines',
  subresource: 'start',
  verb: 'update',
  namespace: 'demo',
  name: 'fedora',
};

describe('checkAccess', () => {
  it('asks with a SelfSubjectAccessReview and answers the verdict with its reason', async () => {
    verdict = { allowed: false, reason: 'no RBAC policy matched' };
    await expect(checkAccess(startVm)).resolves.toEqual({
      allowed: false,
      reason: 'no RBAC policy matched',
    });
    expect(reviews).toEqual([
      {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: { resourceAttributes: startVm },
      },
    ]);
  });

  it('leaves out attributes that are not given (cluster-wide, every name)', async () => {
    await checkAccess({ group: '', resource: 'namespaces', verb: 'list' });
    expect(reviews[0]?.spec.resourceAttributes).toEqual({
      group: '',
      resource: 'namespaces',
      verb: 'list',
    });
  });

  it('answers the same question from its cache for 30 seconds, then asks again', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    await checkAccess(startVm);
    vi.advanceTimersByTime(29_000);
    await checkAccess({ ...startVm });
    expect(reviews).toHaveLength(1);
    await checkAccess({ ...startVm, verb: 'delete' });
    expect(reviews).toHaveLength(2);
    vi.advanceTimersByTime(1_000);
    await checkAccess(startVm);
    expect(reviews).toHaveLength(3);
  });

  it('rejects with the server error and does not cache it', async () => {
    verdict = 'fail';
    await expect(checkAccess(startVm)).rejects.toMatchObject({
      code: 500,
      message: 'etcd is down',
    });
    verdict = { allowed: true };
    await expect(checkAccess(startVm)).resolves.toEqual({ allowed: true });
  });
});

describe('useAccess', () => {
  it('is loading and not allowed until the answer, then the verdict', async () => {
    const { result } = renderHook(() => useAccess(startVm));
    expect(result.current).toEqual([false, true, undefined]);
    await waitFor(() => {
      expect(result.current).toEqual([true, false, undefined]);
    });
  });

  it('is not allowed, with the error message as the reason, when the review fails', async () => {
    verdict = 'fail';
    const { result } = renderHook(() => useAccess(startVm));
    await waitFor(() => {
      expect(result.current).toEqual([false, false, 'etcd is down']);
    });
  });
});
