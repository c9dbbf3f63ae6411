// Import: paste text, choose files or a folder, or drop them anywhere; then what came in, what was already there, what was refused.
import {
  useId,
  useRef,
  useState,
  type ChangeEvent,
  type CSSProperties,
  type FormEvent,
  type ReactNode,
} from 'react';
import type { ImportResult } from '../../core/library';
import { invoke } from '../api';
import { TrustBadge } from '../components/TrustBadge';
import { fromFileList, type PickedFile } from '../files';
import { formatLabel, trustLabel } from '../labels';
import { plain } from '../text';
import type { ImportProgress, Importer } from '../use-importer';

/** Results listed per group before "Show more": a 10,000-file drop stays a fast page. */
const RESULTS_PAGE = 100;

const PHASES: Record<NonNullable<ImportProgress['phase']>, string> = {
  reading: 'Reading',
  verifying: 'Checking',
  saving: 'Saving',
  done: 'Finishing',
};

/** One group of results, shown a page at a time. */
function ResultGroup<T>({
  label,
  items,
  render,
}: {
  label: string;
  items: T[];
  render: (item: T, index: number) => ReactNode;
}) {
  const [shown, setShown] = useState(RESULTS_PAGE);
  if (items.length === 0) return null;
  const rest = items.length - shown;
  return (
    <>
      <h3 className="result-heading">
        {label} <span className="muted">({items.length.toLocaleString()})</span>
      </h3>
      <ul className="result-list" aria-label={label}>
        {items.slice(0, shown).map(render)}
      </ul>
      {rest > 0 && (
        <button
          type="button"
          className="button secondary more-results"
          onClick={() => setShown((n) => n + RESULTS_PAGE * 5)}
        >
          Show {Math.min(rest, RESULTS_PAGE * 5).toLocaleString()} more of {rest.toLocaleString()}
        </button>
      )}
    </>
  );
}

function Progress({ progress }: { progress: ImportProgress | null }) {
  const known = progress !== null && progress.total > 0;
  const done = known ? Math.min(progress.done, progress.total) : 0;
  const percent = known ? Math.floor((done / progress.total) * 100) : 0;
  const phase = progress?.phase ? PHASES[progress.phase] : 'Reading';
  return (
    <div className="progress">
      <div className="progress-text" role="status" aria-live="polite">
        <span>
          {known && progress.total > 1
            ? `${phase}: ${done.toLocaleString()} of ${progress.total.toLocaleString()} items`
            : `${phase}…`}
        </span>
        {known && progress.total > 1 && <span className="muted">{percent}%</span>}
      </div>
      <progress
        aria-label="Import progress"
        max={known ? progress.total : undefined}
        value={known ? done : undefined}
      />
    </div>
  );
}

function Results({ result, onOpen }: { result: ImportResult; onOpen: (id: number) => void }) {
  const { imported, duplicates, rejected } = result;
  const nothing = imported.length + duplicates.length + rejected.length === 0;
  return (
    <section className="results" aria-labelledby="results-title">
      <h2 id="results-title">Results</h2>
      <p className="summary" role="status">
        {nothing
          ? 'Nothing was found to import.'
          : [
              `${imported.length} imported`,
              `${duplicates.length} already in your library`,
              `${rejected.length} could not be imported`,
            ].join(' · ')}
      </p>
      <ResultGroup
        label="Imported"
        items={imported}
        render={(item) => {
          const label = trustLabel(item.verdict, item.format, item.issuerHosted);
          return (
            <li key={`i-${item.id}`} className="result imported">
              <span className="result-kind">Imported</span>
              <span className="result-main">
                <button
                  type="button"
                  className="link-button clip"
                  dir="auto"
                  onClick={() => onOpen(item.id)}
                >
                  {plain(item.title)}
                </button>
                <span className="muted clip" dir="auto">
                  {formatLabel(item.format)} · from {plain(item.source, 1000)}
                </span>
                {item.notes.map((n, i) => (
                  <span key={i} className="note" dir="auto">
                    {plain(n)}
                  </span>
                ))}
              </span>
              <TrustBadge text={label.text} tone={label.tone} />
            </li>
          );
        }}
      />
      <ResultGroup
        label="Duplicates"
        items={duplicates}
        render={(d, i) => (
          <li key={`d-${i}`} className="result duplicate">
            <span className="result-kind">Duplicate</span>
            <span className="result-main">
              <span className="clip" dir="auto">
                {plain(d.source, 1000)}
              </span>
              <span className="muted">
                Already in your library{d.by === 'credential-id' ? ' (same credential id)' : ''}.{' '}
                <button type="button" className="link-button" onClick={() => onOpen(d.id)}>
                  Show it
                </button>
              </span>
              {d.note && (
                <span className="note" dir="auto">
                  {plain(d.note)}
                </span>
              )}
            </span>
          </li>
        )}
      />
      <ResultGroup
        label="Rejected"
        items={rejected}
        render={(r, i) => (
          <li key={`r-${i}`} className="result rejected">
            <span className="result-kind">Not imported</span>
            <span className="result-main">
              <span className="clip" dir="auto">
                {plain(r.source, 1000)}
              </span>
              <span className="reason clip-lines" dir="auto">
                {plain(r.error.message)}
              </span>
            </span>
          </li>
        )}
      />
    </section>
  );
}

const FIELD_STYLE: CSSProperties = { display: 'flex', flexDirection: 'column', gap: 4 };
const INPUT_STYLE: CSSProperties = {
  padding: '8px 10px',
  borderRadius: 8,
  border: '1px solid var(--border)',
  background: 'var(--bg)',
  color: 'var(--text)',
  font: 'inherit',
};
const GRID_STYLE: CSSProperties = {
  display: 'grid',
  gridTemplateColumns: 'repeat(auto-fit, minmax(220px, 1fr))',
  gap: 10,
};

type ManualFields = {
  title: string;
  issuer: string;
  date: string;
  url: string;
  description: string;
};
const NO_FIELDS: ManualFields = { title: '', issuer: '', date: '', url: '', description: '' };

/** "Add manually": one credential the person types in, stored as self-reported. */
function ManualEntry({ onOpen }: { onOpen: (id: number) => void }) {
  const base = useId();
  const [fields, setFields] = useState<ManualFields>(NO_FIELDS);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<ImportResult | null>(null);
  const titleInput = useRef<HTMLInputElement>(null);

  const set = (k: keyof ManualFields) => (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
    setFields((f) => ({ ...f, [k]: e.target.value }));

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    invoke('library.addManual', {
      title: fields.title,
      issuer: fields.issuer,
      date: fields.date,
      ...(fields.url.trim() !== '' ? { url: fields.url } : {}),
      ...(fields.description.trim() !== '' ? { description: fields.description } : {}),
    })
      .then((r) => {
        setOutcome(r);
        const refused = r.rejected[0];
        if (refused) setError(refused.error.message);
        else setFields(NO_FIELDS);
      })
      .catch((err: unknown) => {
        // What to fix is in the message (an empty title, a date that is not one, a link that is not a web address).
        setError(err instanceof Error ? err.message : String(err));
        titleInput.current?.focus();
      })
      .finally(() => setBusy(false));
  };

  const field = (k: keyof ManualFields, label: string, input: ReactNode) => (
    <div style={FIELD_STYLE}>
      <label htmlFor={`${base}-${k}`} className="muted">
        {label}
      </label>
      {input}
    </div>
  );

  return (
    <section className="card" aria-labelledby={`${base}-heading`} style={{ margin: '16px 28px 0' }}>
      <h2 id={`${base}-heading`}>Add manually</h2>
      <p className="muted" style={{ margin: 0 }}>
        For anything without a file or link. It is kept as self-reported: nothing about it is
        verified.
      </p>
      <form onSubmit={submit} aria-describedby={error ? `${base}-error` : undefined} noValidate>
        <div style={GRID_STYLE}>
          {field(
            'title',
            'Title (required)',
            <input
              ref={titleInput}
              id={`${base}-title`}
              style={INPUT_STYLE}
              value={fields.title}
              onChange={set('title')}
              required
              maxLength={1000}
              autoComplete="off"
            />,
          )}
          {field(
            'issuer',
            'Issued by (required)',
            <input
              id={`${base}-issuer`}
              style={INPUT_STYLE}
              value={fields.issuer}
              onChange={set('issuer')}
              required
              maxLength={1000}
              autoComplete="organization"
            />,
          )}
          {field(
            'date',
            'Date earned (required)',
            <>
              <input
                id={`${base}-date`}
                style={INPUT_STYLE}
                value={fields.date}
                onChange={set('date')}
                required
                placeholder="2024-03-15"
                inputMode="numeric"
                maxLength={100}
                autoComplete="off"
                aria-describedby={`${base}-date-hint`}
              />
              <span id={`${base}-date-hint`} className="muted" style={{ fontSize: 12 }}>
                As YYYY-MM-DD, or YYYY-MM if you only know the month
              </span>
            </>,
          )}
          {field(
            'url',
            'Link (optional)',
            <input
              id={`${base}-url`}
              style={INPUT_STYLE}
              type="url"
              value={fields.url}
              onChange={set('url')}
              placeholder="https://…"
              maxLength={4096}
              autoComplete="off"
            />,
          )}
        </div>
        <div style={{ ...FIELD_STYLE, marginTop: 10 }}>
          <label htmlFor={`${base}-description`} className="muted">
            Description (optional)
          </label>
          <textarea
            id={`${base}-description`}
            style={{ ...INPUT_STYLE, minHeight: 70, resize: 'vertical' }}
            value={fields.description}
            onChange={set('description')}
            maxLength={20000}
          />
        </div>
        <div className="actions" style={{ marginTop: 10 }}>
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? 'Adding…' : 'Add'}
          </button>
        </div>
      </form>
      {error && (
        <p id={`${base}-error`} className="error-text" role="alert">
          {plain(error)}
        </p>
      )}
      {outcome && !error && (
        <ul className="result-list" aria-label="Added manually">
          {outcome.imported.map((item) => {
            const label = trustLabel(item.verdict, item.format, item.issuerHosted);
            return (
              <li key={`m-${item.id}`} className="result imported">
                <span className="result-kind">Added</span>
                <span className="result-main">
                  <span className="clip" dir="auto">
                    {plain(item.title)}
                  </span>
                  <span className="muted">
                    {formatLabel(item.format)}.{' '}
                    <button type="button" className="link-button" onClick={() => onOpen(item.id)}>
                      Open
                    </button>
                  </span>
                </span>
                <TrustBadge text={label.text} tone={label.tone} />
              </li>
            );
          })}
          {outcome.duplicates.map((d) => (
            <li key={`md-${d.id}`} className="result duplicate">
              <span className="result-kind">Duplicate</span>
              <span className="result-main">
                <span className="muted">
                  Already in your library.{' '}
                  <button type="button" className="link-button" onClick={() => onOpen(d.id)}>
                    Open
                  </button>
                </span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function ImportScreen({
  importer,
  onOpen,
}: {
  importer: Importer;
  onOpen: (id: number) => void;
}) {
  const [text, setText] = useState('');
  const pasteId = useId();
  const filesId = useId();
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const { busy, progress, result, failure } = importer;

  const submitText = (): void => {
    const t = text.trim();
    if (!t || busy) return;
    importer
      .importText(t)
      .then((answered) => {
        // Keep the text when the app could not answer, so nothing the user pasted is lost.
        if (answered) setText('');
      })
      .catch(() => undefined);
  };

  const pick = (e: ChangeEvent<HTMLInputElement>): void => {
    const picked: PickedFile[] = e.target.files ? fromFileList(e.target.files) : [];
    e.target.value = '';
    if (picked.length > 0) importer.importFiles(picked).catch(() => undefined);
  };

  return (
    <div className="import">
      <header className="screen-header">
        <div>
          <h1>Import</h1>
          <p className="muted">Everything is read on this computer and kept in your library.</p>
        </div>
      </header>

      <div className="import-grid">
        <section className="card" aria-labelledby={`${pasteId}-title`}>
          <h2 id={`${pasteId}-title`}>Paste</h2>
          <label htmlFor={pasteId} className="muted">
            A credential&rsquo;s JSON, a JWT, or a link to a badge page (Credly, Accredible, Badgr…)
          </label>
          <textarea
            id={pasteId}
            className="paste"
            spellCheck={false}
            autoComplete="off"
            placeholder={'{ "@context": … }  or  eyJhbGciOi…  or  https://…'}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) submitText();
            }}
          />
          <div className="actions">
            <button
              type="button"
              className="button primary"
              onClick={submitText}
              disabled={busy || text.trim() === ''}
            >
              Import
            </button>
            {text && (
              <button
                type="button"
                className="button ghost"
                onClick={() => setText('')}
                disabled={busy}
              >
                Clear
              </button>
            )}
          </div>
        </section>

        <section className="card dropzone" aria-labelledby={`${filesId}-title`}>
          <h2 id={`${filesId}-title`}>Files</h2>
          <div className="dropzone-body">
            <div className="drop-hint" aria-hidden="true">
              ⇣
            </div>
            <p>Drop files, folders or a backpack ZIP anywhere on this window.</p>
            <p className="muted">
              JSON, JWT, baked PNG or SVG badges, backpack exports, a LinkedIn data export.
            </p>
            <div className="actions">
              <input
                ref={filesInput}
                type="file"
                multiple
                hidden
                onChange={pick}
                aria-label="Choose files"
              />
              <input
                ref={folderInput}
                type="file"
                hidden
                onChange={pick}
                aria-label="Choose a folder"
                {...{ webkitdirectory: '' }}
              />
              <button
                type="button"
                className="button secondary"
                onClick={() => filesInput.current?.click()}
                disabled={busy}
              >
                Choose files…
              </button>
              <button
                type="button"
                className="button secondary"
                onClick={() => folderInput.current?.click()}
                disabled={busy}
              >
                Choose a folder…
              </button>
            </div>
          </div>
        </section>
      </div>

      <ManualEntry onOpen={onOpen} />

      {busy && <Progress progress={progress} />}
      {failure && (
        <p className="error-text" role="alert">
          The import stopped: {failure}
        </p>
      )}
      {result && <Results result={result} onOpen={onOpen} />}
    </div>
  );
}
