import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/**
 * One search parameter of the page (`''` when absent) and a setter that keeps the others and
 * replaces the history entry (typing does not flood the back button); `''` removes it.
 */
export function useSearchParam(name: string): [string, (value: string) => void] {
  const [params, setParams] = useSearchParams();
  const set = useCallback(
    (value: string) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          if (value === '') next.delete(name);
          else next.set(name, value);
          return next;
        },
        { replace: true },
      );
    },
    [name, setParams],
  );
  return [params.get(name) ?? '', set];
}
