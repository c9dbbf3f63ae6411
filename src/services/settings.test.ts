// Network settings saved with the library: the session's network door follows them, flags only add, damage fails safe.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { call, refusal } from '../../test/helpers/dispatch';
import { tempDir } from '../../test/helpers/library';
import { rejection } from '../../test/helpers/errors';
import type { ServiceContext } from './context';
import { openSession, type Session } from './session';
import { readSettings, SETTINGS_FILE } from './settings';

const sessions: Session[] = [];
afterEach(() => {
  while (sessions.length) sessions.pop()?.close();
});

function open(
  libraryDir: string,
  flags: { offline?: boolean; allowPrivateNetwork?: boolean } = {},
) {
  const s = openSession({ libraryDir, ...flags });
  sessions.push(s);
  return s;
}

describe('settings', () => {
  it('start from the defaults: online, private network refused', async () => {
    const s = open(tempDir());
    expect(await call(s, 'settings.get', {})).toEqual({
      offline: false,
      allowPrivateNetwork: false,
      effective: { offline: false, allowPrivateNetwork: false },
      problem: null,
    });
  });

  it('are saved in the library folder and applied at once by a window that can reopen its library', async () => {
    const dir = tempDir();
    // A window's library: a switch reopens it (as browser mode and the desktop app do).
    let current = open(dir);
    const use = <T>(fn: (ctx: ServiceContext) => Promise<T>): Promise<T> =>
      fn({ ...current, switchLibrary: (d: string) => void (current = open(d)) });
    const saved = await use((ctx) => call(ctx, 'settings.set', { offline: true }));
    expect(saved).toMatchObject({ offline: true, applied: true, effective: { offline: true } });
    expect(JSON.parse(fs.readFileSync(path.join(dir, SETTINGS_FILE), 'utf8'))).toEqual({
      offline: true,
      allowPrivateNetwork: false,
    });
    // The next request runs on a network door that refuses to fetch.
    const err = await use((ctx) => rejection(ctx.fetcher.fetch('https://example.org/')));
    expect(err.code).toBe('offline');
    expect(await use((ctx) => call(ctx, 'settings.get', {}))).toMatchObject({
      offline: true,
      effective: { offline: true, allowPrivateNetwork: false },
    });
    await use((ctx) => call(ctx, 'settings.set', { allowPrivateNetwork: true }));
    expect(await use((ctx) => call(ctx, 'settings.get', {}))).toMatchObject({
      offline: true,
      allowPrivateNetwork: true,
      effective: { offline: true, allowPrivateNetwork: true },
    });
  });

  it('follow the library into the next session, and each profile keeps its own', async () => {
    const a = tempDir();
    const b = tempDir();
    await call(open(a), 'settings.set', { offline: true });
    expect(open(a).fetcher.settings.offline).toBe(true);
    expect(open(b).fetcher.settings.offline).toBe(false);
  });

  it('say when a start-up flag keeps a setting on that is saved off', async () => {
    const s = open(tempDir(), { offline: true });
    expect(await call(s, 'settings.get', {})).toMatchObject({
      offline: false,
      effective: { offline: true },
    });
    // Without a reopen (the CLI), the saved choice waits for the next start.
    const saved = await call(s, 'settings.set', { allowPrivateNetwork: true });
    expect(saved).toMatchObject({ allowPrivateNetwork: true, applied: false });
    expect(s.fetcher.settings.allowPrivateNetwork).toBe(false);
  });

  it('a damaged or foreign settings file keeps the library offline, and saying so', async () => {
    for (const body of [
      '{not json',
      '[]',
      '{"offline": "no"}',
      '{"__proto__": {"offline": false}}',
    ]) {
      const dir = tempDir();
      fs.writeFileSync(path.join(dir, SETTINGS_FILE), body);
      const s = open(dir);
      expect(s.fetcher.settings.offline, body).toBe(true);
      const got = await call(s, 'settings.get', {});
      expect(got.problem, body).toMatch(/stays offline/);
      // Choosing again replaces the file with the person's choice.
      await call(s, 'settings.set', { offline: false });
      expect(readSettings(dir)).toEqual({
        settings: { offline: false, allowPrivateNetwork: false },
        problem: null,
      });
    }
  });

  it('a huge file is not read', async () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, SETTINGS_FILE),
      `{"offline": false, "x": "${'a'.repeat(200_000)}"}`,
    );
    expect(readSettings(dir).problem).toMatch(/not a Skillfolio settings file/);
    expect(open(dir).fetcher.settings.offline).toBe(true);
  });

  it('refuses input that names no setting or is not a boolean', async () => {
    const s = open(tempDir());
    expect((await refusal(s, 'settings.set', {})).message).toMatch(/name a setting/);
    expect((await refusal(s, 'settings.set', { offline: 'yes' })).code).toBe('bad-input');
    expect((await refusal(s, 'settings.set', { theme: 'dark' })).code).toBe('bad-input');
    expect(fs.existsSync(path.join(s.libraryDir, SETTINGS_FILE))).toBe(false);
  });
});
