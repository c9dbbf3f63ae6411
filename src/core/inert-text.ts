// Imported text made safe to show anywhere (screen or terminal): no direction overrides that disguise names
// (\u202Egnp.exe), no control characters, no megabyte-long strings.

/** Explicit direction embeddings, overrides, isolates and marks; dir="auto" and isolation do that job for real text. */
const BIDI_CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point: they are removed
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

export type InertOptions = {
  /** Longest result in characters (code points); longer text ends with "…". */
  max: number;
  /** Collapse all whitespace, newlines included, into single spaces (tables, one-line labels). */
  singleLine?: boolean;
};

export function inertText(text: string | null | undefined, opts: InertOptions): string {
  if (!text) return '';
  let s = text.replace(BIDI_CONTROLS, '').replace(CONTROLS, ' ');
  if (opts.singleLine) s = s.replace(/\s+/g, ' ').trim();
  // Cheap checks first: most strings are short, and Array.from on 1 MB is not. A code point is at most
  // two UTF-16 units, so a string longer than 2·max units surely has more than max characters.
  if (s.length <= opts.max) return s;
  const whole = s.length <= opts.max * 2;
  const chars = Array.from(whole ? s : s.slice(0, opts.max * 2));
  if (whole && chars.length <= opts.max) return s;
  return `${chars.slice(0, opts.max - 1).join('')}…`;
}
