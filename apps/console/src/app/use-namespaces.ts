import { useMemo } from 'react';
import { useK8sWatchResource } from '../k8s/index.ts';

/** A namespace as the list carries it (only its name is read). */
interface NamespaceObject {
  readonly metadata: { readonly name?: string };
}

const namespacesWatch = {
  groupVersionResource: { group: '', version: 'v1', resource: 'namespaces' },
  isList: true,
} as const;

/** The namespaces the user can list, live and sorted; an error (e.g. 403) with its message. */
export interface NamespaceList {
  readonly names: readonly string[];
  readonly loaded: boolean;
  readonly error: string | undefined;
}

/** Watches the namespaces the user may list. */
export function useNamespaces(): NamespaceList {
  const [namespaces, loaded, error] = useK8sWatchResource<NamespaceObject>(namespacesWatch);
  const names = useMemo(
    () =>
      namespaces
        .map((namespace) => namespace.metadata.name ?? '')
        .filter((name) => name !== '')
        .sort(),
    [namespaces],
  );
  return { names, loaded, error: error?.message };
}
