import { useEffect, useState } from 'react';
import { type AccessResult, checkAccess } from '../k8s/index.ts';
import { podDeleteAccessReview } from './pod-delete.ts';

/** The delete verdict in a namespace; undefined while it is being asked. */
export type PodDeleteAccess = (namespace: string) => AccessResult | undefined;

interface AccessState {
  readonly key: string;
  readonly results: ReadonlyMap<string, AccessResult>;
}

async function review(namespace: string): Promise<[string, AccessResult]> {
  try {
    return [namespace, await checkAccess({ ...podDeleteAccessReview, namespace })];
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return [namespace, { allowed: false, reason }];
  }
}

/**
 * Asks (SelfSubjectAccessReview, cached by `checkAccess`) whether the user may delete pods in each
 * of `namespaces`; a failed review counts as "not allowed" with its message as the reason.
 */
export function usePodDeleteAccess(namespaces: readonly string[]): PodDeleteAccess {
  const key = JSON.stringify([...new Set(namespaces)].sort());
  const [state, setState] = useState<AccessState | undefined>(undefined);
  useEffect(() => {
    let active = true;
    const list = JSON.parse(key) as string[];
    void Promise.all(list.map(review)).then((entries) => {
      if (active) setState({ key, results: new Map(entries) });
    });
    return () => {
      active = false;
    };
  }, [key]);
  const results = state?.key === key ? state.results : undefined;
  return (namespace) => results?.get(namespace);
}
