import { useEffect, useState } from 'react';
import { type AccessResult, checkAccess } from '../k8s/index.ts';
import { type VmAction, type VmActionId, vmActions } from './vm-actions.ts';

/** The access verdict of an action in a namespace; undefined while it is being asked. */
export type VmAccessLookup = (namespace: string, id: VmActionId) => AccessResult | undefined;

interface AccessState {
  readonly key: string;
  readonly results: ReadonlyMap<string, AccessResult>;
}

function entryKey(namespace: string, id: VmActionId): string {
  return `${namespace}\n${id}`;
}

/** Asks one review; a failed review is "not allowed" with the error's message as the reason. */
async function review(namespace: string, action: VmAction): Promise<[string, AccessResult]> {
  try {
    const result = await checkAccess({ ...action.accessReview, namespace });
    return [entryKey(namespace, action.id), result];
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return [entryKey(namespace, action.id), { allowed: false, reason }];
  }
}

/**
 * Asks (SelfSubjectAccessReview, cached by `checkAccess`) whether the user may run each VM action
 * in each of `namespaces`; returns a lookup that answers undefined until the reviews are back.
 */
export function useVmActionAccess(namespaces: readonly string[]): VmAccessLookup {
  const key = JSON.stringify([...new Set(namespaces)].sort());
  const [state, setState] = useState<AccessState | undefined>(undefined);
  useEffect(() => {
    let active = true;
    const list = JSON.parse(key) as string[];
    const reviews = list.flatMap((namespace) =>
      vmActions.map((action) => review(namespace, action)),
    );
    void Promise.all(reviews).then((entries) => {
      if (active) setState({ key, results: new Map(entries) });
    });
    return () => {
      active = false;
    };
  }, [key]);
  const results = state?.key === key ? state.results : undefined;
  return (namespace, id) => results?.get(entryKey(namespace, id));
}
