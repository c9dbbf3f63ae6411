// Imported text made safe to show on screen (see core/inert-text): line breaks kept, no megabyte-long DOM nodes.
import { inertText } from '../core/inert-text';

/** Longest imported string put on screen; CSS clips visually, this keeps the page fast. */
export const MAX_SHOWN_CHARS = 5_000;

export function plain(text: string | null | undefined, max = MAX_SHOWN_CHARS): string {
  return inertText(text, { max });
}
