// Imported text made safe to show: no bidi overrides that disguise names (\u202Egnp.exe), no megabyte-long DOM nodes.

/** Explicit direction embeddings, overrides and isolates; dir="auto" and CSS isolation do that job for real text. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/** Longest imported string put on screen; CSS clips visually, this keeps the page fast. */
export const MAX_SHOWN_CHARS = 5_000;

export function plain(text: string | null | undefined, max = MAX_SHOWN_CHARS): string {
  if (!text) return '';
  const cleaned = text.replace(BIDI_CONTROLS, '');
  return cleaned.length > max ? `${cleaned.slice(0, max)}…` : cleaned;
}
