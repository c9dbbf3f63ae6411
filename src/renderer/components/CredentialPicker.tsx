// Choosing credentials from the library in a modal: search as you type, tick several, add them in one go.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { CredentialSummary } from '../../core/library';
import { invoke } from '../api';
import { formatDate, trustLabel } from '../labels';
import { plain } from '../text';
import { BadgeImage } from './BadgeImage';
import { ModalDialog } from './ModalDialog';
import { TrustBadge } from './TrustBadge';

const SEARCH_DELAY_MS = 150;
/** Enough to scan by eye; searching narrows the rest. */
const SHOWN = 60;

export function CredentialPicker({
  title,
  submit,
  taken,
  takenLabel,
  busy,
  error,
  children,
  onPick,
  onCancel,
}: {
  title: string;
  /** The adding button's words for n ticked credentials, e.g. n => `Add ${n}`. */
  submit: (n: number) => string;
  /** Credentials that are already there: shown, but cannot be ticked. */
  taken: ReadonlySet<number>;
  /** What a taken credential says, e.g. "Already in this portfolio". */
  takenLabel: string;
  busy?: boolean;
  error?: string | null;
  /** Anything shown above the list (e.g. where the credentials will go). */
  children?: ReactNode;
  onPick: (ids: number[]) => void;
  onCancel: () => void;
}) {
  const search = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [items, setItems] = useState<CredentialSummary[] | null>(null);
  const [total, setTotal] = useState(0);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<number[]>([]);
  const titleId = useId();
  const countId = useId();

  useEffect(() => {
    const q = text.trim();
    const timer = setTimeout(() => setQuery(q), q === '' ? 0 : SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text]);

  useEffect(() => {
    let live = true;
    invoke('library.list', { ...(query ? { query } : {}), sort: 'date', limit: SHOWN })
      .then((page) => {
        if (!live) return;
        setItems(page.items);
        setTotal(page.total);
        setLoadError(null);
      })
      .catch((err: unknown) => {
        if (live) setLoadError(err instanceof Error ? err.message : String(err));
      });
    return () => {
      live = false;
    };
  }, [query]);

  const toggle = (id: number, on: boolean): void =>
    setChosen((c) => (on ? [...c, id] : c.filter((x) => x !== id)));

  let count = '';
  if (items !== null) {
    count =
      total === 0
        ? query
          ? 'No credentials match.'
          : 'Your library is empty: import credentials first.'
        : total > items.length
          ? `Showing ${items.length} of ${total.toLocaleString()}: search to narrow them.`
          : `${total.toLocaleString()} ${total === 1 ? 'credential' : 'credentials'}`;
  }

  return (
    <ModalDialog
      className="dialog picker"
      aria-labelledby={titleId}
      busy={busy}
      onCancel={onCancel}
      onOpen={() => search.current?.focus()}
    >
      <h2 id={titleId} className="clip-lines" dir="auto">
        {title}
      </h2>
      {children}
      <input
        ref={search}
        type="search"
        className="search picker-search"
        placeholder="Search title, issuer, skill…"
        aria-label="Search the library"
        aria-describedby={countId}
        value={text}
        maxLength={500}
        onChange={(e) => setText(e.target.value)}
      />
      <p id={countId} className="muted picker-count" aria-live="polite">
        {count}
      </p>
      {loadError && (
        <p className="error-text" role="alert">
          {loadError}
        </p>
      )}
      <ul className="picker-list" aria-label="Credentials to choose from">
        {(items ?? []).map((c) => {
          const isTaken = taken.has(c.id);
          const label = trustLabel(c.verdict, c.format, c.issuerHosted);
          const inputId = `pick-${titleId}-${c.id}`;
          return (
            <li key={c.id} className={`picker-row${isTaken ? ' taken' : ''}`}>
              <input
                id={inputId}
                type="checkbox"
                checked={isTaken || chosen.includes(c.id)}
                disabled={isTaken || busy}
                onChange={(e) => toggle(c.id, e.target.checked)}
              />
              <BadgeImage
                id={c.id}
                hasImage={c.hasImage}
                title={plain(c.title, 200)}
                size="small"
              />
              <label htmlFor={inputId} className="picker-main">
                <span className="row-title clip" dir="auto">
                  {plain(c.title, 300)}
                </span>
                <span className="row-meta">
                  <span className="clip" dir="auto">
                    {c.issuerName ? plain(c.issuerName, 200) : 'Issuer not stated'}
                  </span>
                  {c.issuedOn && <span className="row-date">{formatDate(c.issuedOn)}</span>}
                </span>
              </label>
              {isTaken ? (
                <span className="muted picker-taken">{takenLabel}</span>
              ) : (
                <TrustBadge text={label.text} tone={label.tone} />
              )}
            </li>
          );
        })}
      </ul>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button secondary" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button
          type="button"
          className="button primary"
          disabled={busy || chosen.length === 0}
          onClick={() => onPick(chosen)}
        >
          {busy ? 'Working…' : submit(chosen.length)}
        </button>
      </div>
    </ModalDialog>
  );
}
