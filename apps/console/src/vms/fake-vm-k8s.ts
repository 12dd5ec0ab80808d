// Test support: the shared fake data layer (`../app/fake-k8s.ts`) plus the writes and access
// reviews the VM pages use, and object watches (`isList: false`) answered from the list by name.
import { useEffect, useState } from 'react';
import { vi } from 'vitest';
import { fakeK8s, fakeK8sModule, type FakeWatchResult } from '../app/fake-k8s.ts';
import type { AccessAttributes, AccessResult, WatchResource } from '../k8s/index.ts';
import { kubernetesApiPrefix } from '../k8s/k8s-fetch.ts';
import { KubeError, kubeErrorFromBody } from '../k8s/kube-error.ts';
import { notifyUnauthorized } from '../k8s/on-unauthorized.ts';

/** A Kubernetes `Status` answer of the fake BFF. */
export function fakeStatusResponse(code: number, message: string): Response {
  return new Response(JSON.stringify({ kind: 'Status', status: 'Failure', code, message }), {
    status: code,
    headers: { 'Content-Type': 'application/json' },
  });
}

// Raw GETs (pod logs, screenshots) the fake BFF answers: API path with query → answer.
const served = new Map<string, () => Response>();

function fakeFetch(url: string): Promise<Response> {
  const path = url.startsWith(kubernetesApiPrefix) ? url.slice(kubernetesApiPrefix.length) : url;
  const answer = served.get(path);
  return Promise.resolve(answer === undefined ? fakeStatusResponse(404, `no ${path}`) : answer());
}

/** The spies of the VM pages' writes and access reviews. */
export const fakeVmK8s = {
  checkAccess: vi.fn<(attributes: AccessAttributes) => Promise<AccessResult>>(),
  k8sSubresource: vi.fn<(method: string, path: string, body?: unknown) => Promise<unknown>>(),
  k8sDelete: vi.fn<(locator: unknown, options?: unknown) => Promise<unknown>>(),
  /** The global `fetch` while faked: raw GETs of the BFF, answered by {@link fakeVmK8s.serve}. */
  fetch: vi.fn<(url: string, init?: RequestInit) => Promise<Response>>(),
  /** From now on, answers GETs of `path` (an API path with its query) with `answer()`. */
  serve(path: string, answer: () => Response): void {
    served.set(path, answer);
  },
  /** Everything allowed, every write succeeds, no watches set, every raw GET answered 404. */
  reset(): void {
    fakeK8s.reset();
    served.clear();
    fakeVmK8s.fetch.mockReset().mockImplementation(fakeFetch);
    vi.stubGlobal('fetch', fakeVmK8s.fetch);
    fakeVmK8s.checkAccess.mockReset().mockResolvedValue({ allowed: true });
    fakeVmK8s.k8sSubresource.mockReset().mockResolvedValue(undefined);
    fakeVmK8s.k8sDelete.mockReset().mockResolvedValue(undefined);
  },
};

function watchOne(
  resource: WatchResource,
): FakeWatchResult | [unknown, boolean, KubeError | undefined] {
  const [items, loaded, error] = fakeK8sModule.useK8sWatchResource(resource);
  if (resource.isList) return [items, loaded, error];
  const found = items.find(
    (item) =>
      (item as { metadata: { name?: string; namespace?: string } }).metadata.name ===
        resource.name &&
      (item as { metadata: { namespace?: string } }).metadata.namespace === resource.namespace,
  );
  return [found, loaded, error];
}

/** `useAccess`, answered by the {@link fakeVmK8s.checkAccess} spy. */
function useFakeAccess(
  attributes: AccessAttributes,
): [allowed: boolean, loading: boolean, reason: string | undefined] {
  const key = JSON.stringify(attributes);
  const [state, setState] = useState<{ key: string; allowed: boolean; reason?: string }>();
  useEffect(() => {
    let active = true;
    void fakeVmK8s.checkAccess(JSON.parse(key) as AccessAttributes).then((result) => {
      if (active) setState({ key, ...result });
    });
    return () => {
      active = false;
    };
  }, [key]);
  return state?.key === key ? [state.allowed, false, state.reason] : [false, true, undefined];
}

/** The fake module: pass it as the factory result of `vi.mock('../k8s/index.ts')`. */
export const fakeVmK8sModule = {
  ...fakeK8sModule,
  KubeError,
  kubeErrorFromBody,
  kubernetesApiPrefix,
  notifyUnauthorized,
  useK8sWatchResource(resource: WatchResource | null): [unknown, boolean, KubeError | undefined] {
    return resource === null ? [[], false, undefined] : watchOne(resource);
  },
  checkAccess: (attributes: AccessAttributes): Promise<AccessResult> =>
    fakeVmK8s.checkAccess(attributes),
  k8sSubresource: (method: string, path: string, body?: unknown): Promise<unknown> =>
    fakeVmK8s.k8sSubresource(method, path, body),
  k8sDelete: (locator: unknown, options?: unknown): Promise<unknown> =>
    fakeVmK8s.k8sDelete(locator, options),
  useAccess: useFakeAccess,
};
