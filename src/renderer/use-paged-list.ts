// One list query seen as a long array: pages of library.list fetched as they scroll into view, old answers shown until new ones arrive.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CredentialSummary } from '../core/library';
import type { Input } from '../shared/contract';
import { invoke } from './api';

export type ListParams = Omit<Input<'library.list'>, 'limit' | 'offset'>;

/** Rows per request: a screenful or three, small enough to answer in a few milliseconds at any offset. */
export const PAGE_SIZE = 100;
/** Pages kept in memory; the farthest from the latest one are dropped first. */
const MAX_PAGES = 40;
/** Scrolling fast (dragging the scrollbar through 100,000 rows) asks only where it comes to rest. */
const SETTLE_MS = 60;

export type PagedList = {
  /** Matches for the query shown; null until its first page arrives. */
  total: number | null;
  /** The query the shown rows answer; it lags behind a new query until that query's first page arrives. */
  shownKey: string | null;
  /** True while a new query (or a changed library) is being asked for. */
  loading: boolean;
  error: string | null;
  item(index: number): CredentialSummary | undefined;
  /** Asks for the pages holding rows start..end (inclusive) that are not loaded yet. */
  ensure(start: number, end: number): void;
};

type Shown = { gen: number; params: ListParams; key: string };

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function usePagedList(params: ListParams, version: number): PagedList {
  const key = JSON.stringify(params);
  const latest = useRef(0);
  const shown = useRef<Shown | null>(null);
  const pages = useRef(new Map<number, CredentialSummary[]>());
  const inflight = useRef(new Set<number>());
  const wanted = useRef<{ start: number; end: number } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [shownKey, setShownKey] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [, setTick] = useState(0);

  // A new query or a changed library: ask for its first page; keep showing the old rows until it comes.
  useEffect(() => {
    const gen = ++latest.current;
    const next = JSON.parse(key) as ListParams;
    setLoading(true);
    invoke('library.list', { ...next, limit: PAGE_SIZE, offset: 0 })
      .then((page) => {
        if (latest.current !== gen) return;
        shown.current = { gen, params: next, key };
        pages.current = new Map([[0, page.items]]);
        inflight.current = new Set();
        setTotal(page.total);
        setShownKey(key);
        setError(null);
        setLoading(false);
        setTick((t) => t + 1);
      })
      .catch((err: unknown) => {
        if (latest.current !== gen) return;
        setError(message(err));
        setLoading(false);
      });
  }, [key, version]);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const fetchWanted = useCallback(() => {
    timer.current = null;
    const s = shown.current;
    const range = wanted.current;
    if (!s || !range) return;
    const first = Math.floor(Math.max(range.start, 0) / PAGE_SIZE);
    const last = Math.floor(Math.max(range.end, 0) / PAGE_SIZE);
    for (let p = first; p <= last; p++) {
      if (pages.current.has(p) || inflight.current.has(p)) continue;
      inflight.current.add(p);
      invoke('library.list', { ...s.params, limit: PAGE_SIZE, offset: p * PAGE_SIZE })
        .then((page) => {
          if (shown.current?.gen !== s.gen) return;
          inflight.current.delete(p);
          pages.current.set(p, page.items);
          if (pages.current.size > MAX_PAGES) {
            const far = [...pages.current.keys()].sort((a, b) => Math.abs(b - p) - Math.abs(a - p));
            for (const q of far.slice(0, pages.current.size - MAX_PAGES)) pages.current.delete(q);
          }
          setTotal(page.total);
          setTick((t) => t + 1);
        })
        .catch((err: unknown) => {
          if (shown.current?.gen !== s.gen) return;
          inflight.current.delete(p);
          setError(message(err));
        });
    }
  }, []);

  const ensure = useCallback(
    (start: number, end: number) => {
      wanted.current = { start, end };
      const first = Math.floor(Math.max(start, 0) / PAGE_SIZE);
      const last = Math.floor(Math.max(end, 0) / PAGE_SIZE);
      let missing = false;
      for (let p = first; p <= last && !missing; p++) missing = !pages.current.has(p);
      if (!missing) return;
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(fetchWanted, SETTLE_MS);
    },
    [fetchWanted],
  );

  const item = useCallback(
    (index: number) => pages.current.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE],
    [],
  );

  return { total, shownKey, loading, error, item, ensure };
}
