// The library's filter menus (skill, issuer, format, trust), sort and view: native controls, so keyboards and screen readers know them.
import { useId } from 'react';
import type { FormatId } from '../../core/credential';
import type { LibraryFacets } from '../../core/facets';
import type { ListSort } from '../../core/library';
import type { Verdict } from '../../core/verification';
import { formatLabel, verdictLabel } from '../labels';
import { plain } from '../text';
import type { ListView } from './CredentialList';

export type Filters = {
  skill?: string;
  issuer?: string;
  format?: FormatId;
  verdict?: Verdict;
};

const SORT_NAMES: Record<ListSort, string> = {
  date: 'Newest first',
  title: 'Title A–Z',
  issuer: 'Issuer A–Z',
};

const count = (n: number): string => n.toLocaleString();

type Option = { value: string; label: string };

function Select({
  label,
  all,
  value,
  options,
  truncated,
  onChange,
}: {
  label: string;
  all: string;
  value: string | undefined;
  options: Option[];
  /** Only the most common choices are listed. */
  truncated?: boolean;
  onChange: (value: string | undefined) => void;
}) {
  const id = useId();
  // A chosen value the library no longer holds (after a delete) stays visible, so the filter can be seen and cleared.
  const shown =
    value !== undefined && !options.some((o) => o.value === value)
      ? [{ value, label: `${plain(value, 60)} (0)` }, ...options]
      : options;
  return (
    <div className={`filter${value !== undefined ? ' active' : ''}`}>
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <select
        id={id}
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
      >
        <option value="">{all}</option>
        {shown.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
        {truncated && (
          <option value="__more" disabled>
            Only the most common are listed: search for the others
          </option>
        )}
      </select>
    </div>
  );
}

export function LibraryFilters({
  facets,
  filters,
  onFilters,
  sort,
  onSort,
  view,
  onView,
}: {
  facets: LibraryFacets | null;
  filters: Filters;
  onFilters: (f: Filters) => void;
  sort: ListSort;
  onSort: (s: ListSort) => void;
  view: ListView;
  onView: (v: ListView) => void;
}) {
  const sortId = useId();
  const set = <K extends keyof Filters>(key: K, value: Filters[K] | undefined): void => {
    const next = { ...filters };
    if (value === undefined) delete next[key];
    else next[key] = value;
    onFilters(next);
  };
  const any = Object.keys(filters).length > 0;

  return (
    <div className="toolbar" role="group" aria-label="Filter and sort">
      <div className="filters">
        <Select
          label="Skill"
          all="All skills"
          value={filters.skill}
          options={(facets?.skills ?? []).map((s) => ({
            value: s.name,
            label: `${plain(s.name, 60)} (${count(s.count)})`,
          }))}
          truncated={facets?.skillsTruncated}
          onChange={(v) => set('skill', v)}
        />
        <Select
          label="Issuer"
          all="All issuers"
          value={filters.issuer}
          options={(facets?.issuers ?? []).map((s) => ({
            value: s.name,
            label: `${plain(s.name, 60)} (${count(s.count)})`,
          }))}
          truncated={facets?.issuersTruncated}
          onChange={(v) => set('issuer', v)}
        />
        <Select
          label="Format"
          all="All formats"
          value={filters.format}
          options={(facets?.formats ?? []).map((f) => ({
            value: f.format,
            label: `${formatLabel(f.format)} (${count(f.count)})`,
          }))}
          onChange={(v) => set('format', v as FormatId | undefined)}
        />
        <Select
          label="Trust"
          all="Any trust label"
          value={filters.verdict}
          options={(facets?.verdicts ?? []).map((v) => ({
            value: v.verdict,
            label: `${verdictLabel(v.verdict)} (${count(v.count)})`,
          }))}
          onChange={(v) => set('verdict', v as Verdict | undefined)}
        />
        {any && (
          <button type="button" className="button ghost clear" onClick={() => onFilters({})}>
            Clear filters
          </button>
        )}
      </div>
      <div className="view-controls">
        <div className="filter">
          <label htmlFor={sortId} className="visually-hidden">
            Sort
          </label>
          <select id={sortId} value={sort} onChange={(e) => onSort(e.target.value as ListSort)}>
            {(Object.keys(SORT_NAMES) as ListSort[]).map((s) => (
              <option key={s} value={s}>
                {SORT_NAMES[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="segmented view-toggle" role="group" aria-label="View">
          {(['list', 'grid'] as const).map((v) => (
            <button
              key={v}
              type="button"
              className={view === v ? 'checked' : undefined}
              aria-pressed={view === v}
              onClick={() => onView(v)}
            >
              <span aria-hidden="true">{v === 'list' ? '☰' : '▦'}</span>{' '}
              {v === 'list' ? 'List' : 'Grid'}
            </button>
          ))}
        </div>
      </div>
    </div>
  );
}
