import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/** The search parameter that holds the namespace chosen in the masthead. */
export const namespaceParam = 'ns';

/**
 * The namespace chosen in the masthead (`?ns=`), undefined for all namespaces, and a setter that
 * keeps the other search parameters.
 */
export function useNamespace(): [string | undefined, (namespace: string | undefined) => void] {
  const [searchParams, setSearchParams] = useSearchParams();
  const namespace = searchParams.get(namespaceParam) ?? undefined;
  const setNamespace = useCallback(
    (next: string | undefined) => {
      setSearchParams((current) => {
        const params = new URLSearchParams(current);
        if (next === undefined || next === '') params.delete(namespaceParam);
        else params.set(namespaceParam, next);
        return params;
      });
    },
    [setSearchParams],
  );
  return [namespace === '' ? undefined : namespace, setNamespace];
}
