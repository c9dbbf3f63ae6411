// Import: paste text, choose files or a folder, or drop them anywhere; then what came in, what was already there, what was refused.
import { useId, useRef, useState, type ChangeEvent, type ReactNode } from 'react';
import type { ImportResult } from '../../core/library';
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
          const label = trustLabel(item.verdict, item.format);
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
            A credential&rsquo;s JSON, a JWT, or a link to a hosted badge
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
            <p className="muted">JSON, JWT, baked PNG or SVG badges, ZIP archives.</p>
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
