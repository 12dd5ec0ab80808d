import { cleanup, render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { applyStoredTheme, darkThemeClass, themeStorageKey } from './theme.ts';
import { ThemeSwitch } from './ThemeSwitch.tsx';

/** A stand-in for the browser's colour-scheme query (jsdom has no matchMedia). */
function stubSystemTheme(dark: boolean) {
  const listeners = new Set<() => void>();
  const query = {
    matches: dark,
    addEventListener: (_type: string, listener: () => void) => listeners.add(listener),
    removeEventListener: (_type: string, listener: () => void) => listeners.delete(listener),
  };
  vi.stubGlobal('matchMedia', () => query);
  return {
    change(next: boolean) {
      query.matches = next;
      for (const listener of listeners) listener();
    },
  };
}

const isDark = (): boolean => document.documentElement.classList.contains(darkThemeClass);

beforeEach(() => {
  localStorage.clear();
  document.documentElement.classList.remove(darkThemeClass);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('ThemeSwitch', () => {
  it('applies the dark theme class and persists the choice', async () => {
    stubSystemTheme(false);
    render(<ThemeSwitch />);
    await userEvent.click(screen.getByRole('button', { name: 'Dark' }));
    expect(isDark()).toBe(true);
    expect(localStorage.getItem(themeStorageKey)).toBe('dark');
    expect(screen.getByRole('button', { name: 'Dark' }).getAttribute('aria-pressed')).toBe('true');
    await userEvent.click(screen.getByRole('button', { name: 'Light' }));
    expect(isDark()).toBe(false);
    expect(localStorage.getItem(themeStorageKey)).toBe('light');
  });

  it('comes back with the persisted choice', () => {
    stubSystemTheme(false);
    localStorage.setItem(themeStorageKey, 'dark');
    render(<ThemeSwitch />);
    expect(screen.getByRole('button', { name: 'Dark' }).getAttribute('aria-pressed')).toBe('true');
    expect(isDark()).toBe(true);
  });

  it('follows the system by default, and as the system changes', () => {
    const system = stubSystemTheme(true);
    render(<ThemeSwitch />);
    expect(screen.getByRole('button', { name: 'System' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    expect(isDark()).toBe(true);
    system.change(false);
    expect(isDark()).toBe(false);
  });

  it('ignores the system once a fixed theme is chosen', async () => {
    const system = stubSystemTheme(false);
    render(<ThemeSwitch />);
    await userEvent.click(screen.getByRole('button', { name: 'Light' }));
    system.change(true);
    expect(isDark()).toBe(false);
  });

  it('treats an unknown stored value as system', () => {
    stubSystemTheme(true);
    localStorage.setItem(themeStorageKey, 'purple');
    render(<ThemeSwitch />);
    expect(screen.getByRole('button', { name: 'System' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
  });

  it('applies the stored theme before the first render', () => {
    stubSystemTheme(false);
    localStorage.setItem(themeStorageKey, 'dark');
    applyStoredTheme();
    expect(isDark()).toBe(true);
  });
});
