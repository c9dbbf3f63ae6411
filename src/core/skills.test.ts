// Skill keys decide which spellings count as one skill in the library and in portfolios.
import { describe, expect, it } from 'vitest';
import { emptyCredential } from './credential';
import { extractSkills, skillKey } from './skills';

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
  it('takes alignments then tags, one per key, named as first seen', () => {
    const c = emptyCredential('x');
    c.alignments = [{ targetName: 'Databases' }, { targetName: 'SQL', targetCode: 'S1' }];
    c.tags = ['database', '  Teamwork  ', 'sql', 'Team   work'];
    expect(extractSkills(c)).toEqual([
      { name: 'Databases', source: 'alignment', key: 'database' },
      { name: 'SQL', source: 'alignment', key: 'sql' },
      { name: 'Teamwork', source: 'tag', key: 'teamwork' },
      { name: 'Team work', source: 'tag', key: 'team work' },
    ]);
  });

  it('skips empty names and prose too long to be a skill', () => {
    const c = emptyCredential('x');
    c.tags = ['', '   ', 'a'.repeat(201), 'Welding'];
    expect(extractSkills(c).map((s) => s.name)).toEqual(['Welding']);
  });
});
