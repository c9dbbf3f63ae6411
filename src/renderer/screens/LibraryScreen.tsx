// The library: search as you type, one row per credential with its trust label, details beside the list.
import { useEffect, useRef, useState } from 'react';
import type { CredentialSummary } from '../../core/library';
import { invoke } from '../api';
import { BadgeImage } from '../components/BadgeImage';
import { CredentialDetail } from '../components/CredentialDetail';
import { TrustBadge } from '../components/TrustBadge';
import { formatDate, formatLabel, trustLabel } from '../labels';
import { plain } from '../text';

const PAGE = 100;
const SEARCH_DELAY_MS = 150;

type Page = { total: number; items: CredentialSummary[] };

function Row({
  item,
  selected,
  onSelect,
}: {
  item: CredentialSummary;
  selected: boolean;
  onSelect: (id: number) => void;
}) {
  const label = trustLabel(item.verdict, item.format);
  const issued = formatDate(item.issuedOn);
  return (
    <li>
      <button
        type="button"
        className={`row${selected ? ' selected' : ''}`}
        aria-current={selected ? 'true' : undefined}
        onClick={() => onSelect(item.id)}
      >
        <BadgeImage
          id={item.id}
          hasImage={item.hasImage}
          title={plain(item.title, 200)}
          size="small"
        />
        <span className="row-main">
          <span className="row-title clip" dir="auto">
            {plain(item.title)}
          </span>
          <span className="row-meta">
            <span className="clip" dir="auto">
              {item.issuerName ? plain(item.issuerName) : 'Unknown issuer'}
            </span>
            {issued && <span className="row-date">Issued {issued}</span>}
          </span>
        </span>
        <span className="row-side">
          <span className="format">{formatLabel(item.format)}</span>
          <TrustBadge text={label.text} tone={label.tone} />
        </span>
      </button>
    </li>
  );
}

function EmptyLibrary({ onImport }: { onImport: () => void }) {
  return (
    <div className="empty">
      <div className="empty-art" aria-hidden="true">
        ◇
      </div>
      <h2>Your library is empty</h2>
      <p>
        Bring in your badges and certificates: drop files or folders anywhere on this window, choose
        files, or paste a credential&rsquo;s JSON, a JWT or a link to it.
      </p>
      <p className="muted">
        Open Badges 2.0 and 3.0, W3C Verifiable Credentials and CLR files are read on this computer.
        Nothing leaves it unless you export it.
      </p>
      <button type="button" className="button primary" onClick={onImport}>
        Import credentials
      </button>
    </div>
  );
}

export function LibraryScreen({
  version,
  selectedId,
  onSelect,
  onImport,
}: {
  /** Changes when the library changes (after an import), so the list reloads. */
  version: number;
  selectedId: number | null;
  onSelect: (id: number | null) => void;
  onImport: () => void;
}) {
  const [query, setQuery] = useState('');
  const [page, setPage] = useState<Page | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Answers to an older query or library version are dropped when they arrive late.
  const request = useRef(0);

  useEffect(() => {
    const mine = ++request.current;
    const q = query.trim();
    const timer = setTimeout(
      () => {
        invoke('library.list', { ...(q ? { query: q } : {}), limit: PAGE, sort: 'date' })
          .then((p) => {
            if (request.current !== mine) return;
            setPage(p);
            setError(null);
          })
          .catch((err: unknown) => {
            if (request.current !== mine) return;
            setError(err instanceof Error ? err.message : String(err));
          });
      },
      q ? SEARCH_DELAY_MS : 0,
    );
    return () => clearTimeout(timer);
  }, [query, version]);

  const showMore = (): void => {
    if (!page) return;
    const mine = request.current;
    const q = query.trim();
    invoke('library.list', {
      ...(q ? { query: q } : {}),
      limit: PAGE,
      offset: page.items.length,
      sort: 'date',
    })
      .then((next) => {
        if (request.current !== mine) return;
        setPage((prev) =>
          prev ? { total: next.total, items: [...prev.items, ...next.items] } : next,
        );
      })
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape' && selectedId !== null) onSelect(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [selectedId, onSelect]);

  const libraryEmpty = page !== null && page.total === 0 && query.trim() === '';

  return (
    <div className={`library${selectedId !== null ? ' with-detail' : ''}`}>
      <section className="library-main" aria-labelledby="library-title">
        <header className="screen-header">
          <div>
            <h1 id="library-title">Library</h1>
            {page && !libraryEmpty && (
              <p className="muted" aria-live="polite">
                {query.trim()
                  ? `${page.total} ${page.total === 1 ? 'match' : 'matches'}`
                  : `${page.total} ${page.total === 1 ? 'credential' : 'credentials'}`}
              </p>
            )}
          </div>
          {!libraryEmpty && (
            <input
              type="search"
              className="search"
              placeholder="Search title, issuer, skill…"
              aria-label="Search the library"
              value={query}
              maxLength={500}
              onChange={(e) => {
                setQuery(e.target.value);
              }}
            />
          )}
        </header>

        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        {libraryEmpty && <EmptyLibrary onImport={onImport} />}
        {page && !libraryEmpty && page.items.length === 0 && (
          <div className="empty small">
            <p>
              No credentials match &ldquo;<span dir="auto">{plain(query.trim(), 200)}</span>&rdquo;.
            </p>
          </div>
        )}
        {page && page.items.length > 0 && (
          <ul className="rows" aria-label="Credentials">
            {page.items.map((item) => (
              <Row
                key={item.id}
                item={item}
                selected={item.id === selectedId}
                onSelect={onSelect}
              />
            ))}
          </ul>
        )}
        {page && page.items.length < page.total && (
          <div className="more">
            <button type="button" className="button secondary" onClick={showMore}>
              Show more ({page.total - page.items.length} left)
            </button>
          </div>
        )}
      </section>
      {selectedId !== null && (
        <CredentialDetail id={selectedId} onClose={() => onSelect(null)} onSelect={onSelect} />
      )}
    </div>
  );
}
