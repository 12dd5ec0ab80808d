import { useMemo } from 'react';
import { useChoiceParam } from './use-choice-param.ts';

/** A tab of a details page: its `?tab=` key and its title. */
export interface TabSpec<K extends string> {
  readonly key: K;
  readonly title: string;
}

/** The search parameter that holds a details page's tab. */
export const tabParam = 'tab';

/**
 * The tab chosen in the URL (`?tab=`, `fallback` when absent or unknown) and a setter that keeps
 * the other search parameters; choosing `fallback` removes `?tab=`.
 */
export function useTabParam<K extends string>(
  tabs: readonly TabSpec<K>[],
  fallback: K,
): [K, (tab: K) => void] {
  const keys = useMemo(() => tabs.map((tab) => tab.key), [tabs]);
  return useChoiceParam(tabParam, keys, fallback);
}
