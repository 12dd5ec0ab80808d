import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/**
 * One of `choices`, read from the search parameter `name` (`fallback` when absent or unknown),
 * and a setter that keeps the other parameters and pushes a history entry (Back returns to the
 * previous choice); choosing `fallback` removes the parameter.
 */
export function useChoiceParam<K extends string>(
  name: string,
  choices: readonly K[],
  fallback: K,
): [K, (choice: K) => void] {
  const [params, setParams] = useSearchParams();
  const value = params.get(name);
  const choice = choices.find((candidate) => candidate === value) ?? fallback;
  const setChoice = useCallback(
    (next: K) => {
      setParams((current) => {
        const updated = new URLSearchParams(current);
        if (next === fallback) updated.delete(name);
        else updated.set(name, next);
        return updated;
      });
    },
    [name, fallback, setParams],
  );
  return [choice, setChoice];
}
