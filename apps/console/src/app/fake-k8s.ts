// Test support: a stand-in for the data layer's module (`../k8s/index.ts`), the one boundary the
// console's component tests mock. Tests set what each watch and the current user return.
import type { ReactNode } from 'react';
import { vi } from 'vitest';
import type { CurrentUserState, KubeError, WatchResource } from '../k8s/index.ts';

/** What one watched resource returns: `[items, loaded, error]`. */
export type FakeWatchResult = [
  items: readonly unknown[],
  loaded: boolean,
  error: KubeError | undefined,
];

const watches = new Map<string, FakeWatchResult>();

/** The spies and the state behind the fake module. */
export const fakeK8s = {
  /** Every watch the components asked for, in order. */
  watched: [] as WatchResource[],
  signOut: vi.fn(() => Promise.resolve()),
  user: { loading: false, user: { username: 'alice', groups: ['devs'] } } as Omit<
    CurrentUserState,
    'signOut'
  >,
  /** Sets what watching `resource` (the plural, e.g. `pods`) returns. */
  setWatch(resource: string, result: FakeWatchResult): void {
    watches.set(resource, result);
  },
  reset(): void {
    watches.clear();
    fakeK8s.watched = [];
    fakeK8s.signOut.mockClear();
    fakeK8s.user = { loading: false, user: { username: 'alice', groups: ['devs'] } };
  },
};

const empty: FakeWatchResult = [[], true, undefined];

/** The fake module: pass it as the factory result of `vi.mock('…/k8s/index.ts')`. */
export const fakeK8sModule = {
  useK8sWatchResource(resource: WatchResource | null): FakeWatchResult {
    if (resource === null) return [[], false, undefined];
    fakeK8s.watched.push(resource);
    return watches.get(resource.groupVersionResource.resource) ?? empty;
  },
  useCurrentUser(): CurrentUserState {
    return { ...fakeK8s.user, signOut: fakeK8s.signOut };
  },
  WatchSocketProvider(props: { readonly children?: ReactNode }): ReactNode {
    return props.children;
  },
};
