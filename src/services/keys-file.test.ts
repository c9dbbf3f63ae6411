// The window's way to the keys, as bytes: importing a certificate or key backup replaces what it should and refuses the rest; a key backup is always sealed.
import fs from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';
import { afterEach, describe, expect, it } from 'vitest';
import { call, refusal } from '../../test/helpers/dispatch';
import { tempDir, tempSession } from '../../test/helpers/library';
import { openHolderKeys } from '../export/key-file';
import { dispatch } from './dispatch';
import type { Session } from './session';

const sessions: Session[] = [];
afterEach(() => {
  while (sessions.length) sessions.pop()?.close();
});

function session(): Session {
  const s = tempSession({ now: () => new Date('2025-05-01T09:00:00Z') });
  sessions.push(s);
  return s;
}

/** A self-signed RSA certificate and its key in a PKCS#12 file, as other tools make them. */
function p12(password: string, commonName = 'Zofia Imported'): string {
  const keys = forge.pki.rsa.generateKeyPair(1024);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '0b';
  cert.validity.notBefore = new Date('2025-01-01T00:00:00Z');
  cert.validity.notAfter = new Date('2027-01-01T00:00:00Z');
  cert.setSubject([{ name: 'commonName', value: commonName }]);
  cert.setIssuer([{ name: 'commonName', value: commonName }]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  const der = forge.asn1
    .toDer(forge.pkcs12.toPkcs12Asn1(keys.privateKey, [cert], password, { algorithm: '3des' }))
    .getBytes();
  return Buffer.from(der, 'binary').toString('base64');
}

describe('keys.importFile', () => {
  it('makes an imported .p12 the PDF signing certificate and keeps the holder did:key', async () => {
    const s = session();
    const before = await call(s, 'keys.rotate', {});
    const after = await call(s, 'keys.importFile', {
      file: { name: 'mine.p12', base64: p12('pfx secret') },
      password: 'pfx secret',
    });
    expect(after.did).toBe(before.did);
    expect(after.certificate.source).toBe('imported');
    expect(after.certificate.subject).toContain('Zofia Imported');
    expect(await call(s, 'keys.show', {})).toMatchObject({
      did: before.did,
      certificate: { source: 'imported' },
    });
  });

  it('creates the holder key on the way when there was none yet', async () => {
    const s = session();
    expect(await call(s, 'keys.show', {})).toBeNull();
    const info = await call(s, 'keys.importFile', {
      file: { name: 'mine.pfx', base64: p12('x') },
      password: 'x',
    });
    expect(info.did).toMatch(/^did:key:z6Mk/);
  });

  it('refuses a wrong password, garbage and an empty file, leaving the keys as they were', async () => {
    const s = session();
    const before = await call(s, 'keys.rotate', {});
    const wrong = await refusal(s, 'keys.importFile', {
      file: { name: 'mine.p12', base64: p12('right') },
      password: 'wrong',
    });
    expect(wrong.message).toMatch(/password/i);
    const garbage = await refusal(s, 'keys.importFile', {
      file: {
        name: 'cat.jpg',
        base64: Buffer.from('\xff\xd8\xff not a certificate').toString('base64'),
      },
    });
    expect(garbage.code).not.toBe('internal');
    const broken = await refusal(s, 'keys.importFile', {
      file: { name: 'keys.json', base64: Buffer.from('{"format": "nope"}').toString('base64') },
    });
    expect(broken.code).not.toBe('internal');
    const empty = await refusal(s, 'keys.importFile', { file: { name: 'empty.p12', base64: '' } });
    expect(empty.message).toMatch(/empty/);
    const big = await refusal(s, 'keys.importFile', {
      file: { name: 'big.p12', base64: Buffer.alloc(1024 * 1024 + 1, 1).toString('base64') },
    });
    expect(big.code).toBe('too-large');
    expect(await call(s, 'keys.show', {})).toEqual(before);
  });
});

describe('keys.exportFile', () => {
  it('hands the window a backup sealed with the passphrase, which brings the same did:key back', async () => {
    const s = session();
    const keys = await call(s, 'keys.rotate', {});
    const backup = await call(s, 'keys.exportFile', { passphrase: 'correct horse ✓' });
    expect(backup.name).toBe('skillfolio-keys-2025-05-01.json');
    const bytes = Buffer.from(backup.base64, 'base64');
    // Sealed: nothing of the private keys in the clear.
    expect(JSON.parse(bytes.toString('utf8'))).toMatchObject({ encrypted: true });
    expect(bytes.toString('utf8')).not.toMatch(/PRIVATE KEY|privateKey/);
    expect(openHolderKeys(bytes, 'correct horse ✓').keys.holder.did).toBe(keys.did);
    expect(() => openHolderKeys(bytes, 'wrong')).toThrow(/passphrase does not open/);

    // Another library (another computer) takes it through the window's one field for the file's secret…
    const other = session();
    const restored = await call(other, 'keys.importFile', {
      file: { name: backup.name, base64: backup.base64 },
      password: 'correct horse ✓',
    });
    expect(restored.did).toBe(keys.did);
    expect(restored.certificate.sha256Fingerprint).toBe(keys.certificate.sha256Fingerprint);
    // …and after the keys were replaced here, the backup brings the old ones back.
    expect((await call(s, 'keys.rotate', {})).did).not.toBe(keys.did);
    const back = await call(s, 'keys.importFile', {
      file: { name: backup.name, base64: backup.base64 },
      passphrase: 'correct horse ✓',
    });
    expect(back.did).toBe(keys.did);
  });

  it('is the same backup as keys.export: the command line imports it from a file', async () => {
    const s = session();
    const keys = await call(s, 'keys.rotate', {});
    const backup = await call(s, 'keys.exportFile', { passphrase: 'pass' });
    const file = path.join(tempDir(), backup.name);
    fs.writeFileSync(file, Buffer.from(backup.base64, 'base64'));
    const other = session();
    const r = await dispatch(
      other,
      'keys.import',
      { path: file, passphrase: 'pass' },
      { local: true },
    );
    expect(r.ok && r.value).toMatchObject({ did: keys.did });
  });

  it('refuses without a passphrase, and when there are no keys yet, with a clear error', async () => {
    const s = session();
    const none = await refusal(s, 'keys.exportFile', { passphrase: 'pass' });
    expect(none).toEqual({
      code: 'not-found',
      message: 'There are no holder keys yet: they are created by the first export.',
    });
    await call(s, 'keys.rotate', {});
    const bare = await refusal(s, 'keys.exportFile', {});
    expect(bare).toEqual({
      code: 'bad-input',
      message: 'A key backup is always encrypted: type a passphrase for it.',
    });
    const huge = await refusal(s, 'keys.exportFile', { passphrase: 'x'.repeat(1025) });
    expect(huge.code).toBe('bad-input');
    const named = await refusal(s, 'keys.exportFile', { passphrase: 'pass', path: '/tmp/k.json' });
    expect(named.code).toBe('bad-input');
  });
});
