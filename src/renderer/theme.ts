// The light/dark choice: follow the system unless the user picked one, remembered on this computer.

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

const THEME_KEY = 'skillfolio.theme';

function isTheme(value: unknown): value is Theme {
  return typeof value === 'string' && (THEMES as readonly string[]).includes(value);
}

export function storedTheme(): Theme {
  try {
    const value = localStorage.getItem(THEME_KEY);
    return isTheme(value) ? value : 'system';
  } catch {
    return 'system';
  }
}

const listeners = new Set<(theme: Theme) => void>();

/** Calls `listener` whenever the theme is chosen (two switches on screen stay in step); returns the unsubscribe. */
export function onThemeChange(listener: (theme: Theme) => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Sets the page's colour scheme (styles.css reads `data-theme`) and remembers the choice. */
export function applyTheme(theme: Theme, remember = true): void {
  const root = document.documentElement;
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
  listeners.forEach((l) => l(theme));
  if (!remember) return;
  try {
    if (theme === 'system') localStorage.removeItem(THEME_KEY);
    else localStorage.setItem(THEME_KEY, theme);
  } catch {
    // Storage can be unavailable (private windows); the choice then lasts for this page only.
  }
}
