// The desktop app's keys: sealed by the OS key storage on disk, shared with the CLI only through a backup, refused where no keyring protects them.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/library';
import { dispatch } from '../../src/services/dispatch';
import { openSession, type Session } from '../../src/services/session';
import type { Result } from '../../src/shared/errors';
import { createSafeStorageSealer, type SafeStorageLike } from './safe-storage';

/**
 * Electron's safeStorage is the process edge, faked: AES-GCM under a key that stands for the one the
 * OS keyring holds for this user. Another machine has another key.
 */
function fakeSafeStorage(backend = 'gnome_libsecret', available = true): SafeStorageLike {
  const key = crypto.randomBytes(32);
  return {
    isAsyncEncryptionAvailable: () => Promise.resolve(available),
    getSelectedStorageBackend: () => backend,
    encryptStringAsync: (plain) => {
      const iv = crypto.randomBytes(12);
      const c = crypto.createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Promise.resolve(Buffer.concat([iv, c.getAuthTag(), body]));
    },
    decryptStringAsync: (sealed) => {
      const d = crypto.createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      d.setAuthTag(sealed.subarray(12, 28));
      const plain = Buffer.concat([d.update(sealed.subarray(28)), d.final()]).toString('utf8');
      return Promise.resolve({ result: plain });
    },
  };
}

const open: Session[] = [];
function session(libraryDir: string, safe?: SafeStorageLike, platform: NodeJS.Platform = 'linux') {
  const s = openSession({
    libraryDir,
    offline: true,
    ...(safe ? { keySealer: createSafeStorageSealer(safe, platform) } : {}),
  });
  open.push(s);
  return s;
}
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

async function call(s: Session, method: string, input: unknown): Promise<Result<unknown>> {
  return dispatch(s, method, input, { local: true });
}

type KeyInfo = { did: string; storage: { location: string; encrypted: boolean } };
async function keys(s: Session, method = 'keys.show', input: object = {}): Promise<KeyInfo> {
  const r = await call(s, method, input);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as KeyInfo;
}

describe('holder keys in the desktop app', () => {
  it('are sealed by the OS key storage: no private key readable on disk, the same identity next time', async () => {
    const dir = tempDir();
    const safe = fakeSafeStorage();
    const made = await keys(session(dir, safe), 'keys.rotate');
    expect(made.storage).toMatchObject({ encrypted: true });
    expect(made.storage.location).toContain('gnome_libsecret');
    expect(fs.readdirSync(dir)).toContain('holder-keys.sealed.json');
    expect(fs.readdirSync(dir)).not.toContain('holder-keys.json');
    const onDisk = fs.readFileSync(path.join(dir, 'holder-keys.sealed.json'), 'utf8');
    expect(onDisk).not.toMatch(/PRIVATE KEY|privateKeyPkcs8/);
    expect((fs.statSync(path.join(dir, 'holder-keys.sealed.json')).mode & 0o777).toString(8)).toBe(
      '600',
    );

    // The app restarted: the same person signs.
    expect((await keys(session(dir, safe))).did).toBe(made.did);
  });

  it('cannot be opened by another user account or machine, and says what to do', async () => {
    const dir = tempDir();
    await keys(session(dir, fakeSafeStorage()), 'keys.rotate');
    const r = await call(session(dir, fakeSafeStorage()), 'keys.show', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    expect(!r.ok && r.error.message).toMatch(
      /another user account or machine.*Import a key backup/,
    );
  });

  it('are not silently replaced by the CLI, which cannot open them', async () => {
    const dir = tempDir();
    await keys(session(dir, fakeSafeStorage()), 'keys.rotate');
    const before = fs.readFileSync(path.join(dir, 'holder-keys.sealed.json'));
    const r = await call(session(dir), 'keys.rotate', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    expect(!r.ok && r.error.message).toMatch(/sealed by the Skillfolio desktop app.*keys import/);
    expect(fs.readFileSync(path.join(dir, 'holder-keys.sealed.json'))).toEqual(before);
    expect(fs.readdirSync(dir)).not.toContain('holder-keys.json');
  });

  it('made earlier by the CLI are found by the app, so both sign as the same person', async () => {
    const dir = tempDir();
    const cli = await keys(session(dir), 'keys.rotate');
    expect((await keys(session(dir, fakeSafeStorage()))).did).toBe(cli.did);
  });

  it('are refused on the Linux basic_text backend, with nothing written, unless a passphrase seals a file', async () => {
    const dir = tempDir();
    const s = session(dir, fakeSafeStorage('basic_text'));
    const r = await call(s, 'keys.rotate', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    expect(!r.ok && r.error.message).toMatch(/no keyring.*basic_text.*passphrase/);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('holder-keys'))).toEqual([]);

    const withPassphrase = await keys(s, 'keys.rotate', { passphrase: 'correct horse battery' });
    expect(withPassphrase.storage).toMatchObject({ encrypted: true });
    expect(fs.readdirSync(dir)).toContain('holder-keys.json');
  });

  it('are refused when the OS key storage is unavailable', async () => {
    const dir = tempDir();
    const r = await call(
      session(dir, fakeSafeStorage('gnome_libsecret', false), 'darwin'),
      'keys.rotate',
      {},
    );
    expect(!r.ok && r.error.message).toMatch(/macOS Keychain is not available/);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('holder-keys'))).toEqual([]);
  });
});
