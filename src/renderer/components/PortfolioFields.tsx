// The résumé's own words (name, headline, contact, target role, summary): each field saved when the person leaves it.
import { useId, useState } from 'react';
import type { PortfolioView } from '../../core/portfolio-view';
import type { Input } from '../../shared/contract';
import { invoke } from '../api';

type Key = 'personName' | 'headline' | 'email' | 'links' | 'targetRole' | 'summary';

const FIELDS: Array<{
  key: Key;
  label: string;
  hint?: string;
  multiline?: boolean;
  type?: 'email';
  max: number;
  wide?: boolean;
}> = [
  { key: 'personName', label: 'Your name', max: 200 },
  { key: 'headline', label: 'Headline', hint: 'One line under your name', max: 300 },
  { key: 'email', label: 'E-mail', type: 'email', max: 320 },
  { key: 'targetRole', label: 'Target role', max: 200 },
  {
    key: 'links',
    label: 'Links',
    hint: 'One web address per line (https://…)',
    multiline: true,
    max: 20 * 2100,
    wide: true,
  },
  {
    key: 'summary',
    label: 'Summary',
    hint: 'A few sentences about you',
    multiline: true,
    max: 10_000,
    wide: true,
  },
];

function textOf(view: PortfolioView, key: Key): string {
  if (key === 'links') return view.links.join('\n');
  return view[key] ?? '';
}

function patchOf(key: Key, value: string): Omit<Input<'portfolio.update'>, 'id'> {
  const trimmed = value.trim();
  if (key === 'links') {
    return {
      links: trimmed
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== ''),
    };
  }
  if (key === 'personName') return { personName: trimmed };
  return { [key]: trimmed === '' ? null : trimmed };
}

export function PortfolioFields({
  view,
  onSaved,
}: {
  view: PortfolioView;
  /** The portfolio after a field was saved. */
  onSaved: (view: PortfolioView, what: string) => void;
}) {
  const [values, setValues] = useState<Record<Key, string>>(() => {
    const out = {} as Record<Key, string>;
    for (const f of FIELDS) out[f.key] = textOf(view, f.key);
    return out;
  });
  const [errors, setErrors] = useState<Partial<Record<Key, string>>>({});
  const base = useId();

  const save = (key: Key, label: string): void => {
    const value = values[key];
    if (value.trim() === textOf(view, key).trim() && !errors[key]) return;
    invoke('portfolio.update', { id: view.id, ...patchOf(key, value) })
      .then((v) => {
        setErrors((e) => ({ ...e, [key]: undefined }));
        onSaved(v, label);
      })
      .catch((err: unknown) =>
        setErrors((e) => ({ ...e, [key]: err instanceof Error ? err.message : String(err) })),
      );
  };

  return (
    <section className="card editor-card" aria-labelledby={`${base}-title`}>
      <h2 id={`${base}-title`} className="card-title">
        About you
      </h2>
      <div className="field-grid">
        {FIELDS.map((f) => {
          const id = `${base}-${f.key}`;
          const error = errors[f.key];
          const hintId = `${id}-hint`;
          const errorId = `${id}-error`;
          const describedBy =
            [f.hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
          const common = {
            id,
            dir: 'auto' as const,
            value: values[f.key],
            maxLength: f.max,
            'aria-invalid': error ? true : undefined,
            'aria-describedby': describedBy,
            onBlur: () => save(f.key, f.label),
          };
          return (
            <div key={f.key} className={`field${f.wide ? ' wide' : ''}`}>
              <label htmlFor={id} className="field-label">
                {f.label}
              </label>
              {f.multiline ? (
                <textarea
                  {...common}
                  className="text-input"
                  rows={f.key === 'summary' ? 4 : 2}
                  onChange={(e) => setValues((v) => ({ ...v, [f.key]: e.target.value }))}
                />
              ) : (
                <input
                  {...common}
                  className="text-input"
                  type={f.type ?? 'text'}
                  autoComplete="off"
                  onChange={(e) => setValues((v) => ({ ...v, [f.key]: e.target.value }))}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') {
                      e.preventDefault();
                      save(f.key, f.label);
                    }
                  }}
                />
              )}
              {f.hint && (
                <span id={hintId} className="field-hint">
                  {f.hint}
                </span>
              )}
              {error && (
                <span id={errorId} className="field-error" role="alert">
                  {error}
                </span>
              )}
            </div>
          );
        })}
      </div>
    </section>
  );
}
