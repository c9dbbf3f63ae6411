import { describe, expect, it } from 'vitest';
import {
  clip,
  decodeDataUri,
  humaniseType,
  readDate,
  readDescription,
  readImage,
  readMediaObject,
  readText,
  readTitle,
  TEXT_LIMITS,
} from './text';

const PNG_1X1_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const JPEG_HEAD = Buffer.from([
  0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1,
]).toString('base64');

describe('readText: strings, language maps and JSON-LD values', () => {
  it('trims plain strings and treats blank ones as absent', () => {
    expect(readText('  Robotics  ')).toBe('Robotics');
    expect(readText('   \n ')).toBeNull();
    expect(readText(42)).toBeNull();
    expect(readText(null)).toBeNull();
  });

  it('picks English from a VC 2.0 / ELM language map, else the first language', () => {
    expect(readText({ fr: 'Robotique', en: 'Robotics' })).toBe('Robotics');
    expect(readText({ fr: 'Robotique', 'en-GB': 'Robotics (UK)' })).toBe('Robotics (UK)');
    expect(readText({ de: 'Robotik', fr: 'Robotique' })).toBe('Robotik');
  });

  it('reads JSON-LD value objects and ELM text objects', () => {
    expect(
      readText([
        { '@value': 'Carte', '@language': 'fr' },
        { '@value': 'Card', '@language': 'en' },
      ]),
    ).toBe('Card');
    expect(readText({ text: { '@lang': 'en', '#text': 'Degree in Biology' } })).toBe(
      'Degree in Biology',
    );
  });

  it('does not mistake an arbitrary object for a language map', () => {
    expect(readText({ id: 'urn:x', type: 'Thing' })).toBeNull();
  });
});

describe('clipping hostile lengths', () => {
  it('clips a 1 MB name to the title limit, on one line', () => {
    const title = readTitle(`${'A'.repeat(1024 * 1024)}`);
    expect(title).not.toBeNull();
    expect(title!.length).toBeLessThanOrEqual(TEXT_LIMITS.title);
    expect(title!.endsWith('…')).toBe(true);
    expect(readTitle('Line one\n\n   line two')).toBe('Line one line two');
  });

  it('keeps line breaks in descriptions and clips them at 20,000 characters', () => {
    expect(readDescription('First\nSecond')).toBe('First\nSecond');
    expect(readDescription('x'.repeat(50_000))!.length).toBe(TEXT_LIMITS.description);
  });

  it('never cuts an emoji (surrogate pair) in half', () => {
    const s = 'a'.repeat(8) + '😀'.repeat(4);
    const out = clip(s, 10);
    expect(out.length).toBeLessThanOrEqual(10);
    expect(() => encodeURIComponent(out)).not.toThrow();
  });
});

describe('readDate', () => {
  it('normalises zoned date-times to UTC ISO', () => {
    expect(readDate('2017-06-29T14:58:57+02:00')).toBe('2017-06-29T12:58:57.000Z');
    expect(readDate('2016-12-31T23:59:59Z')).toBe('2016-12-31T23:59:59.000Z');
  });

  it('keeps date-only and zone-less values as written', () => {
    expect(readDate('2015-04-30')).toBe('2015-04-30');
    expect(readDate('2010-01-01T00:00:00')).toBe('2010-01-01T00:00:00');
  });

  it('converts OB 1.x Unix timestamps (number or digit string)', () => {
    expect(readDate(1420070400)).toBe('2015-01-01T00:00:00.000Z');
    expect(readDate('1420070400')).toBe('2015-01-01T00:00:00.000Z');
    expect(readDate(1420070400000)).toBe('2015-01-01T00:00:00.000Z');
  });

  it('refuses impossible and non-date values', () => {
    expect(readDate('2022-13-45')).toBeNull();
    expect(readDate('yesterday')).toBeNull();
    expect(readDate(-5)).toBeNull();
    expect(readDate(Number.POSITIVE_INFINITY)).toBeNull();
    expect(readDate({ date: '2020-01-01' })).toBeNull();
  });
});

describe('images: data: URIs and URLs', () => {
  it('decodes a base64 PNG data URI into bytes', () => {
    const notes: string[] = [];
    const img = readImage(`data:image/png;base64,${PNG_1X1_BASE64}`, notes);
    expect(img?.kind).toBe('bytes');
    if (img?.kind === 'bytes') {
      expect(img.mediaType).toBe('image/png');
      expect(Buffer.from(img.bytes).equals(Buffer.from(PNG_1X1_BASE64, 'base64'))).toBe(true);
    }
    expect(notes).toEqual([]);
  });

  it('labels the image by its bytes, not by what the URI claims', () => {
    const got = decodeDataUri(`data:image/png;base64,${JPEG_HEAD}`, []);
    expect(got?.mediaType).toBe('image/jpeg');
  });

  it('reads a percent-encoded SVG data URI', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>';
    const got = decodeDataUri(`data:image/svg+xml;utf8,${encodeURIComponent(svg)}`, []);
    expect(got?.mediaType).toBe('image/svg+xml');
  });

  it('ignores, with a note, images over 2 MB, non-images and other media types', () => {
    const notes: string[] = [];
    const big = Buffer.alloc(3 * 1024 * 1024).toString('base64');
    expect(readImage(`data:image/png;base64,${big}`, notes)).toBeNull();
    expect(readImage('data:image/png;base64,aGVsbG8gd29ybGQ=', notes)).toBeNull();
    expect(readImage('data:text/html;base64,PHNjcmlwdD4=', notes)).toBeNull();
    expect(notes).toHaveLength(3);
    expect(notes[0]).toMatch(/larger than 2 MB/);
  });

  it('keeps http(s) URLs as references and drops every other scheme', () => {
    expect(readImage('https://example.org/badge.png', [])).toEqual({
      kind: 'url',
      url: 'https://example.org/badge.png',
    });
    expect(readImage({ id: 'https://example.org/b.png', type: 'Image' }, [])).toEqual({
      kind: 'url',
      url: 'https://example.org/b.png',
    });
    expect(readImage('javascript:alert(1)', [])).toBeNull();
    expect(readImage('file:///etc/passwd', [])).toBeNull();
    expect(readImage('badge.png', [])).toBeNull();
  });

  it('reads an ELM MediaObject by its content, never by its id', () => {
    expect(
      readMediaObject({ id: 'urn:epass:mediaObject:1', content: PNG_1X1_BASE64 }, [])?.kind,
    ).toBe('bytes');
    expect(readMediaObject({ id: 'http://example.org/image1', content: '' }, [])).toBeNull();
  });
});

describe('humaniseType', () => {
  it('turns a type name into a readable fallback title', () => {
    expect(humaniseType('UniversityDegreeCredential')).toBe('University Degree Credential');
    expect(humaniseType('https://example.org/examples#AlumniCredential')).toBe('Alumni Credential');
  });
});
