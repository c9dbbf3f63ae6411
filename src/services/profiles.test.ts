// Profiles on a real data folder: names that are safe folder names, one profile in use, never a silent fallback.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { caught } from '../../test/helpers/errors';
import { call, refusal } from '../../test/helpers/dispatch';
import { tempDir, tempSession } from '../../test/helpers/library';
import { checkProfileName } from '../core/profile';
import { defaultLibraryDir } from './library-dir';
import {
  activeLibraryDir,
  activeProfile,
  createProfile,
  listProfiles,
  removeProfile,
  useProfile,
} from './profiles';
import type { Session } from './session';

const NOW = new Date('2025-05-01T09:00:00Z');
const sessions: Session[] = [];
afterEach(() => {
  while (sessions.length) sessions.pop()?.close();
});

/** Every file and folder under `dir`, to show that a refusal changed nothing. */
function tree(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).sort();
}

describe('profile names', () => {
  it.each(['Ana', 'María López', 'Ελένη', 'Client 42 (2025)', "O'Brien, J", 'k_9-x'])(
    'accepts %s',
    (name) => {
      expect(checkProfileName(`  ${name} `)).toBe(name);
    },
  );

  it.each([
    ['../evil', /“\/”/],
    ['a/b', /“\/”/],
    ['a\\b', /“\\”/],
    ['C:', /“:”/],
    ['a\u0000b', /control characters/],
    ['line\nbreak', /control characters/],
    ['..', /start with a letter or a digit/],
    ['.hidden', /start with a letter or a digit/],
    ['-rf', /start with a letter or a digit/],
    ['dots.', /end with a dot/],
    ['CON', /reserved by Windows/],
    ['nul.txt', /reserved by Windows/],
    ['Default', /original library/],
    ['', /cannot be empty/],
    ['   ', /cannot be empty/],
    ['x'.repeat(65), /at most 64 characters/],
    ['x'.repeat(64 * 1024), /at most 64 characters/],
    ['semi;colon', /can only contain/],
    ['\u202egnp.exe', /can only contain/],
    ['a*b?', /can only contain/],
  ])('refuses %j', (name, message) => {
    const e = caught(() => checkProfileName(name));
    expect(e.code).toBe('bad-input');
    expect(e.message).toMatch(message);
  });
});

describe('profiles in a data folder', () => {
  it('starts with the default profile: the data folder itself', () => {
    const data = tempDir();
    expect(activeProfile(data)).toBe('default');
    expect(activeLibraryDir(data)).toBe(data);
    expect(listProfiles(data).profiles).toEqual([
      { name: 'default', path: data, active: true, isDefault: true, createdAt: null },
    ]);
  });

  it('creates a profile with its own library, without switching to it', () => {
    const data = tempDir();
    const p = createProfile(data, ' Client Ana ', NOW);
    expect(p).toEqual({
      name: 'Client Ana',
      path: path.join(data, 'profiles', 'Client Ana'),
      active: false,
      isDefault: false,
      createdAt: NOW.toISOString(),
    });
    expect(fs.existsSync(path.join(p.path, 'library.sqlite'))).toBe(true);
    expect(activeProfile(data)).toBe('default');
    expect((fs.statSync(p.path).mode & 0o777).toString(8)).toBe('700');
  });

  it('refuses a second profile whose name differs only in case', () => {
    const data = tempDir();
    createProfile(data, 'Ana', NOW);
    const before = tree(data);
    const e = caught(() => createProfile(data, 'ANA', NOW));
    expect(e.message).toBe('A profile named “Ana” already exists.');
    expect(tree(data)).toEqual(before);
  });

  it.each([
    ['a parent-folder path', '../escape'],
    ['a path that climbs out', 'x/../../y'],
    ['a NUL', 'a\u0000b'],
    ['the parent folder', '..'],
    ['the default profile', 'default'],
    ['a 1 MB name', 'x'.repeat(1024 * 1024)],
  ])('refuses to create %s and writes nothing', (_label, name) => {
    const parent = tempDir();
    const data = path.join(parent, 'data');
    const e = caught(() => createProfile(data, name, NOW));
    expect(e.code).toBe('bad-input');
    expect(tree(parent)).toEqual([]);
  });

  it('switches the profile in use (any case), and back to default', () => {
    const data = tempDir();
    createProfile(data, 'Ana', NOW);
    expect(useProfile(data, 'ana')).toMatchObject({ name: 'Ana', active: true });
    expect(activeLibraryDir(data)).toBe(path.join(data, 'profiles', 'Ana'));
    expect(defaultLibraryDir({ SKILLFOLIO_DATA_DIR: data })).toBe(
      path.join(data, 'profiles', 'Ana'),
    );
    // SKILLFOLIO_LIBRARY still names one library directly.
    expect(
      defaultLibraryDir({ SKILLFOLIO_DATA_DIR: data, SKILLFOLIO_LIBRARY: '/tmp/elsewhere' }),
    ).toBe('/tmp/elsewhere');
    useProfile(data, 'DEFAULT');
    expect(activeLibraryDir(data)).toBe(data);
  });

  it('refuses to use a profile that does not exist, leaving the choice alone', () => {
    const data = tempDir();
    createProfile(data, 'Ana', NOW);
    useProfile(data, 'Ana');
    const e = caught(() => useProfile(data, 'Bob'));
    expect(e.code).toBe('not-found');
    expect(e.message).toMatch(/no profile named “Bob”/);
    expect(activeProfile(data)).toBe('Ana');
  });

  it('never falls back silently when the choice is damaged or names a removed profile', () => {
    const data = tempDir();
    createProfile(data, 'Ana', NOW);
    useProfile(data, 'Ana');
    fs.rmSync(path.join(data, 'profiles', 'Ana'), { recursive: true });
    expect(caught(() => activeLibraryDir(data)).message).toMatch(
      /The profile in use, “Ana”, no longer exists/,
    );
    for (const text of ['{not json', '{"active": 3}', '{"active": "../../etc"}', '']) {
      fs.writeFileSync(path.join(data, 'active-profile.json'), text);
      const e = caught(() => activeLibraryDir(data));
      expect(e.code).toBe('library');
      expect(e.message).toMatch(/is damaged/);
    }
  });

  it('removes a profile and its library; removing the one in use says so and returns to default', () => {
    const data = tempDir();
    createProfile(data, 'Ana', NOW);
    createProfile(data, 'Bob', NOW);
    useProfile(data, 'Ana');
    const bob = removeProfile(data, 'bob');
    expect(bob).toMatchObject({ removed: { name: 'Bob' }, wasActive: false, active: 'Ana' });
    const ana = removeProfile(data, 'Ana');
    expect(ana).toMatchObject({ removed: { name: 'Ana' }, wasActive: true, active: 'default' });
    expect(tree(path.join(data, 'profiles'))).toEqual([]);
  });

  it('refuses to remove the default profile, an unknown one, or a link pretending to be a profile', () => {
    const data = tempDir();
    expect(caught(() => removeProfile(data, 'default')).message).toMatch(/cannot be removed/);
    expect(caught(() => removeProfile(data, '../data')).code).toBe('bad-input');
    expect(caught(() => removeProfile(data, 'Nobody')).code).toBe('not-found');
    const outside = tempDir();
    fs.writeFileSync(path.join(outside, 'precious.txt'), 'keep');
    fs.mkdirSync(path.join(data, 'profiles'));
    fs.symlinkSync(outside, path.join(data, 'profiles', 'Linked'));
    expect(caught(() => removeProfile(data, 'Linked')).code).toBe('not-found');
    expect(fs.readFileSync(path.join(outside, 'precious.txt'), 'utf8')).toBe('keep');
  });
});

describe('profile methods of the contract', () => {
  it('lists and creates profiles when the session knows the data folder', async () => {
    const data = tempDir();
    const s = tempSession({ dataDir: data });
    sessions.push(s);
    await call(s, 'profile.create', { name: 'Ana' });
    const list = await call(s, 'profile.list', {});
    expect(list.profiles.map((p) => p.name)).toEqual(['default', 'Ana']);
    const e = await refusal(s, 'profile.create', { name: '../../x' });
    expect(e.code).toBe('bad-input');
  });

  it('switches only where the transport can reopen, and puts the old choice back if it cannot', async () => {
    const data = tempDir();
    createProfile(data, 'Ana', NOW);
    const s = tempSession({ dataDir: data });
    sessions.push(s);
    const e = await refusal(s, 'profile.switch', { name: 'Ana' });
    expect(e.message).toMatch(/cannot switch profiles/);
    expect(activeProfile(data)).toBe('default');

    const opened: string[] = [];
    const ok = { ...s, switchLibrary: (dir: string) => void opened.push(dir) };
    expect(await call(ok, 'profile.switch', { name: 'Ana' })).toMatchObject({
      name: 'Ana',
      active: true,
    });
    expect(opened).toEqual([path.join(data, 'profiles', 'Ana')]);

    const broken = {
      ...s,
      switchLibrary: () => {
        throw new Error('disk gone');
      },
    };
    const failed = await refusal(broken, 'profile.switch', { name: 'default' });
    expect(failed).toEqual({ code: 'internal', message: 'Unexpected error: disk gone' });
    expect(activeProfile(data)).toBe('Ana');
  });

  it('says profiles are unavailable where the session has no data folder', async () => {
    const s = tempSession();
    sessions.push(s);
    expect((await refusal(s, 'profile.list', {})).message).toMatch(/not available/);
  });
});
