// Test support: the shared fake data layer (`../app/fake-k8s.ts`) plus the writes and access
// reviews the VM pages use, and object watches (`isList: false`) answered from the list by name.
import { vi } from 'vitest';
import { fakeK8s, fakeK8sModule, type FakeWatchResult } from '../app/fake-k8s.ts';
import type { AccessAttributes, AccessResult, WatchResource } from '../k8s/index.ts';
import { KubeError } from '../k8s/kube-error.ts';

/** The spies of the VM pages' writes and access reviews. */
export const fakeVmK8s = {
  checkAccess: vi.fn<(attributes: AccessAttributes) => Promise<AccessResult>>(),
  k8sSubresource: vi.fn<(method: string, path: string, body?: unknown) => Promise<unknown>>(),
  k8sDelete: vi.fn<(locator: unknown, options?: unknown) => Promise<unknown>>(),
  /** Everything allowed, every write succeeds, no watches set. */
  reset(): void {
    fakeK8s.reset();
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

/** The fake module: pass it as the factory result of `vi.mock('../k8s/index.ts')`. */
export const fakeVmK8sModule = {
  ...fakeK8sModule,
  KubeError,
  useK8sWatchResource(resource: WatchResource | null): [unknown, boolean, KubeError | undefined] {
    return resource === null ? [[], false, undefined] : watchOne(resource);
  },
  checkAccess: (attributes: AccessAttributes): Promise<AccessResult> =>
    fakeVmK8s.checkAccess(attributes),
  k8sSubresource: (method: string, path: string, body?: unknown): Promise<unknown> =>
    fakeVmK8s.k8sSubresource(method, path, body),
  k8sDelete: (locator: unknown, options?: unknown): Promise<unknown> =>
    fakeVmK8s.k8sDelete(locator, options),
};
