import { useCallback, useSyncExternalStore } from 'react';

export type ThemeChoice = 'light' | 'dark' | 'system';
const KEY = 'gatehouse.theme';
const listeners = new Set<() => void>();

function stored(): ThemeChoice {
  const value = localStorage.getItem(KEY);
  return value === 'light' || value === 'dark' ? value : 'system';
}

function prefersDark(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
}

export function resolveTheme(choice: ThemeChoice, systemDark: boolean): 'light' | 'dark' {
  if (choice === 'system') return systemDark ? 'dark' : 'light';
  return choice;
}

/** Runs before the first render so the page never flashes the wrong theme. */
export function applyStoredTheme(): void {
  const dark = resolveTheme(stored(), prefersDark()) === 'dark';
  document.documentElement.classList.toggle('dark', dark);
  document.documentElement.style.colorScheme = dark ? 'dark' : 'light';
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useTheme(): {
  choice: ThemeChoice;
  resolved: 'light' | 'dark';
  setTheme: (c: ThemeChoice) => void;
} {
  const choice = useSyncExternalStore(subscribe, stored, () => 'system' as const);
  const setTheme = useCallback((next: ThemeChoice) => {
    if (next === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, next);
    applyStoredTheme();
    listeners.forEach((l) => l());
  }, []);
  return { choice, resolved: resolveTheme(choice, prefersDark()), setTheme };
}
