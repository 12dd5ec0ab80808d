import { useSyncExternalStore } from 'react';
import { darkThemeClass } from '../app/theme.ts';

function isDark(): boolean {
  return document.documentElement.classList.contains(darkThemeClass);
}

function subscribe(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
  return () => {
    observer.disconnect();
  };
}

/** Whether PatternFly's dark theme is on (`pf-v6-theme-dark` on `<html>`), following changes. */
export function useDarkTheme(): boolean {
  return useSyncExternalStore(subscribe, isDark);
}
