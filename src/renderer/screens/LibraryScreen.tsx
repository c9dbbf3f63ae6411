// The library: search as you type, filters with counts, sort, a virtualised list or grid, details beside it.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { LibraryFacets } from '../../core/facets';
import type { ListSort } from '../../core/library';
import type { DeleteResult, SamplesResult } from '../../shared/contract';
import { invoke } from '../api';
import { CredentialDetail } from '../components/CredentialDetail';
import { FirstRun } from '../components/FirstRun';
import {
  CredentialList,
  type CredentialListHandle,
  type ListView,
} from '../components/CredentialList';
import { LibraryFilters, type Filters } from '../components/LibraryFilters';
import { ScreenNotices } from '../components/ScreenNotices';
import { SearchInput } from '../components/SearchInput';
import { plain } from '../text';
import { usePagedList, type ListParams } from '../use-paged-list';

const VIEW_KEY = 'skillfolio.view';

function storedView(): ListView {
  try {
    return localStorage.getItem(VIEW_KEY) === 'grid' ? 'grid' : 'list';
  } catch {
    return 'list';
  }
}

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
  );
}

const plural = (n: number, one: string, many: string): string =>
  `${n.toLocaleString()} ${n === 1 ? one : many}`;

export function LibraryScreen({
  version,
  selectedId,
  onSelect,
  onImport,
  onChanged,
}: {
  /** Changes when the library changes (an import, a delete), so the list reloads. */
  version: number;
  selectedId: number | null;
  onSelect: (id: number | null) => void;
  onImport: () => void;
  /** Tells the app the library changed here (a delete). */
  onChanged: () => void;
}) {
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [filters, setFilters] = useState<Filters>({});
  const [sort, setSort] = useState<ListSort>('date');
  const [view, setView] = useState<ListView>(storedView);
  const [facets, setFacets] = useState<LibraryFacets | null>(null);
  const [facetError, setFacetError] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const search = useRef<HTMLInputElement>(null);
  const listHandle = useRef<CredentialListHandle>(null);

  // Search as you type, on every keystroke: a query answers in milliseconds even at 100,000 rows, and
  // an answer that arrives after a newer query was asked is dropped (use-paged-list).
  useEffect(() => {
    setQuery(text.trim());
  }, [text]);

  useEffect(() => {
    let live = true;
    invoke('library.facets', {})
      .then((f) => {
        if (!live) return;
        setFacets(f);
        setFacetError(null);
      })
      .catch((err: unknown) => {
        if (live) setFacetError(err instanceof Error ? err.message : String(err));
      });
    return () => {
      live = false;
    };
  }, [version]);

  const params = useMemo<ListParams>(
    () => ({ ...(query ? { query } : {}), ...filters, sort }),
    [query, filters, sort],
  );
  const list = usePagedList(params, version);

  const chooseView = (v: ListView): void => {
    setView(v);
    try {
      localStorage.setItem(VIEW_KEY, v);
    } catch {
      // Not remembered in a private window; it still applies now.
    }
  };

  const close = (): void => {
    onSelect(null);
    listHandle.current?.focusActive();
  };

  // Escape closes the details (unless a dialog is open: it closes that first); "/" jumps to the search box.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || document.querySelector('dialog[open]')) return;
      if (e.key === 'Escape' && selectedId !== null) {
        e.preventDefault();
        onSelect(null);
        listHandle.current?.focusActive();
      } else if (
        (e.key === '/' && !isTyping(e.target)) ||
        (e.key.toLowerCase() === 'k' && (e.ctrlKey || e.metaKey))
      ) {
        e.preventDefault();
        search.current?.focus();
        search.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [selectedId, onSelect]);

  const deleted = (result: DeleteResult): void => {
    const nested = result.deleted - 1;
    setNotice(
      `Deleted “${plain(result.title, 80)}”${nested > 0 ? ` and ${plural(nested, 'credential', 'credentials')} inside it` : ''}.`,
    );
    onSelect(null);
    onChanged();
    listHandle.current?.focusActive();
  };

  const samplesAdded = (result: SamplesResult): void => {
    const n = result.import.imported.filter((i) => i.parentId === null).length;
    setNotice(
      `Added ${plural(n, 'sample credential', 'sample credentials')}${result.portfolio ? ` and the portfolio “${plain(result.portfolio.name, 100)}”` : ''}. Open one to see its checks; delete them whenever you like.`,
    );
    onChanged();
  };

  // Words about the rows describe the query those rows answer, which lags the typed one briefly.
  const shown: ListParams = useMemo(
    () => (list.shownKey ? (JSON.parse(list.shownKey) as ListParams) : {}),
    [list.shownKey],
  );
  const shownFilters = (['skill', 'issuer', 'format', 'verdict'] as const).some(
    (k) => shown[k] !== undefined,
  );
  const narrowed = shown.query !== undefined || shownFilters;
  const total = list.total;
  const libraryEmpty = total === 0 && !narrowed && list.shownKey !== null;
  const error = list.error ?? facetError;

  let count = '';
  if (total !== null && !libraryEmpty) {
    count = narrowed
      ? facets
        ? `${plural(total, 'match', 'matches')} of ${facets.total.toLocaleString()}`
        : plural(total, 'match', 'matches')
      : plural(total, 'credential', 'credentials');
  }

  return (
    <div className={`library${selectedId !== null ? ' with-detail' : ''}`}>
      <section className="library-main" aria-labelledby="library-title">
        <header className="screen-header">
          <div>
            <h1 id="library-title">Library</h1>
            <p className="muted count" aria-live="polite">
              {count}
            </p>
          </div>
          {!libraryEmpty && (
            <SearchInput
              ref={search}
              className="search"
              placeholder="Search title, issuer, skill…  ( / )"
              aria-label="Search the library"
              aria-keyshortcuts="/ Control+K"
              value={text}
              maxLength={500}
              onValue={setText}
            />
          )}
        </header>
        {!libraryEmpty && (
          <LibraryFilters
            facets={facets}
            filters={filters}
            onFilters={setFilters}
            sort={sort}
            onSort={setSort}
            view={view}
            onView={chooseView}
          />
        )}
        <ScreenNotices notice={notice} error={error} />
        {libraryEmpty && <FirstRun onImport={onImport} onSamples={samplesAdded} />}
        {total === 0 && !libraryEmpty && (
          <div className="empty small">
            <p>
              No credentials match
              {shown.query ? (
                <>
                  {' '}
                  &ldquo;<span dir="auto">{plain(shown.query, 200)}</span>&rdquo;
                </>
              ) : null}
              {shownFilters ? ' with these filters' : ''}.
            </p>
          </div>
        )}
        {total !== null && total > 0 && (
          <CredentialList
            key={`${list.shownKey}|${view}`}
            list={list}
            total={total}
            view={view}
            selectedId={selectedId}
            onOpen={onSelect}
            handle={listHandle}
          />
        )}
      </section>
      {selectedId !== null && (
        <CredentialDetail
          id={selectedId}
          onClose={close}
          onSelect={onSelect}
          onDeleted={deleted}
          onChanged={onChanged}
        />
      )}
    </div>
  );
}
