import { useCallback, useEffect, useState } from 'react';
import {
  applyTheme,
  isDarkTheme,
  readThemePreference,
  systemDarkQuery,
  type ThemePreference,
  writeThemePreference,
} from './theme.ts';

/**
 * The theme choice and its setter. The choice is persisted in localStorage and applied to
 * `<html>`; with `system`, the page follows `prefers-color-scheme` as it changes.
 */
export function useTheme(): [ThemePreference, (preference: ThemePreference) => void] {
  const [preference, setPreferenceState] = useState(() => readThemePreference(window.localStorage));
  useEffect(() => {
    const query = systemDarkQuery();
    const apply = (): void => {
      applyTheme(document.documentElement, isDarkTheme(preference, query?.matches ?? false));
    };
    apply();
    if (preference !== 'system' || query === undefined) return undefined;
    query.addEventListener('change', apply);
    return () => {
      query.removeEventListener('change', apply);
    };
  }, [preference]);
  const setPreference = useCallback((next: ThemePreference) => {
    writeThemePreference(window.localStorage, next);
    setPreferenceState(next);
  }, []);
  return [preference, setPreference];
}
