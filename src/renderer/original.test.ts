// The raw original as the detail shows it: readable, complete up to a cap, and unable to disguise itself.
import { describe, expect, it } from 'vitest';
import { describeOriginal, MAX_ORIGINAL_CHARS } from './original';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const b64url = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('describeOriginal', () => {
  it('pretty-prints JSON', () => {
    const view = describeOriginal('application/ld+json', enc('{"name":"Data 101","n":[1,2]}'));
    expect(view.summary).toBe('JSON, 29 bytes.');
    expect(view.sections).toEqual([
      { title: 'JSON', text: '{\n  "name": "Data 101",\n  "n": [\n    1,\n    2\n  ]\n}' },
    ]);
  });

  it('shows malformed JSON as it is', () => {
    expect(describeOriginal('application/json', enc('{"a":')).sections[0]?.text).toBe('{"a":');
  });

  it('opens a JWT into its header and payload, and keeps the token', () => {
    const token = `${b64url({ alg: 'EdDSA', typ: 'vc+jwt' })}.${b64url({ iss: 'did:example:1', name: 'Ünïcode' })}.c2lnbmF0dXJl`;
    const view = describeOriginal('application/vc+jwt', enc(`${token}\n`));
    expect(view.summary).toBe(
      `JSON Web Token, ${token.length + 1} bytes; signature 12 characters.`,
    );
    expect(view.sections.map((s) => s.title)).toEqual(['Header', 'Payload', 'Token as imported']);
    expect(view.sections[0]?.text).toBe('{\n  "alg": "EdDSA",\n  "typ": "vc+jwt"\n}');
    expect(view.sections[1]?.text).toContain('"name": "Ünïcode"');
    expect(view.sections[2]?.text).toBe(token);
  });

  it('describes a baked PNG instead of showing its bytes', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    expect(describeOriginal('image/png', png)).toEqual({
      summary: 'Binary image (PNG), 12 bytes. The credential is baked inside the image.',
      sections: [],
    });
  });

  it('shows SVG as text, and refuses to show bytes that are not UTF-8', () => {
    const svg = describeOriginal('image/svg+xml', enc('<svg xmlns="http://www.w3.org/2000/svg"/>'));
    expect(svg.summary).toMatch(/^SVG image \(XML text\), 41 bytes\.$/);
    expect(svg.sections[0]?.text).toBe('<svg xmlns="http://www.w3.org/2000/svg"/>');
    const junk = describeOriginal('application/octet-stream', new Uint8Array([0xff, 0xfe, 0x00]));
    expect(junk.sections).toEqual([]);
    expect(junk.summary).toMatch(/not text/);
  });

  it('shows direction overrides and control characters as escapes, so nothing is disguised', () => {
    const view = describeOriginal('application/json', enc('{"name":"\u202Egnp.exe\u200B"}'));
    expect(view.sections[0]?.text).toContain('\\u202Egnp.exe\\u200B');
    expect(view.sections[0]?.text).not.toMatch(/[\u202E\u200B]/);
  });

  it('cuts very long originals and says how much is not shown', () => {
    const long = JSON.stringify({ text: 'x'.repeat(MAX_ORIGINAL_CHARS * 2) });
    const text = describeOriginal('application/json', enc(long)).sections[0]?.text ?? '';
    expect(text.length).toBeLessThan(MAX_ORIGINAL_CHARS + 100);
    expect(text).toMatch(/more characters not shown\)$/);
  });
});
