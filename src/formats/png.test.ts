// Baked PNG reading and writing, including every hostile PNG from SECURITY.md, built here byte by byte.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bakePng, crc32, isPng, pngDimensions, readBakedPng } from './png';
import { caught } from '../../test/helpers/errors';

const SIG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const enc = (s: string) => new TextEncoder().encode(s);

function u32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n >>> 0);
  return b;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A chunk with a correct CRC unless `badCrc`; `declaredLength` lets a test lie about the size. */
function chunk(
  type: string,
  data: Uint8Array,
  opts: { badCrc?: boolean; declaredLength?: number } = {},
): Uint8Array {
  const typeAndData = concat(enc(type), data);
  const crc = crc32(typeAndData) ^ (opts.badCrc ? 1 : 0);
  return concat(u32(opts.declaredLength ?? data.length), typeAndData, u32(crc));
}

function ihdr(width = 1, height = 1): Uint8Array {
  return chunk('IHDR', concat(u32(width), u32(height), Uint8Array.from([8, 6, 0, 0, 0])));
}

const IDAT = chunk('IDAT', deflateSync(Uint8Array.from([0, 255, 0, 0, 255])));
const IEND = chunk('IEND', new Uint8Array());

function iTxt(keyword: string, text: Uint8Array, compressed = false): Uint8Array {
  const body = compressed ? deflateSync(text) : text;
  return chunk(
    'iTXt',
    concat(enc(keyword), Uint8Array.from([0, compressed ? 1 : 0, 0, 0, 0]), body),
  );
}

function png(...middle: Uint8Array[]): Uint8Array {
  return concat(SIG, ihdr(), ...middle, IDAT, IEND);
}

const ASSERTION =
  '{"@context":"https://w3id.org/openbadges/v2","type":"Assertion","id":"urn:uuid:1"}';

describe('crc32', () => {
  it('gives the standard check value and continues across pieces', () => {
    expect(crc32(enc('123456789'))).toBe(0xcbf43926);
    expect(crc32(enc('56789'), crc32(enc('1234')))).toBe(0xcbf43926);
  });
});

describe('isPng / pngDimensions', () => {
  it('recognises the signature only', () => {
    expect(isPng(png())).toBe(true);
    expect(isPng(enc('GIF89a....'))).toBe(false);
    expect(isPng(SIG.subarray(0, 7))).toBe(false);
  });

  it('reports 10^5 × 10^5 declared dimensions from IHDR without decoding pixels', () => {
    const huge = concat(SIG, ihdr(100_000, 100_000), IDAT, IEND);
    expect(huge.length).toBeLessThan(100);
    expect(pngDimensions(huge)).toEqual({ width: 100_000, height: 100_000 });
  });

  it('refuses a PNG whose first chunk is not IHDR or whose IHDR is damaged', () => {
    expect(caught(() => pngDimensions(concat(SIG, IDAT, IEND))).code).toBe('malformed');
    const bad = concat(SIG, chunk('IHDR', new Uint8Array(13), { badCrc: true }), IEND);
    expect(caught(() => pngDimensions(bad)).code).toBe('malformed');
    expect(caught(() => pngDimensions(enc('not a png'))).code).toBe('unsupported-format');
  });
});

describe('readBakedPng', () => {
  it('reads an uncompressed iTXt openbadges assertion', () => {
    expect(readBakedPng(png(iTxt('openbadges', enc(ASSERTION))))).toEqual({
      keyword: 'openbadges',
      text: ASSERTION,
    });
  });

  it('reads a compressed iTXt openbadgecredential (OB 3.0) with non-ASCII text', () => {
    const text = '{"name":"Compétence ✓ 日本語"}';
    const got = readBakedPng(png(iTxt('openbadgecredential', enc(text), true)));
    expect(got).toEqual({ keyword: 'openbadgecredential', text });
  });

  it('reads an OB 1.x tEXt openbadges chunk holding a URL, trimmed', () => {
    const tEXt = chunk(
      'tEXt',
      concat(enc('openbadges'), Uint8Array.from([0]), enc(' https://example.org/a.json\n')),
    );
    expect(readBakedPng(png(tEXt)).text).toBe('https://example.org/a.json');
  });

  it('ignores other text chunks and reads a badge in a 10^5 × 10^5 image', () => {
    const other = chunk('tEXt', concat(enc('Software'), Uint8Array.from([0]), enc('Paint')));
    const bytes = concat(
      SIG,
      ihdr(100_000, 100_000),
      other,
      iTxt('openbadges', enc(ASSERTION)),
      IDAT,
      IEND,
    );
    expect(readBakedPng(bytes).text).toBe(ASSERTION);
  });

  it('refuses an iTXt decompression bomb (20 MB of zeros) with too-large', () => {
    const bomb = png(iTxt('openbadges', new Uint8Array(20 * 1024 * 1024), true));
    expect(bomb.length).toBeLessThan(100_000);
    const err = caught(() => readBakedPng(bomb));
    expect(err.code).toBe('too-large');
    expect(err.message).toMatch(/inflates to more than 2 MB/);
  });

  it('refuses damaged compressed data with malformed', () => {
    const junk = chunk(
      'iTXt',
      concat(enc('openbadges'), Uint8Array.from([0, 1, 0, 0, 0]), enc('not zlib')),
    );
    expect(caught(() => readBakedPng(png(junk))).code).toBe('malformed');
  });

  it('refuses a 2 GB declared chunk length without allocating it', () => {
    const liar = chunk('iTXt', enc('openbadges\0\0\0\0\0{}'), { declaredLength: 0x80000000 });
    const err = caught(() => readBakedPng(png(liar)));
    expect(err.code).toBe('too-large');
    expect(err.message).toMatch(/2048 MB/);
  });

  it('refuses a chunk length running past the end of the file with malformed', () => {
    const liar = chunk('iTXt', enc('openbadges\0\0\0\0\0{}'), { declaredLength: 5000 });
    const err = caught(() => readBakedPng(png(liar)));
    expect(err.code).toBe('malformed');
    expect(err.message).toMatch(/declares 5000 bytes/);
  });

  it('refuses a badge chunk with a bad CRC', () => {
    const bytes = png(chunk('iTXt', enc(`openbadges\0\0\0\0\0${ASSERTION}`), { badCrc: true }));
    const err = caught(() => readBakedPng(bytes));
    expect(err.code).toBe('malformed');
    expect(err.message).toMatch(/badge data chunk is damaged \(CRC mismatch\)/);
  });

  it('refuses two credential chunks as ambiguous', () => {
    const two = png(iTxt('openbadges', enc(ASSERTION)), iTxt('openbadges', enc('{"other":1}')));
    expect(caught(() => readBakedPng(two)).code).toBe('unsafe-content');
    const mixed = png(iTxt('openbadges', enc(ASSERTION)), iTxt('openbadgecredential', enc('{}')));
    const err = caught(() => readBakedPng(mixed));
    expect(err.code).toBe('unsafe-content');
    expect(err.message).toMatch(/two Open Badges data chunks/);
  });

  it('says plainly when a PNG has no badge baked in', () => {
    const err = caught(() => readBakedPng(png()));
    expect(err.code).toBe('unsupported-format');
    expect(err.message).toBe('This PNG image has no Open Badges data baked into it.');
  });

  it('refuses files that are not PNG', () => {
    expect(caught(() => readBakedPng(enc('{"type":"Assertion"}'))).code).toBe('unsupported-format');
    expect(caught(() => readBakedPng(new Uint8Array())).code).toBe('unsupported-format');
  });

  it('stops at IEND: a badge chunk after it is not read', () => {
    const after = concat(png(), iTxt('openbadges', enc(ASSERTION)));
    expect(caught(() => readBakedPng(after)).code).toBe('unsupported-format');
  });

  it('refuses a PNG cut short before IEND', () => {
    const cut = concat(SIG, ihdr(), iTxt('openbadges', enc(ASSERTION)), IDAT);
    const err = caught(() => readBakedPng(cut));
    expect(err.code).toBe('malformed');
    expect(err.message).toMatch(/cut short/);
  });

  it('caps the number of chunks scanned', () => {
    const many = new Array<Uint8Array>(100_001).fill(chunk('tEXt', enc('a\0b')));
    const err = caught(() => readBakedPng(concat(SIG, ihdr(), ...many, IEND)));
    expect(err.code).toBe('too-large');
  });

  it('refuses badge text that is not UTF-8, and an empty badge chunk', () => {
    const latin1 = png(iTxt('openbadges', Uint8Array.from([0x7b, 0xe9, 0x7d])));
    expect(caught(() => readBakedPng(latin1)).code).toBe('encoding');
    expect(caught(() => readBakedPng(png(iTxt('openbadges', enc('  '))))).code).toBe('malformed');
  });

  it('refuses a chunk with a non-letter type', () => {
    const bytes = concat(SIG, ihdr(), chunk('i$Xt', enc('x')), IEND);
    expect(caught(() => readBakedPng(bytes)).code).toBe('malformed');
  });
});

describe('bakePng', () => {
  it('bakes after IHDR with a valid CRC, and the result reads back', () => {
    const text = '{"name":"Ünïcödé badge"}';
    const baked = bakePng(png(), 'openbadgecredential', text);
    expect(readBakedPng(baked)).toEqual({ keyword: 'openbadgecredential', text });
    // IHDR is 8 + 25 bytes; the iTXt chunk must be the very next one.
    expect(new TextDecoder().decode(baked.subarray(33 + 4, 33 + 8))).toBe('iTXt');
    expect(pngDimensions(baked)).toEqual({ width: 1, height: 1 });
  });

  it('replaces an existing badge chunk of either keyword instead of adding a second', () => {
    const once = bakePng(png(), 'openbadges', ASSERTION);
    const twice = bakePng(once, 'openbadgecredential', 'eyJhbGciOiJFZERTQSJ9.e30.sig');
    expect(readBakedPng(twice)).toEqual({
      keyword: 'openbadgecredential',
      text: 'eyJhbGciOiJFZERTQSJ9.e30.sig',
    });
    expect(twice.length).toBe(png().length + 12 + 'openbadgecredential'.length + 5 + 28);
  });

  it('keeps the image chunks and drops trailing bytes after IEND', () => {
    const original = png();
    const baked = bakePng(concat(original, enc('trailing junk')), 'openbadges', ASSERTION);
    expect(baked.subarray(baked.length - IEND.length)).toEqual(IEND);
    expect(baked.length).toBe(original.length + 12 + 'openbadges'.length + 5 + ASSERTION.length);
  });

  it('refuses to bake into something that is not a PNG', () => {
    expect(caught(() => bakePng(enc('GIF89a'), 'openbadges', ASSERTION)).code).toBe(
      'unsupported-format',
    );
  });
});

// The conformance corpus lives beside the project (../shared/conformance from the repo root).
const CONFORMANCE = fileURLToPath(new URL('../../../shared/conformance/', import.meta.url));
const hasCorpus = existsSync(`${CONFORMANCE}MANIFEST.tsv`);

describe.skipIf(!hasCorpus)(
  'conformance corpus: baked PNGs (skipped: ../shared/conformance is absent)',
  () => {
    // What this reader must do with each specimen; the verdict comes later in the pipeline.
    const expected: Record<string, { keyword: string; contains: string } | { code: string }> = {
      'ob2/baked/validator-core_baked_heart.png': {
        keyword: 'openbadges',
        contains: '"type": "Assertion"',
      },
      'ob2/baked/validator-core_public_domain_heart_UNBAKED.png': { code: 'unsupported-format' },
      'ob2/baked/bakery_unbaked.png': { code: 'unsupported-format' },
    };
    const rows = hasCorpus
      ? readFileSync(`${CONFORMANCE}MANIFEST.tsv`, 'utf8')
          .split('\n')
          .slice(1)
          .map((line) => line.split('\t'))
          .filter((cols) => (cols[0] ?? '').endsWith('.png'))
      : [];

    it('knows every PNG specimen in the manifest', () => {
      expect(rows.map((r) => r[0]).sort()).toEqual(Object.keys(expected).sort());
    });

    it.each(rows.map((r) => [r[0] as string, r[9] as string]))(
      '%s (expected_offline %s)',
      (file, verdict) => {
        const bytes = readFileSync(`${CONFORMANCE}${file}`);
        const want = expected[file];
        if (want === undefined) throw new Error(`no expectation written for ${file}`);
        if ('code' in want) {
          expect(verdict).toBe('error');
          expect(caught(() => readBakedPng(bytes)).code).toBe(want.code);
        } else {
          expect(verdict).not.toBe('error');
          const got = readBakedPng(bytes);
          expect(got.keyword).toBe(want.keyword);
          expect(got.text).toContain(want.contains);
          expect(pngDimensions(bytes)).toEqual({ width: 21, height: 19 });
        }
      },
    );

    it('refuses the JPEG specimen as not a PNG', () => {
      const jpg = readFileSync(
        `${CONFORMANCE}ob2/baked/validator-core_public_domain_heart_jpeg.jpg`,
      );
      expect(isPng(jpg)).toBe(false);
      expect(caught(() => readBakedPng(jpg)).code).toBe('unsupported-format');
    });
  },
);
