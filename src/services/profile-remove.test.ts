// profile.remove from a window: the profile and its library go, after which it is not listed; the one in use stays.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { call, refusal } from '../../test/helpers/dispatch';
import { tempDir } from '../../test/helpers/library';
import { activeLibraryDir, createProfile, useProfile } from './profiles';
import { openSession, type Session } from './session';

const NOW = new Date('2025-05-01T09:00:00Z');
const sessions: Session[] = [];
afterEach(() => {
  while (sessions.length) sessions.pop()?.close();
});

function window(dataDir: string): Session {
  const s = openSession({ libraryDir: activeLibraryDir(dataDir), dataDir, offline: true });
  sessions.push(s);
  return s;
}

describe('profile.remove', () => {
  it('deletes another profile with its library', async () => {
    const data = tempDir();
    const client = createProfile(data, 'Client A', NOW);
    const s = window(data);
    const result = await call(s, 'profile.remove', { name: 'client a' });
    expect(result).toMatchObject({ removed: { name: 'Client A' }, active: 'default' });
    expect(fs.existsSync(client.path)).toBe(false);
    const list = await call(s, 'profile.list', {});
    expect(list.profiles.map((p) => p.name)).toEqual(['default']);
  });

  it('refuses the profile in use, the default profile, and a name that is not a profile', async () => {
    const data = tempDir();
    const client = createProfile(data, 'Client A', NOW);
    useProfile(data, 'Client A');
    const s = window(data);
    const inUse = await refusal(s, 'profile.remove', { name: 'Client A' });
    expect(inUse.message).toMatch(/profile in use.*Switch to another profile first/);
    expect(fs.existsSync(path.join(client.path, 'library.sqlite'))).toBe(true);
    expect((await refusal(s, 'profile.remove', { name: 'default' })).message).toMatch(
      /cannot be removed/,
    );
    expect((await refusal(s, 'profile.remove', { name: 'Nobody' })).code).toBe('not-found');
    expect((await refusal(s, 'profile.remove', { name: '../..' })).code).toBe('bad-input');
    expect(fs.existsSync(client.path)).toBe(true);
  });

  it('is refused where the window has no profiles', async () => {
    const s = openSession({ libraryDir: tempDir(), offline: true });
    sessions.push(s);
    expect((await refusal(s, 'profile.remove', { name: 'Client A' })).message).toMatch(
      /not available/,
    );
  });
});
