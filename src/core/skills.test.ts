// Skill keys decide which spellings count as one skill in the library and in portfolios.
import { describe, expect, it } from 'vitest';
import { emptyCredential } from './credential';
import { KNOWN_SKILLS } from './skill-vocabulary';
import {
  canonicalSkill,
  canonicalSkillKey,
  extractSkills,
  MAX_CRITERIA_SKILLS,
  skillKey,
} from './skills';

describe('skillKey', () => {
  it.each([
    ['Databases', 'database'],
    ['database', 'database'],
    ['  Relational   Databases ', 'relational database'],
    ['Skills', 'skill'],
    ['Technologies', 'technology'],
    ['Classes', 'class'],
    ['Processes', 'process'],
    ['Boxes', 'box'],
    ['Approaches', 'approach'],
    ['Caches', 'cache'],
    ['Keys', 'key'],
    ['APIs', 'api'],
    ['KPIs', 'kpi'],
    ['Ｆｕｌｌ Stack', 'full stack'],
  ])('%s → %s', (name, key) => {
    expect(skillKey(name)).toBe(key);
  });

  it.each([
    'analysis',
    'Data Analysis',
    'business',
    'CSS',
    'status',
    'Physics',
    'Statistics',
    'DevOps',
    'Kubernetes',
    'AWS',
    'Node.js',
    'C#',
    'k8s',
    'Ruby on Rails',
    'pandas',
  ])('leaves the non-plural %s alone', (name) => {
    expect(skillKey(name)).toBe(name.toLowerCase());
  });

  it('gives two spellings of one skill the same key', () => {
    expect(skillKey('Databases')).toBe(skillKey('database'));
    expect(skillKey('Project  management')).toBe(skillKey('project management'));
    expect(skillKey('Café')).toBe(skillKey('Cafe\u0301'));
  });

  it('is idempotent, so a key can be passed where a name is expected', () => {
    for (const name of [
      'Databases',
      'Classes',
      'Technologies',
      'APIs',
      'analysis',
      'Boxes',
      'Keys',
    ]) {
      expect(skillKey(skillKey(name))).toBe(skillKey(name));
    }
  });

  it('turns blank text into an empty key', () => {
    expect(skillKey('   ')).toBe('');
  });
});

describe('extractSkills', () => {
  it('takes alignments then tags, one per key, named as first seen, keeping the text as written', () => {
    const c = emptyCredential('x');
    c.alignments = [{ targetName: 'Databases' }, { targetName: 'SQL', targetCode: 'S1' }];
    c.tags = ['database', '  Welding  ', 'sql', 'Metal   work'];
    expect(extractSkills(c)).toEqual([
      { name: 'Databases', source: 'alignment', key: 'database', sourceText: 'Databases' },
      { name: 'SQL', source: 'alignment', key: 'sql', sourceText: 'SQL' },
      { name: 'Welding', source: 'tag', key: 'welding', sourceText: 'Welding' },
      { name: 'Metal work', source: 'tag', key: 'metal work', sourceText: 'Metal work' },
    ]);
  });

  it('files abbreviations under the well-known name without losing what the issuer wrote', () => {
    const c = emptyCredential('x');
    c.tags = ['JS', 'javascript', 'ML', 'Machine learning', 'AWS', 'Team work', 'Teamwork', 'K8s'];
    expect(extractSkills(c)).toEqual([
      { name: 'JavaScript', source: 'tag', key: 'javascript', sourceText: 'JS' },
      { name: 'Machine Learning', source: 'tag', key: 'machine learning', sourceText: 'ML' },
      { name: 'Amazon Web Services', source: 'tag', key: 'amazon web service', sourceText: 'AWS' },
      { name: 'Teamwork', source: 'tag', key: 'teamwork', sourceText: 'Team work' },
      { name: 'Kubernetes', source: 'tag', key: 'kubernetes', sourceText: 'K8s' },
    ]);
  });

  it('reads the field of study, and the achievement itself when it is a competency', () => {
    const c = emptyCredential('Bridge Inspection');
    c.achievement = {
      name: 'Bridge Inspection',
      type: 'Competency',
      fieldOfStudy: 'Civil Engineering',
    };
    expect(extractSkills(c).map((s) => [s.name, s.source])).toEqual([
      ['Civil Engineering', 'field'],
      ['Bridge Inspection', 'competency'],
    ]);
    const badge = emptyCredential('Bridge Inspection');
    badge.achievement = { name: 'Bridge Inspection', type: 'Badge' };
    expect(extractSkills(badge)).toEqual([]);
  });

  it('picks only well-known names out of criteria prose, as whole words, a few at most', () => {
    const c = emptyCredential('x');
    c.achievement = {
      criteria:
        'Wrote SQL queries against a PostgreSQL database, deployed them on AWS with Docker, ' +
        'and showed clear communication. Learners react to feedback in C++ and C#.',
    };
    const got = extractSkills(c);
    expect(got.map((s) => s.name)).toEqual([
      'SQL',
      'PostgreSQL',
      'Amazon Web Services',
      'Docker',
      'Communication',
    ]);
    expect(got.every((s) => s.source === 'criteria')).toBe(true);
    expect(got.find((s) => s.name === 'Communication')?.sourceText).toBe('communication');
    expect(got).toHaveLength(MAX_CRITERIA_SKILLS);

    const prose = emptyCredential('x');
    prose.achievement = {
      criteria:
        'Learners react to feedback, work in an agile way, use sql-like notes, and mySQLite.',
    };
    expect(extractSkills(prose)).toEqual([]);
  });

  it('does not add a criteria skill the credential already names', () => {
    const c = emptyCredential('x');
    c.tags = ['Structured Query Language', 'sql'];
    c.achievement = { criteria: 'Uses SQL and C++.' };
    expect(extractSkills(c).map((s) => [s.name, s.source, s.sourceText])).toEqual([
      ['SQL', 'tag', 'Structured Query Language'],
      ['C++', 'criteria', 'C++'],
    ]);
  });

  it('skips empty names and prose too long to be a skill', () => {
    const c = emptyCredential('x');
    c.tags = ['', '   ', 'a'.repeat(201), 'Welding'];
    expect(extractSkills(c).map((s) => s.name)).toEqual(['Welding']);
  });
});

describe('the well-known skills table', () => {
  it('gives every spelling exactly one meaning', () => {
    const owner = new Map<string, string>();
    for (const k of KNOWN_SKILLS) {
      for (const spelling of [k.name, ...k.aliases]) {
        const key = skillKey(spelling);
        expect(owner.get(key) ?? k.name, `${spelling} is claimed twice`).toBe(k.name);
        owner.set(key, k.name);
      }
    }
  });

  it('maps a canonical key to itself, so a key can be passed where a name is expected', () => {
    for (const k of KNOWN_SKILLS) {
      for (const spelling of [k.name, ...k.aliases]) {
        const key = canonicalSkillKey(spelling);
        expect(canonicalSkillKey(key)).toBe(key);
        expect(canonicalSkill(spelling).name).toBe(k.name);
      }
    }
    expect(canonicalSkill('  Underwater   Welding ')).toEqual({
      name: 'Underwater Welding',
      key: 'underwater welding',
    });
  });
});
