// Plain-text tables for people reading a terminal: aligned columns, long values clipped, control characters removed.
import { inertText } from '../core/inert-text';

/** Makes imported text safe to print in a table cell: one line, no control or direction-override characters, clipped. */
export function cell(value: string | number | null | undefined, max = 60): string {
  const s = inertText(value === null || value === undefined ? '' : String(value), { max, singleLine: true });
  return s === '' ? '—' : s;
}

export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) =>
    Math.max(Array.from(h).length, ...rows.map((r) => Array.from(r[i] ?? '').length)),
  );
  const line = (cols: readonly string[]) =>
    cols
      .map((c, i) => (i === cols.length - 1 ? c : c + ' '.repeat((widths[i] ?? 0) - Array.from(c).length)))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}
