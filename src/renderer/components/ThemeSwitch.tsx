// Light, dark or the system's choice: three radio buttons, so arrow keys move between them.
import { useId, useState } from 'react';
import { applyTheme, storedTheme, THEMES, type Theme } from '../theme';

const NAMES: Record<Theme, string> = { system: 'Auto', light: 'Light', dark: 'Dark' };

export function ThemeSwitch() {
  const [theme, setTheme] = useState<Theme>(storedTheme);
  const name = useId();
  // A named section keeps the switch inside a landmark, where screen-reader users look for it.
  return (
    <section className="theme-switch" aria-label="Appearance">
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
    </section>
  );
}
