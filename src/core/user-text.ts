// Text the person types (names, headings, notes) is checked once, the same way on every surface, before it is stored.
import { AppError } from '../shared/errors';

// eslint-disable-next-line no-control-regex -- matching control characters is the point: they are refused
const CONTROLS_EXCEPT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;
// eslint-disable-next-line no-control-regex -- as above, with tabs and line breaks refused too
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/u;
/** Embeddings, overrides and isolates: they make text read differently from what it is ("\u202Egnp.exe"). */
const DIRECTION_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/u;
const LONE_SURROGATE = /\p{Surrogate}/u;

export type TextRule = {
  /** How the field is named in messages: "The portfolio name". */
  label: string;
  /** Longest accepted, in characters (code points). */
  max: number;
  /** Line breaks and tabs allowed (a summary, a note); otherwise whitespace runs become one space. */
  multiline?: boolean;
};

/**
 * The text as it will be stored (NFC, trimmed; one line unless multiline), or an AppError('bad-input')
 * saying what is wrong. Empty text is refused: callers that allow clearing a field pass null instead.
 */
export function checkText(raw: string, rule: TextRule): string {
  if (LONE_SURROGATE.test(raw)) {
    throw new AppError(
      'bad-input',
      `${rule.label} is not valid text (it holds a broken character).`,
    );
  }
  const controls = rule.multiline ? CONTROLS_EXCEPT_LINES : CONTROLS;
  if (controls.test(raw)) {
    throw new AppError(
      'bad-input',
      `${rule.label} contains a control character${rule.multiline ? '' : ' or a line break'}; type it as plain text.`,
    );
  }
  if (DIRECTION_CONTROLS.test(raw)) {
    throw new AppError(
      'bad-input',
      `${rule.label} contains an invisible text-direction character; type it again without it.`,
    );
  }
  let text = raw.normalize('NFC');
  text = rule.multiline ? text.replace(/\r\n?/g, '\n').trim() : text.replace(/\s+/gu, ' ').trim();
  if (text.length === 0) throw new AppError('bad-input', `${rule.label} cannot be empty.`);
  // Cheap first: a string of at most `max` UTF-16 units has at most `max` code points, and one of
  // more than 2·max units has more than `max`; only between the two are code points counted.
  if (text.length > rule.max) {
    const huge = text.length > rule.max * 2;
    const chars = huge ? text.length : Array.from(text).length;
    if (chars > rule.max) {
      throw new AppError(
        'bad-input',
        `${rule.label} is too long (${huge ? 'over ' + rule.max * 2 : chars} characters; at most ${rule.max}).`,
      );
    }
  }
  return text;
}

/** Like checkText, but null (or blank text) clears the field. */
export function checkOptionalText(raw: string | null, rule: TextRule): string | null {
  if (raw === null || raw.trim() === '') return null;
  return checkText(raw, rule);
}
