// Skills come from many issuers spelled many ways; one key per skill lets a library count and group them.
import type { Credential } from './credential';
import { memoised } from './memo';
import { KNOWN_SKILLS } from './skill-vocabulary';

/** Longer than this is prose, not a skill name; such text stays in the credential's tags but makes no skill. */
export const MAX_SKILL_NAME_LENGTH = 200;

/**
 * Words that end in "s" without being plurals (or whose plural is the name people search by).
 * Only the last word of a name is singularised, so these only matter there.
 */
const KEEP_AS_IS = new Set([
  'aws',
  'cms',
  'devops',
  'devsecops',
  'mlops',
  'gitops',
  'dataops',
  'secops',
  'aiops',
  'finops',
  'llmops',
  'bizops',
  'ops',
  'jenkins',
  'kubernetes',
  'windows',
  'rails',
  'news',
  'series',
  'species',
  'means',
  'pandas',
  'sas',
  'less',
]);

/** Plurals the rules below would get wrong. */
const IRREGULAR: ReadonlyMap<string, string> = new Map([
  ['caches', 'cache'],
  ['niches', 'niche'],
  ['movies', 'movie'],
  ['cookies', 'cookie'],
  ['heroes', 'hero'],
]);

/**
 * Simple English plural → singular for the last word only. Conservative on purpose: a missed merge
 * shows two chips, a wrong merge hides a skill. Idempotent: the result never ends in a strippable "s".
 */
function singular(original: string, word: string): string {
  // 'APIs', 'KPIs', 'LLMs': an upper-case acronym with a lower-case plural s.
  if (/^\p{Lu}{2,}s$/u.test(original)) return word.slice(0, -1);
  if (word.length <= 3 || !/^\p{L}+$/u.test(word) || KEEP_AS_IS.has(word)) return word;
  const irregular = IRREGULAR.get(word);
  if (irregular !== undefined) return irregular;
  if (!word.endsWith('s')) return word;
  // analysis, business, status, physics, ideas, videos: not plurals we can undo safely.
  if (/(ss|us|is|ics|as|os)$/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(sses|xes|ches|shes)$/.test(word)) return word.slice(0, -2);
  return word.slice(0, -1);
}

/** The normalised key two spellings of one skill share: 'Databases ' and 'database' → 'database'. */
export function skillKey(name: string): string {
  const originals = name.normalize('NFKC').trim().split(/\s+/u);
  const words = originals.map((w) => w.toLowerCase());
  const last = words.length - 1;
  const lastWord = words[last];
  const lastOriginal = originals[last];
  if (lastWord !== undefined && lastOriginal !== undefined) {
    words[last] = singular(lastOriginal, lastWord);
  }
  return words.join(' ');
}

/** Where a credential's skill was read from; `user` marks a link the person made themselves. */
export const SKILL_SOURCES = [
  'alignment',
  'tag',
  'field',
  'competency',
  'criteria',
  'user',
] as const;
export type SkillSource = (typeof SKILL_SOURCES)[number];

/**
 * One skill read from a credential: `name` is what the library shows (the well-known spelling for an
 * abbreviation), `sourceText` the text exactly as the issuer wrote it (trimmed), `key` what groups it.
 */
export type ExtractedSkill = { name: string; source: SkillSource; key: string; sourceText: string };

/** One skill as the library shows it, with the credentials that back it. */
export type SkillView = {
  /** Stable identifier: pass it (or the name) to rename, merge, hide, attach and detach. */
  key: string;
  name: string;
  count: number;
  hidden: boolean;
  /** Created by the person rather than read from a credential. */
  userAdded: boolean;
  /** Other skills the person merged into this one (their keys). */
  merged: string[];
  /** The same skills by the names they had when merged, in the same order. */
  mergedNames: string[];
  credentials: Array<{ id: number; title: string; issuerName: string | null; source: SkillSource }>;
};

/** Most criteria-derived skills per credential: criteria are prose, so they only add a few well-known names. */
export const MAX_CRITERIA_SKILLS = 5;

/** Achievement types whose achievement is itself a skill (OB 3.0 `Competency`, and the obvious synonyms). */
const SKILL_ACHIEVEMENT_TYPES = new Set(['competency', 'skill', 'ext:competency', 'ext:skill']);

function tidy(raw: string): string {
  return raw.normalize('NFKC').trim().replace(/\s+/gu, ' ');
}

/** Canonical names by the keys of every spelling that means them. */
const CANONICAL: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const k of KNOWN_SKILLS) {
    for (const spelling of [k.name, ...k.aliases]) map.set(skillKey(spelling), k.name);
  }
  return map;
})();

/**
 * The name and key a piece of text stands for: abbreviations and variant spellings of well-known
 * skills become their usual name ("JS" → "JavaScript"); anything else keeps its own (tidied) spelling.
 */
export function canonicalSkill(raw: string): { name: string; key: string } {
  const name = tidy(raw);
  const key = skillKey(name);
  const known = CANONICAL.get(key);
  return known === undefined ? { name, key } : { name: known, key: skillKey(known) };
}

/** The key a skill name or key is filed under (idempotent: a key maps to itself). */
export function canonicalSkillKey(raw: string): string {
  return canonicalSkill(raw).key;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * One pass over the prose for all names: whole words only — no letter, digit or underscore may touch
 * a match (nor "+"/"#" after it, so "C" is never read out of "C++"). Longer spellings go first so the
 * longest one wins where two start at the same place.
 */
function wholeWords(bodies: readonly string[], flags: string): RegExp {
  const ordered = [...bodies].sort((a, b) => b.length - a.length);
  return new RegExp(
    `(?<![\\p{L}\\p{N}_])(?:${ordered.join('|')})(?![\\p{L}\\p{N}_+#])`,
    `gu${flags}`,
  );
}

const looseKey = (text: string): string => text.toLowerCase().replace(/\s+/g, ' ');

/**
 * Well-known names that may be read from criteria prose. Short names and acronyms must match their
 * case exactly ("SQL", "AWS"), longer names match in any case.
 */
const PROSE = (() => {
  const exact = new Map<string, string>();
  const loose = new Map<string, string>();
  for (const k of KNOWN_SKILLS) {
    if (!k.inProse) continue;
    if (k.name.length < 4) exact.set(k.name, k.name);
    else loose.set(looseKey(k.name), k.name);
    for (const a of k.aliases) if (/^[A-Z][A-Z0-9]+$/.test(a)) exact.set(a, k.name);
  }
  return {
    exact,
    loose,
    exactPattern: wholeWords([...exact.keys()].map(escapeRegExp), ''),
    loosePattern: wholeWords(
      [...loose.keys()].map((n) => escapeRegExp(n).replace(/ /g, '\\s+')),
      'i',
    ),
  };
})();

/** Longest criteria text scanned for skill names: criteria are short, and this bounds the work. */
const MAX_CRITERIA_SCAN = 20_000;

/** Well-known names the criteria mention, in the order they first appear, with the text as written. */
function criteriaSkills(criteria: string): Array<{ name: string; text: string }> {
  const text =
    criteria.length > MAX_CRITERIA_SCAN ? criteria.slice(0, MAX_CRITERIA_SCAN) : criteria;
  const first = new Map<string, { name: string; text: string; at: number }>();
  const note = (name: string | undefined, hit: RegExpMatchArray): void => {
    if (name === undefined) return;
    const at = hit.index ?? 0;
    const seen = first.get(name);
    if (seen === undefined || at < seen.at) first.set(name, { name, text: hit[0], at });
  };
  for (const hit of text.matchAll(PROSE.exactPattern)) note(PROSE.exact.get(hit[0]), hit);
  for (const hit of text.matchAll(PROSE.loosePattern)) note(PROSE.loose.get(looseKey(hit[0])), hit);
  return [...first.values()].sort((a, b) => a.at - b.at);
}

/** The parts of a credential skills are read from. */
export type SkillFields = Pick<Credential, 'title' | 'alignments' | 'tags' | 'achievement'>;

const rememberedCriteriaSkills = memoised(criteriaSkills);

/** The tidied text of a skill name as written, and the skill it stands for. */
const readSkillName = memoised((raw: string): { sourceText: string; name: string; key: string } => {
  const sourceText = tidy(raw);
  const { name, key } =
    sourceText.length === 0 || sourceText.length > MAX_SKILL_NAME_LENGTH
      ? { name: '', key: '' }
      : canonicalSkill(sourceText);
  return { sourceText, name, key };
});

/**
 * The credential's skills, one per key, in this order: alignments, tags, the field of study, the
 * achievement itself when it is a competency, then a few well-known names its criteria mention.
 * The first spelling seen names a skill, unless it is a variant of a well-known one.
 */
export function extractSkills(c: SkillFields): ExtractedSkill[] {
  const seen = new Set<string>();
  const out: ExtractedSkill[] = [];
  const add = (raw: string, source: SkillSource): boolean => {
    const { sourceText, name, key } = readSkillName(raw);
    if (sourceText.length === 0 || sourceText.length > MAX_SKILL_NAME_LENGTH) return false;
    if (key.length === 0 || seen.has(key)) return false;
    seen.add(key);
    out.push({ name, source, key, sourceText });
    return true;
  };
  for (const a of c.alignments)
    if (typeof a.targetName === 'string') add(a.targetName, 'alignment');
  for (const t of c.tags) if (typeof t === 'string') add(t, 'tag');
  const achievement = c.achievement;
  if (achievement) {
    if (typeof achievement.fieldOfStudy === 'string') add(achievement.fieldOfStudy, 'field');
    const type = typeof achievement.type === 'string' ? achievement.type.trim().toLowerCase() : '';
    if (SKILL_ACHIEVEMENT_TYPES.has(type)) add(achievement.name ?? c.title, 'competency');
    if (typeof achievement.criteria === 'string') {
      let taken = 0;
      for (const hit of rememberedCriteriaSkills(achievement.criteria)) {
        if (taken >= MAX_CRITERIA_SKILLS) break;
        // The prose spelling is kept as the source text; the well-known name is shown.
        if (add(hit.name, 'criteria')) {
          const last = out[out.length - 1];
          if (last) last.sourceText = hit.text;
          taken++;
        }
      }
    }
  }
  return out;
}
