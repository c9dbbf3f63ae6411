// Routing a dropped file: exported résumés to export.verify, everything else to credential.verify — and hostile bytes never throw.
import fs from 'node:fs';
import path from 'node:path';
import { generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { ob3Object } from '../../test/helpers/fixtures';
import { routeFor } from './verify-route';

const enc = (s: string) => new TextEncoder().encode(s);
const SAMPLES = path.resolve(__dirname, '../../resources/samples');

describe('routeFor', () => {
  it('sends PDFs and presentations (JSON-LD and vp+jwt) to the export check', async () => {
    expect(routeFor(enc('%PDF-1.7\n%…'))).toBe('export');
    const vp = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiablePresentation'],
      verifiableCredential: [ob3Object({ n: 1 })],
    };
    expect(routeFor(enc(`\uFEFF  ${JSON.stringify(vp)}`))).toBe('export');
    expect(routeFor(enc(JSON.stringify({ ...vp, type: 'VerifiablePresentation' })))).toBe('export');
    const { privateKey } = await generateKeyPair('EdDSA');
    const vpJwt = await new SignJWT(vp)
      .setProtectedHeader({ alg: 'EdDSA', typ: 'vp+jwt' })
      .sign(privateKey);
    expect(routeFor(enc(vpJwt))).toBe('export');
    const vp11 = await new SignJWT({ vp }).setProtectedHeader({ alg: 'EdDSA' }).sign(privateKey);
    expect(routeFor(enc(`${vp11}\n`))).toBe('export');
  });

  it('sends every sample credential (JSON, JWT, baked PNG and SVG) to the credential check', () => {
    for (const file of fs
      .readdirSync(SAMPLES)
      .filter((f) => !/README|manifest|status-list/.test(f))) {
      expect(routeFor(new Uint8Array(fs.readFileSync(path.join(SAMPLES, file)))), file).toBe(
        'credential',
      );
    }
  });

  it('a credential that merely mentions presentations is still a credential', () => {
    const doc = { ...ob3Object({ n: 2 }), description: '"type": ["VerifiablePresentation"]' };
    expect(routeFor(enc(JSON.stringify(doc)))).toBe('credential');
  });

  it('never throws on hostile or broken input', () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    for (const bytes of [
      new Uint8Array(0),
      new Uint8Array([0xff, 0xfe, 0x00, 0x7b]),
      enc('{"type": "VerifiablePresentation"'),
      enc(`{"a": ${deep}}`),
      enc('{"__proto__": {"type": ["VerifiablePresentation"]}}'),
      enc('eyJhbGciOiJub25lIn0.!!!.x'),
      enc('eyJ0eXAiOiJ2cCtqd3QifQ'),
      enc('eyJub3QiOiJqc29uIn0.eyJ.'),
    ]) {
      expect(routeFor(bytes)).toBe('credential');
    }
  });
});
