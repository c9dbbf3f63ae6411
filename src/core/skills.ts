// Skills come from many issuers spelled many ways; one key per skill lets a library count and group them.
import type { Credential } from './credential';

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

export type SkillSource = 'alignment' | 'tag';
export type ExtractedSkill = { name: string; source: SkillSource; key: string };

/** The credential's skills, alignments first then tags, one per key (given); the first spelling seen names it. */
export function extractSkills(c: Credential): ExtractedSkill[] {
  const seen = new Set<string>();
  const out: ExtractedSkill[] = [];
  const add = (raw: string, source: SkillSource): void => {
    const name = raw.normalize('NFKC').trim().replace(/\s+/gu, ' ');
    if (name.length === 0 || name.length > MAX_SKILL_NAME_LENGTH) return;
    const key = skillKey(name);
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ name, source, key });
  };
  for (const a of c.alignments)
    if (typeof a.targetName === 'string') add(a.targetName, 'alignment');
  for (const t of c.tags) if (typeof t === 'string') add(t, 'tag');
  return out;
}
