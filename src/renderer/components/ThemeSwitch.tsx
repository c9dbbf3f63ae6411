// Light, dark or the system's choice: three radio buttons, so arrow keys move between them.
import { useEffect, useId, useState } from 'react';
import { applyTheme, onThemeChange, storedTheme, THEMES, type Theme } from '../theme';

const NAMES: Record<Theme, string> = { system: 'Auto', light: 'Light', dark: 'Dark' };

/** `inline`: just the choice, for a page that already has its own Appearance section (Settings). */
export function ThemeSwitch({ inline = false }: { inline?: boolean }) {
  const [theme, setTheme] = useState<Theme>(storedTheme);
  const name = useId();
  useEffect(() => onThemeChange(setTheme), []);
  const choice = (
    <fieldset>
      <legend>Theme</legend>
      <div className="segmented">
        {THEMES.map((t) => (
          <label key={t} className={theme === t ? 'checked' : undefined}>
            <input
              type="radio"
              name={name}
              value={t}
              checked={theme === t}
              onChange={() => {
                setTheme(t);
                applyTheme(t);
              }}
            />
            {NAMES[t]}
          </label>
        ))}
      </div>
    </fieldset>
  );
  if (inline) return <div className="theme-switch inline">{choice}</div>;
  // A named section keeps the switch inside a landmark, where screen-reader users look for it.
  return (
    <section className="theme-switch" aria-label="Appearance">
      {choice}
    </section>
  );
}
