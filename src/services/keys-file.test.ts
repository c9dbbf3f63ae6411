// Importing a certificate or key backup from bytes (the window's way): it replaces what it should and refuses the rest.
import forge from 'node-forge';
import { afterEach, describe, expect, it } from 'vitest';
import { call, refusal } from '../../test/helpers/dispatch';
import { tempSession } from '../../test/helpers/library';
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
