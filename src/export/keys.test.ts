import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { decode as base58Decode } from 'base58-universal';
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { caught, rejection } from '../../test/helpers/errors';
import { tempDir } from '../../test/helpers/library';
import { fileKeyStore, KEY_FILE_NAME, openHolderKeys, sealHolderKeys } from './key-file';
import {
  utf8Field,
  createHolderKeys,
  describeKeys,
  ensureHolderKeys,
  importSigningCertificate,
  rotateHolderKeys,
} from './keys';

const NOW = new Date('2025-03-01T10:00:00Z');

/** A .p12 as other tools make them: an RSA key and a certificate from a small CA. */
function makeP12(opts: {
  password: string;
  algorithm?: '3des' | 'aes256';
  notAfter?: Date;
  withChain?: boolean;
}) {
  const ca = forge.pki.rsa.generateKeyPair(1024);
  const leafKeys = forge.pki.rsa.generateKeyPair(1024);
  const caCert = forge.pki.createCertificate();
  caCert.publicKey = ca.publicKey;
  caCert.serialNumber = '01';
  caCert.validity.notBefore = new Date('2024-01-01T00:00:00Z');
  caCert.validity.notAfter = new Date('2034-01-01T00:00:00Z');
  caCert.setSubject([{ name: 'commonName', value: 'Test CA' }]);
  caCert.setIssuer([{ name: 'commonName', value: 'Test CA' }]);
  caCert.sign(ca.privateKey, forge.md.sha256.create());
  const leaf = forge.pki.createCertificate();
  leaf.publicKey = leafKeys.publicKey;
  leaf.serialNumber = '02';
  leaf.validity.notBefore = new Date('2024-01-01T00:00:00Z');
  leaf.validity.notAfter = opts.notAfter ?? new Date('2030-01-01T00:00:00Z');
  leaf.setSubject([utf8Field('commonName', 'Zofia Łódź')]);
  leaf.setIssuer(caCert.subject.attributes);
  leaf.sign(ca.privateKey, forge.md.sha256.create());
  const asn1 = forge.pkcs12.toPkcs12Asn1(
    leafKeys.privateKey,
    opts.withChain === false ? [leaf] : [leaf, caCert],
    opts.password,
    { algorithm: opts.algorithm ?? '3des' },
  );
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

describe('holder keys', () => {
  it('are an Ed25519 did:key and a self-signed certificate naming that did:key', () => {
    const keys = createHolderKeys({ now: NOW, commonName: 'Zofia Łódź' });
    expect(keys.holder.did).toMatch(/^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]+$/);
    expect(keys.holder.verificationMethod).toBe(
      `${keys.holder.did}#${keys.holder.publicKeyMultibase}`,
    );
    const decoded = base58Decode(keys.holder.publicKeyMultibase.slice(1));
    expect([...decoded.slice(0, 2)]).toEqual([0xed, 0x01]);
    const raw = Buffer.from(keys.holder.publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
    expect(Buffer.from(decoded.slice(2)).equals(raw)).toBe(true);

    const x509 = new crypto.X509Certificate(keys.signing.certificatesPem[0] ?? '');
    expect(x509.subjectAltName).toBe(`URI:${keys.holder.did}`);
    expect(x509.subject).toContain('CN=Zofia Łódź');
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(x509.publicKey.asymmetricKeyType).toBe('rsa');
    expect(new Date(x509.validTo).getUTCFullYear()).toBe(2035);

    const info = describeKeys(keys);
    expect(info.did).toBe(keys.holder.did);
    expect(info.certificate.source).toBe('self-signed');
    expect(info.certificate.subjectAltNames).toEqual([keys.holder.did]);
    expect(info.certificate.sha256Fingerprint).toBe(x509.fingerprint256);
    expect(JSON.stringify(info)).not.toMatch(/PRIVATE|privateKey/);
  });

  it('are created once on first use and then loaded from the library folder, owner-only', async () => {
    const dir = tempDir();
    const store = fileKeyStore(dir, null);
    const first = await ensureHolderKeys(store, { now: NOW, commonName: 'Ann' });
    const again = await ensureHolderKeys(fileKeyStore(dir, null), { now: NOW });
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.keys.holder.did).toBe(first.keys.holder.did);
    const file = path.join(dir, KEY_FILE_NAME);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual([KEY_FILE_NAME]);
    const sig = crypto.sign(null, Buffer.from('hello'), again.keys.holder.privateKey);
    expect(crypto.verify(null, Buffer.from('hello'), first.keys.holder.publicKey, sig)).toBe(true);
  });

  it('are sealed with the passphrase when one is given, and refused without it or with a wrong one', async () => {
    const dir = tempDir();
    const keys = createHolderKeys({ now: NOW });
    await fileKeyStore(dir, 'correct horse battery staple').save(keys);
    const text = fs.readFileSync(path.join(dir, KEY_FILE_NAME), 'utf8');
    expect(text).not.toContain('PRIVATE KEY');
    expect(text).not.toContain(keys.signing.privateKeyPem.slice(40, 80));
    expect(JSON.parse(text)).toMatchObject({ encrypted: true, kdf: { name: 'scrypt' } });

    const none = await rejection(fileKeyStore(dir, null).load());
    expect(none.code).toBe('bad-input');
    expect(none.message).toContain('--passphrase');
    const wrong = await rejection(fileKeyStore(dir, 'wrong').load());
    expect(wrong.message).toBe(
      'The passphrase does not open the key file (or the file was changed).',
    );
    const loaded = await fileKeyStore(dir, 'correct horse battery staple').load();
    expect(loaded?.holder.did).toBe(keys.holder.did);
    expect(loaded?.signing.certificatesPem).toEqual(keys.signing.certificatesPem);
  });

  it('refuse a tampered, foreign or hostile key file', () => {
    const keys = createHolderKeys({ now: NOW });
    const sealed = JSON.parse(Buffer.from(sealHolderKeys(keys, 'pw')).toString('utf8'));
    const ct = Buffer.from(sealed.ciphertext, 'base64');
    ct[5] = (ct[5] ?? 0) ^ 1;
    const tampered = Buffer.from(JSON.stringify({ ...sealed, ciphertext: ct.toString('base64') }));
    expect(caught(() => openHolderKeys(tampered, 'pw')).code).toBe('bad-input');
    // A cost parameter chosen to freeze the app is refused before any work is done.
    const costly = Buffer.from(JSON.stringify({ ...sealed, kdf: { ...sealed.kdf, N: 2 ** 30 } }));
    expect(caught(() => openHolderKeys(costly, 'pw')).code).toBe('malformed');

    const plain = JSON.parse(Buffer.from(sealHolderKeys(keys, null)).toString('utf8'));
    const polluted = Buffer.from(
      JSON.stringify(plain).replace('"createdAt"', '"__proto__":{"polluted":true},"createdAt"'),
    );
    expect(caught(() => openHolderKeys(polluted, null)).code).toBe('malformed');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const wrongKey = {
      ...plain,
      keys: { ...plain.keys, holder: { privateKeyPkcs8: Buffer.from('junk').toString('base64') } },
    };
    expect(caught(() => openHolderKeys(Buffer.from(JSON.stringify(wrongKey)), null)).message).toBe(
      'This is not a Skillfolio key file, or it is damaged.',
    );
    expect(caught(() => openHolderKeys(Buffer.from([0xff, 0xfe, 0x00]), null)).code).toBe(
      'malformed',
    );
    expect(caught(() => openHolderKeys(Buffer.alloc(300 * 1024, 32), null)).code).toBe('malformed');
  });

  it("import the user's own .p12/.pfx (3DES or AES) for PDF signing and keep the did:key", () => {
    const keys = createHolderKeys({ now: NOW });
    for (const algorithm of ['3des', 'aes256'] as const) {
      const imported = importSigningCertificate(
        keys,
        makeP12({ password: 'pfx-pw', algorithm }),
        'pfx-pw',
        NOW,
      );
      expect(imported.holder.did).toBe(keys.holder.did);
      expect(imported.signing.source).toBe('imported');
      expect(imported.signing.certificatesPem).toHaveLength(2);
      const leaf = new crypto.X509Certificate(imported.signing.certificatesPem[0] ?? '');
      expect(leaf.subject).toContain('CN=Zofia Łódź');
      expect(leaf.checkPrivateKey(crypto.createPrivateKey(imported.signing.privateKeyPem))).toBe(
        true,
      );
      expect(describeKeys(imported).certificate.issuer).toBe('CN=Test CA');
    }
  });

  it('refuse a .p12 with the wrong password, an expired certificate, or bytes that are no .p12', () => {
    const keys = createHolderKeys({ now: NOW });
    const p12 = makeP12({ password: 'right' });
    const wrong = caught(() => importSigningCertificate(keys, p12, 'wrong', NOW));
    expect(wrong.code).toBe('bad-input');
    expect(wrong.message).toBe('The password does not open this .p12/.pfx file.');
    const expired = caught(() =>
      importSigningCertificate(
        keys,
        makeP12({ password: 'x', notAfter: new Date('2024-06-01T00:00:00Z') }),
        'x',
        NOW,
      ),
    );
    expect(expired.message).toContain('expired on 2024-06-01');
    expect(
      caught(() => importSigningCertificate(keys, Buffer.from('not a pfx at all'), '', NOW)).code,
    ).toBe('malformed');
  });

  it('rotate to a new did:key, re-issuing a self-signed certificate but keeping an imported one', () => {
    const keys = createHolderKeys({ now: NOW, commonName: 'Ann Example' });
    const rotated = rotateHolderKeys(keys, { now: NOW });
    expect(rotated.holder.did).not.toBe(keys.holder.did);
    expect(describeKeys(rotated).certificate.subjectAltNames).toEqual([rotated.holder.did]);
    expect(describeKeys(rotated).certificate.subject).toContain('CN=Ann Example');
    const imported = importSigningCertificate(keys, makeP12({ password: 'p' }), 'p', NOW);
    const rotatedImported = rotateHolderKeys(imported, { now: NOW });
    expect(rotatedImported.holder.did).not.toBe(keys.holder.did);
    expect(rotatedImported.signing).toEqual(imported.signing);
  });
});
