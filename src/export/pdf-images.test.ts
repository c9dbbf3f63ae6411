// The fast PNG path must draw exactly the pixels pdf-lib's own decoder draws, and leave every other PNG to it.
import { deflateSync, inflateSync } from 'node:zlib';
import { PDFDocument, PDFName, type PDFRawStream, type PDFRef } from 'pdf-lib';
import { PNG } from 'pdf-lib/cjs/utils/png';
import { describe, expect, it } from 'vitest';
import { pngChunk } from '../../test/helpers/fixtures';
import { compressPixels, decodeCommonPng, preparedPngImage } from './pdf-images';

type PngOptions = {
  width: number;
  height: number;
  colour?: number;
  depth?: number;
  interlace?: number;
  /** The row filter of each row (cycled); 0–4. */
  filters?: number[];
  extra?: Uint8Array[];
  /** Replaces the compressed pixel data. */
  idat?: Buffer;
};

/** A PNG whose samples vary in every channel, rows filtered as asked, as an encoder would write it. */
function makePng(o: PngOptions): Uint8Array {
  const colour = o.colour ?? 6;
  const depth = o.depth ?? 8;
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colour] ?? 4;
  const bpp = Math.max(1, (channels * depth) / 8);
  const stride = Math.ceil((o.width * channels * depth) / 8);
  const raw = new Uint8Array(stride * o.height);
  for (let y = 0; y < o.height; y++) {
    for (let i = 0; i < stride; i++) {
      // Smooth areas, edges and a transparent corner, so every filter has something to do.
      const v = (x: number) => (x * 37 + y * 11 + ((x ^ y) & 7) * 19) & 0xff;
      raw[y * stride + i] =
        colour === 6 && i % 4 === 3 ? (i < 8 && y < 2 ? 0 : 255 - ((y * 3) & 0x3f)) : v(i);
    }
  }
  const filters = o.filters ?? [0];
  const out = Buffer.alloc((stride + 1) * o.height);
  for (let y = 0; y < o.height; y++) {
    const f = filters[y % filters.length] ?? 0;
    out[y * (stride + 1)] = f;
    for (let i = 0; i < stride; i++) {
      const x = raw[y * stride + i] ?? 0;
      const a = i >= bpp ? (raw[y * stride + i - bpp] ?? 0) : 0;
      const b = y > 0 ? (raw[(y - 1) * stride + i] ?? 0) : 0;
      const c = y > 0 && i >= bpp ? (raw[(y - 1) * stride + i - bpp] ?? 0) : 0;
      const p = a + b - c;
      const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
      const paeth = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      const pred = [0, a, b, (a + b) >> 1, paeth][f] ?? 0;
      out[y * (stride + 1) + 1 + i] = (x - pred) & 0xff;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(o.width, 0);
  ihdr.writeUInt32BE(o.height, 4);
  ihdr[8] = depth;
  ihdr[9] = colour;
  ihdr[12] = o.interlace ?? 0;
  const idat = o.idat ?? deflateSync(out);
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      pngChunk('IHDR', ihdr),
      ...(colour === 3 ? [pngChunk('PLTE', Buffer.alloc(256 * 3, 7))] : []),
      ...(o.extra ?? []),
      // Encoders may split the pixel data over several chunks.
      pngChunk('IDAT', idat.subarray(0, idat.length >> 1)),
      pngChunk('IDAT', idat.subarray(idat.length >> 1)),
      pngChunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

function pdfLibPixels(png: Uint8Array) {
  const p = PNG.load(png);
  return {
    width: p.width,
    height: p.height,
    rgb: Buffer.from(p.rgbChannel),
    alpha: p.alphaChannel ? Buffer.from(p.alphaChannel) : null,
  };
}

function ours(png: Uint8Array) {
  const p = decodeCommonPng(png);
  return p && { ...p, rgb: Buffer.from(p.rgb), alpha: p.alpha ? Buffer.from(p.alpha) : null };
}

describe('decodeCommonPng', () => {
  it('gives the samples pdf-lib gives, whatever filter each row uses', () => {
    for (const filters of [[0], [1], [2], [3], [4], [4, 0, 3, 1, 2]]) {
      for (const colour of [2, 6]) {
        const png = makePng({ width: 37, height: 23, colour, filters });
        expect(ours(png), `colour ${colour}, filters ${filters.join(',')}`).toEqual(
          pdfLibPixels(png),
        );
      }
    }
  });

  it('leaves out the soft mask of an RGBA picture that is opaque everywhere, as pdf-lib does', () => {
    const rows = Buffer.alloc((8 * 4 + 1) * 8);
    for (let y = 0; y < 8; y++)
      for (let x = 0; x < 8; x++) rows.set([x * 30, y * 30, 99, 255], y * 33 + 1 + x * 4);
    const png = makePng({ width: 8, height: 8, idat: deflateSync(rows) });
    expect(ours(png)?.alpha).toBeNull();
    expect(ours(png)).toEqual(pdfLibPixels(png));
  });

  it('leaves every other kind of PNG to pdf-lib', () => {
    const others: Array<[string, Uint8Array]> = [
      ['16-bit', makePng({ width: 4, height: 4, depth: 16 })],
      ['palette', makePng({ width: 4, height: 4, colour: 3 })],
      ['grey', makePng({ width: 4, height: 4, colour: 0 })],
      ['grey with alpha', makePng({ width: 4, height: 4, colour: 4 })],
      ['interlaced', makePng({ width: 4, height: 4, interlace: 1 })],
      [
        'colour key',
        makePng({ width: 4, height: 4, colour: 2, extra: [pngChunk('tRNS', Buffer.alloc(6))] }),
      ],
      ['animated', makePng({ width: 4, height: 4, extra: [pngChunk('acTL', Buffer.alloc(8))] })],
    ];
    for (const [what, png] of others) expect(decodeCommonPng(png), what).toBeNull();
  });

  it('refuses damaged data instead of guessing, so pdf-lib decides as before', () => {
    const good = makePng({ width: 16, height: 16 });
    const cases: Array<[string, Uint8Array]> = [
      ['truncated', good.subarray(0, good.length - 30)],
      ['not zlib', makePng({ width: 16, height: 16, idat: Buffer.from('not compressed at all') })],
      ['too little data', makePng({ width: 16, height: 16, idat: deflateSync(Buffer.alloc(40)) })],
      [
        'too much data',
        makePng({ width: 16, height: 16, idat: deflateSync(Buffer.alloc(1_000_000)) }),
      ],
      [
        'unknown row filter',
        makePng({
          width: 2,
          height: 2,
          idat: deflateSync(Buffer.from([9, 1, 2, 3, 4, 5, 6, 7, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8])),
        }),
      ],
      [
        'chunk longer than the file',
        Buffer.concat([good.subarray(0, 8), Buffer.from([0x7f, 0xff, 0xff, 0xff])]),
      ],
    ];
    for (const [what, png] of cases) expect(decodeCommonPng(png), what).toBeNull();
  });
});

describe('preparedPngImage', () => {
  it('embeds the picture and its soft mask as pdf-lib’s own PNG embedder does', async () => {
    const png = makePng({ width: 20, height: 10, filters: [4, 1] });
    const docs = await Promise.all([PDFDocument.create(), PDFDocument.create()]);
    const [fast, reference] = docs as [PDFDocument, PDFDocument];
    const px = decodeCommonPng(png);
    if (!px) throw new Error('expected the fast path');
    const image = preparedPngImage(fast, px, compressPixels(px));
    await image.embed();
    const theirs = await reference.embedPng(png);
    await Promise.all([fast.save(), reference.save()]);
    expect([image.width, image.height]).toEqual([theirs.width, theirs.height]);
    const parts = (doc: PDFDocument, ref: PDFRef) => {
      const stream = doc.context.lookup(ref) as PDFRawStream;
      const mask = doc.context.lookup(stream.dict.get(PDFName.of('SMask'))) as PDFRawStream;
      // The dictionary without what depends on the compressor and object numbering.
      const dict = (s: PDFRawStream) =>
        s.dict
          .toString()
          .replace(/\/SMask \d+ 0 R/, '')
          .replace(/\/Length \d+/, '');
      return {
        dict: dict(stream),
        samples: inflateSync(stream.getContents()),
        maskDict: dict(mask),
        mask: inflateSync(mask.getContents()),
      };
    };
    expect(parts(fast, image.ref)).toEqual(parts(reference, theirs.ref));
  });
});
