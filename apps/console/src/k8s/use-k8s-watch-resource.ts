import { useEffect, useState } from 'react';
import type { WatchObject } from '@podvisor/bff/protocol';
import type { K8sObject } from './k8s-object.ts';
import { kubeErrorFromStatus, type KubeError } from './kube-error.ts';
import { notifyUnauthorized } from './on-unauthorized.ts';
import { useWatchSocket } from './use-watch-socket.ts';
import { watchObjectKey, type WatchQuery, type WatchUpdate } from './watch-socket.ts';

/** What to watch, shaped like the OpenShift console SDK's `WatchK8sResource`. */
export interface WatchResource {
  readonly groupVersionResource: {
    /** `''` for the core API. */
    readonly group: string;
    readonly version: string;
    /** The plural, e.g. `virtualmachines`. */
    readonly resource: string;
  };
  /** Absent: every namespace (or a cluster-scoped resource). */
  readonly namespace?: string | undefined;
  /** One object by name (use with `isList: false`). */
  readonly name?: string | undefined;
  readonly isList: boolean;
  readonly selector?: { readonly matchLabels?: Readonly<Record<string, string>> } | undefined;
  readonly fieldSelector?: string | undefined;
}

/** A watch of a collection. */
export type ListWatchResource = WatchResource & { readonly isList: true };

/** A watch of one object. */
export type ObjectWatchResource = WatchResource & { readonly isList: false };

/** `[data, loaded, error]`. */
export type WatchResult<D> = [data: D, loaded: boolean, error: KubeError | undefined];

interface WatchState {
  readonly key: string;
  /** Sorted by namespace, then name. */
  readonly items: readonly WatchObject[];
  readonly loaded: boolean;
  readonly error: KubeError | undefined;
}

const idle: WatchState = { key: '', items: [], loaded: false, error: undefined };

const collator = new Intl.Collator('en', { numeric: true });

function byNamespaceAndName(a: WatchObject, b: WatchObject): number {
  return (
    collator.compare(a.metadata.namespace ?? '', b.metadata.namespace ?? '') ||
    collator.compare(a.metadata.name ?? '', b.metadata.name ?? '')
  );
}

/** The `labelSelector` of `matchLabels` (`a=1,b=2`, keys sorted); `undefined` when empty. */
export function labelSelectorOf(
  matchLabels: Readonly<Record<string, string>> = {},
): string | undefined {
  const pairs = Object.entries(matchLabels)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`);
  return pairs.length === 0 ? undefined : pairs.join(',');
}

/** The socket query of `resource`, serialised so that equal queries are one effect dependency. */
function queryKeyOf(resource: WatchResource | null): string {
  if (resource === null) return '';
  const { group, version, resource: plural } = resource.groupVersionResource;
  const query: WatchQuery = {
    group,
    version,
    resource: plural,
    namespace: resource.namespace,
    name: resource.name,
    labelSelector: labelSelectorOf(resource.selector?.matchLabels),
    fieldSelector: resource.fieldSelector,
  };
  return JSON.stringify(query);
}

/** Applies one update to the set; returns the error it carried, if any. */
function applyUpdate(items: Map<string, WatchObject>, update: WatchUpdate): KubeError | undefined {
  switch (update.kind) {
    case 'snapshot':
      items.clear();
      for (const item of update.items) items.set(watchObjectKey(item), item);
      return undefined;
    case 'event':
      if (update.event === 'DELETED') items.delete(watchObjectKey(update.object));
      else items.set(watchObjectKey(update.object), update.object);
      return undefined;
    case 'error': {
      const error = kubeErrorFromStatus(update.status);
      if (error.code === 401) notifyUnauthorized(error);
      return error;
    }
  }
}

/** Subscribes while mounted; applies each server batch to the state in ONE update. */
function useWatchState(key: string): WatchState {
  const socket = useWatchSocket();
  const [state, setState] = useState<WatchState>(idle);
  useEffect(() => {
    if (key === '') return undefined;
    const items = new Map<string, WatchObject>();
    let loaded = false;
    let error: KubeError | undefined;
    let scheduled = false;
    let active = true;
    const flush = (): void => {
      scheduled = false;
      if (active)
        setState({ key, items: [...items.values()].sort(byNamespaceAndName), loaded, error });
    };
    // A batch's messages arrive in one task and the microtask runs after the last of them, so the
    // set is copied and sorted once per batch (React would merge the renders anyway).
    const unsubscribe = socket.subscribe(JSON.parse(key) as WatchQuery, (update) => {
      error = applyUpdate(items, update);
      if (update.kind === 'snapshot') loaded = true;
      if (!scheduled) queueMicrotask(flush);
      scheduled = true;
    });
    return () => {
      active = false;
      unsubscribe();
    };
  }, [socket, key]);
  return state.key === key ? state : idle;
}

/**
 * Watches a collection (`isList: true`: `data` is every object, sorted by namespace then name) or
 * one object (`data` is it, or `undefined` while loading and when it does not exist) through the
 * page's shared watch socket. `loaded` turns true with the first snapshot; `error` is the
 * server's Status as a {@link KubeError} (403: its message says who may not do what). `null`
 * watches nothing. Identical watches share one server subscription.
 */
export function useK8sWatchResource<T extends K8sObject>(
  resource: ListWatchResource | null,
): WatchResult<T[]>;
export function useK8sWatchResource<T extends K8sObject>(
  resource: ObjectWatchResource,
): WatchResult<T | undefined>;
export function useK8sWatchResource<T extends K8sObject>(
  resource: WatchResource | null,
): WatchResult<T[] | T | undefined>;
export function useK8sWatchResource<T extends K8sObject>(
  resource: WatchResource | null,
): WatchResult<T[] | T | undefined> {
  const state = useWatchState(queryKeyOf(resource));
  const items = state.items as readonly unknown[] as T[];
  const data = resource === null || resource.isList ? items : items[0];
  return [data, state.loaded, state.error];
}
