// The library's credentials as a virtualised list or grid: only the rows on screen exist in the page, whatever the total.
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type Ref,
} from 'react';
import type { CredentialSummary } from '../../core/library';
import { formatDate, formatLabel, trustLabel } from '../labels';
import { plain } from '../text';
import type { PagedList } from '../use-paged-list';
import { BadgeImage } from './BadgeImage';
import { TrustBadge } from './TrustBadge';

export type ListView = 'list' | 'grid';
export type CredentialListHandle = { focusActive(): void };

const ROW_HEIGHT = 64;
const CARD_HEIGHT = 204;
const CARD_MIN_WIDTH = 210;
const GAP = 12;

function ItemContent({ item, view }: { item: CredentialSummary; view: ListView }) {
  const label = trustLabel(item.verdict, item.format, item.issuerHosted);
  const issued = formatDate(item.issuedOn);
  const issuer = item.issuerName ? plain(item.issuerName, 300) : 'Unknown issuer';
  const title = plain(item.title, 500);
  if (view === 'grid') {
    return (
      <>
        <span className="tile-top">
          <BadgeImage id={item.id} hasImage={item.hasImage} title={title} size="medium" />
          <TrustBadge text={label.text} tone={label.tone} />
        </span>
        <span className="tile-title clip-2" dir="auto">
          {title}
        </span>
        <span className="tile-issuer clip" dir="auto">
          {issuer}
        </span>
        <span className="tile-skills">
          {item.skills.slice(0, 3).map((skill) => (
            <span key={skill} className="chip" dir="auto">
              {plain(skill, 60)}
            </span>
          ))}
        </span>
        <span className="tile-meta">
          <span className="format">{formatLabel(item.format)}</span>
          {issued && <span className="row-date">{issued}</span>}
        </span>
      </>
    );
  }
  return (
    <>
      <BadgeImage id={item.id} hasImage={item.hasImage} title={title} size="small" />
      <span className="row-main">
        <span className="row-title clip" dir="auto">
          {title}
        </span>
        <span className="row-meta">
          <span className="clip" dir="auto">
            {issuer}
          </span>
          {issued && <span className="row-date">Issued {issued}</span>}
        </span>
      </span>
      <span className="row-side">
        <span className="format">{formatLabel(item.format)}</span>
        <TrustBadge text={label.text} tone={label.tone} />
      </span>
    </>
  );
}

export function CredentialList({
  list,
  total,
  view,
  selectedId,
  onOpen,
  handle,
}: {
  list: PagedList;
  total: number;
  view: ListView;
  selectedId: number | null;
  onOpen: (id: number) => void;
  handle?: Ref<CredentialListHandle>;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const listEl = useRef<HTMLUListElement>(null);
  const [width, setWidth] = useState(0);
  const [active, setActive] = useState(0);
  const [focusRequest, setFocusRequest] = useState<number | null>(null);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const padding = 28;
  const inner = Math.max(width - padding * 2, 0);
  const cols =
    view === 'grid' ? Math.max(1, Math.floor((inner + GAP) / (CARD_MIN_WIDTH + GAP))) : 1;
  const colWidth = view === 'grid' ? (inner - GAP * (cols - 1)) / cols : inner;
  const rowCount = Math.ceil(total / cols);
  const rowSize = view === 'grid' ? CARD_HEIGHT + GAP : ROW_HEIGHT;

  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowSize,
    overscan: view === 'grid' ? 2 : 4,
    paddingStart: view === 'grid' ? 4 : 0,
    paddingEnd: 24,
  });
  useEffect(() => virtualizer.measure(), [virtualizer, rowSize, cols]);

  const rows = virtualizer.getVirtualItems();
  const firstRow = rows[0]?.index ?? 0;
  const lastRow = rows.at(-1)?.index ?? -1;
  const firstItem = firstRow * cols;
  const lastItem = Math.min((lastRow + 1) * cols, total) - 1;

  useEffect(() => {
    if (lastItem >= firstItem) list.ensure(firstItem, lastItem);
  }, [list, firstItem, lastItem]);

  // The library shrank (a delete) or the view changed: keep the active row inside the list.
  useEffect(() => {
    if (active > total - 1) setActive(Math.max(total - 1, 0));
  }, [active, total]);

  // Focus follows the keyboard once the row it moved to is on screen and loaded.
  useEffect(() => {
    if (focusRequest === null) return;
    const li = listEl.current?.querySelector<HTMLElement>(`li[data-index="${focusRequest}"]`);
    const button = li?.querySelector<HTMLButtonElement>('button');
    if (button) {
      button.focus({ preventScroll: true });
      setFocusRequest(null);
    } else if (li && document.activeElement !== li) {
      li.focus({ preventScroll: true });
    }
  });

  const moveTo = (index: number): void => {
    if (total === 0) return;
    const next = Math.min(Math.max(index, 0), total - 1);
    setActive(next);
    virtualizer.scrollToIndex(Math.floor(next / cols), { align: 'auto' });
    setFocusRequest(next);
  };

  useImperativeHandle(handle, () => ({ focusActive: () => moveTo(active) }));

  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>): void => {
    if (e.altKey || e.metaKey || e.ctrlKey) return;
    const visibleRows = Math.max(
      1,
      Math.floor((scroller.current?.clientHeight ?? 0) / rowSize) - 1,
    );
    const moves: Record<string, number | undefined> = {
      ArrowDown: active + cols,
      ArrowUp: active - cols,
      ArrowRight: view === 'grid' ? active + 1 : undefined,
      ArrowLeft: view === 'grid' ? active - 1 : undefined,
      PageDown: active + visibleRows * cols,
      PageUp: active - visibleRows * cols,
      Home: 0,
      End: total - 1,
    };
    const target = moves[e.key];
    if (target === undefined) return;
    e.preventDefault();
    moveTo(target);
  };

  // One row takes Tab (the active one if it is on screen), so Tab leaves the list instead of walking it.
  const activeShown = active >= firstItem && active <= lastItem && list.item(active) !== undefined;
  let tabStop = activeShown ? active : -1;
  if (tabStop < 0) {
    for (let i = firstItem; i <= lastItem && tabStop < 0; i++) if (list.item(i)) tabStop = i;
  }

  const cells: { index: number; top: number; left: number }[] = [];
  for (const row of rows) {
    for (let c = 0; c < cols; c++) {
      const index = row.index * cols + c;
      if (index >= total) break;
      cells.push({ index, top: row.start, left: padding + c * (colWidth + GAP) });
    }
  }

  return (
    <div ref={scroller} className={`list-scroller view-${view}`}>
      <ul
        ref={listEl}
        className={view === 'grid' ? 'tiles' : 'rows'}
        aria-label="Credentials"
        style={{ height: virtualizer.getTotalSize() }}
        onKeyDown={onKeyDown}
      >
        {cells.map(({ index, top, left }) => {
          const item = list.item(index);
          const style = { transform: `translate(${left}px, ${top}px)`, width: colWidth };
          const edge = `${index === 0 ? ' first' : ''}${index === total - 1 ? ' last' : ''}`;
          if (!item) {
            return (
              <li
                key={`p-${index}`}
                data-index={index}
                className={`placeholder${edge}`}
                style={style}
                tabIndex={-1}
                aria-busy="true"
                aria-posinset={index + 1}
                aria-setsize={total}
              >
                <span className="skeleton" />
                <span className="visually-hidden">Loading…</span>
              </li>
            );
          }
          const selected = item.id === selectedId;
          return (
            <li
              key={item.id}
              data-index={index}
              className={edge.trim() || undefined}
              style={style}
              aria-posinset={index + 1}
              aria-setsize={total}
            >
              <button
                type="button"
                className={`${view === 'grid' ? 'tile' : 'row'}${selected ? ' selected' : ''}`}
                aria-current={selected ? 'true' : undefined}
                tabIndex={index === tabStop ? 0 : -1}
                onFocus={() => setActive(index)}
                onClick={() => {
                  setActive(index);
                  onOpen(item.id);
                }}
              >
                <ItemContent item={item} view={view} />
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
