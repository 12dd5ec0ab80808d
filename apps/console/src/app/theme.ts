/** The user's theme choice: fixed light or dark, or follow the system's `prefers-color-scheme`. */
export type ThemePreference = 'light' | 'dark' | 'system';

/** Every theme choice, in the order the switch shows them. */
export const themePreferences: readonly ThemePreference[] = ['light', 'dark', 'system'];

/** Where the choice is persisted in localStorage. */
export const themeStorageKey = 'podvisor.theme';

/** The class PatternFly 6 reads on `<html>` to switch to its dark theme. */
export const darkThemeClass = 'pf-v6-theme-dark';

const darkQuery = '(prefers-color-scheme: dark)';

/** The persisted choice; `system` when nothing (or something unknown) is stored. */
export function readThemePreference(
  storage: Pick<Storage, 'getItem'> | undefined,
): ThemePreference {
  let stored: string | null = null;
  try {
    stored = storage?.getItem(themeStorageKey) ?? null;
  } catch {
    // Storage can be disabled (privacy settings); fall back to the system theme.
  }
  return themePreferences.find((preference) => preference === stored) ?? 'system';
}

/** Persists the choice; a storage that refuses (quota, privacy mode) only loses persistence. */
export function writeThemePreference(
  storage: Pick<Storage, 'setItem'> | undefined,
  preference: ThemePreference,
): void {
  try {
    storage?.setItem(themeStorageKey, preference);
  } catch {
    // Not persisted; the theme still applies for this page.
  }
}

/** The system's colour-scheme query, or undefined where matchMedia is missing. */
export function systemDarkQuery(): MediaQueryList | undefined {
  return typeof window.matchMedia === 'function' ? window.matchMedia(darkQuery) : undefined;
}

/** Whether a choice means dark, given whether the system prefers dark. */
export function isDarkTheme(preference: ThemePreference, systemPrefersDark: boolean): boolean {
  return preference === 'dark' || (preference === 'system' && systemPrefersDark);
}

/** Sets or removes PatternFly's dark-theme class on the root element. */
export function applyTheme(root: Element, dark: boolean): void {
  root.classList.toggle(darkThemeClass, dark);
}

/** Applies the persisted choice before the first render, so the page does not flash. */
export function applyStoredTheme(): void {
  const preference = readThemePreference(window.localStorage);
  applyTheme(
    document.documentElement,
    isDarkTheme(preference, systemDarkQuery()?.matches ?? false),
  );
}
