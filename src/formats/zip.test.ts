// Archive reading against hand-built ZIPs: traversal, symlinks, bombs, nesting, caps and damage.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createDeflateRaw, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32 } from './png';
import { DEFAULT_ZIP_LIMITS, isZip, readZip } from './zip';
import type { ZipItem } from './zip';
import { rejection } from '../../test/helpers/errors';

const MB = 1024 * 1024;
const enc = (s: string) => new TextEncoder().encode(s);

type Spec = {
  name: string | Uint8Array;
  data?: Uint8Array;
  /** 0 stored, 8 deflated (default), anything else written as-is with the data uncompressed. */
  method?: number;
  /** Already-compressed bytes, when building `data` would be too big (bombs). */
  compressed?: Uint8Array;
  /** Declared uncompressed size, when a test lies about it. */
  size?: number;
  crc?: number;
  /** Unix st_mode stored in the high 16 bits of the external attributes (made on Unix). */
  mode?: number;
  flags?: number;
};

/** A minimal ZIP writer: local headers, data, central directory, end record. */
function makeZip(specs: Spec[], opts: { declaredCount?: number } = {}): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const s of specs) {
    const name = Buffer.from(typeof s.name === 'string' ? enc(s.name) : s.name);
    const data = s.data ?? new Uint8Array();
    const method = s.method ?? 8;
    const body = Buffer.from(s.compressed ?? (method === 8 ? deflateRawSync(data) : data));
    const crc = s.crc ?? crc32(data);
    const size = s.size ?? data.length;
    const flags = s.flags ?? (typeof s.name === 'string' ? 0x800 : 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(s.mode === undefined ? 20 : (3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((s.mode ?? 0) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(opts.declaredCount ?? specs.length, 8);
  end.writeUInt16LE(opts.declaredCount ?? specs.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, cd, end]));
}

/** Raw-deflates `total` zero bytes a megabyte at a time, never holding them all in memory. */
async function deflatedZeros(total: number): Promise<Uint8Array> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const ended = once(deflate, 'end');
  const zeros = Buffer.alloc(MB);
  for (let written = 0; written < total; written += MB) {
    if (!deflate.write(zeros)) await once(deflate, 'drain');
  }
  deflate.end();
  await ended;
  return new Uint8Array(Buffer.concat(out));
}

function summary(items: ZipItem[]): Array<[string, string]> {
  return items.map((i) => [i.name, 'bytes' in i ? `${i.bytes.length} bytes` : i.error.code]);
}

function errorOf(items: ZipItem[], name: string) {
  const item = items.find((i) => i.name === name);
  if (item === undefined || !('error' in item)) throw new Error(`no error item for ${name}`);
  return item.error;
}

const json = (n: number) => enc(JSON.stringify({ type: 'Assertion', id: `urn:uuid:${n}` }));

describe('isZip', () => {
  it('recognises local-file and empty-archive signatures only', () => {
    expect(isZip(makeZip([{ name: 'a.json', data: json(1) }]))).toBe(true);
    expect(isZip(makeZip([]))).toBe(true);
    expect(isZip(enc('PK'))).toBe(false);
    expect(isZip(enc('{"a":1}'))).toBe(false);
  });
});

describe('readZip', () => {
  it('reads three files in archive order, stored and deflated, skipping folders and macOS junk', async () => {
    const pdf = randomBytes(5000);
    const zip = makeZip([
      { name: 'badges/', data: new Uint8Array(), method: 0 },
      { name: 'badges/one.json', data: json(1) },
      { name: '__MACOSX/badges/._one.json', data: enc('junk') },
      { name: 'badges/.DS_Store', data: enc('junk') },
      { name: 'badges/two.json', data: json(2), method: 0 },
      { name: 'certificate.pdf', data: pdf },
    ]);
    const items = await readZip(zip);
    expect(items.map((i) => i.name)).toEqual([
      'badges/one.json',
      'badges/two.json',
      'certificate.pdf',
    ]);
    expect(items).toEqual([
      { name: 'badges/one.json', bytes: json(1) },
      { name: 'badges/two.json', bytes: json(2) },
      { name: 'certificate.pdf', bytes: new Uint8Array(pdf) },
    ]);
  });

  it('decodes UTF-8 and CP437 names', async () => {
    const cp437 = Uint8Array.from([...enc('caf'), 0x82, ...enc('.json')]); // 0x82 is é in CP437
    const items = await readZip(
      makeZip([
        { name: 'Zertifikat-Übung.json', data: json(1) },
        { name: cp437, data: json(2) },
      ]),
    );
    expect(items.map((i) => i.name)).toEqual(['Zertifikat-Übung.json', 'café.json']);
  });

  it('refuses ../, absolute, drive-letter and backslash names per entry, reading the rest', async () => {
    const items = await readZip(
      makeZip([
        { name: '../evil.json', data: json(1) },
        { name: 'ok.json', data: json(2) },
        { name: '/abs.json', data: json(3) },
        { name: 'C:/Windows/evil.json', data: json(4) },
        { name: '..\\evil.json', data: json(5) },
        { name: 'a/../../b.json', data: json(6) },
      ]),
    );
    expect(summary(items)).toEqual([
      ['../evil.json', 'unsafe-content'],
      ['ok.json', `${json(2).length} bytes`],
      ['/abs.json', 'unsafe-content'],
      ['C:/Windows/evil.json', 'unsafe-content'],
      ['..\\evil.json', 'unsafe-content'],
      ['a/../../b.json', 'unsafe-content'],
    ]);
    expect(errorOf(items, '../evil.json').message).toMatch(/climbs out of the archive/);
    expect(errorOf(items, '/abs.json').message).toMatch(/absolute path/);
    expect(errorOf(items, '..\\evil.json').message).toMatch(/backslash/);
  });

  it('refuses a symlink entry without reading its target', async () => {
    const items = await readZip(
      makeZip([
        { name: 'passwd.json', data: enc('/etc/passwd'), mode: 0o120777, method: 0 },
        { name: 'real.json', data: json(1), mode: 0o100644 },
      ]),
    );
    expect(summary(items)).toEqual([
      ['passwd.json', 'unsafe-content'],
      ['real.json', `${json(1).length} bytes`],
    ]);
    expect(errorOf(items, 'passwd.json').message).toMatch(/symbolic link/);
  });

  it('stops a 200 MB zip bomb at the per-entry cap and keeps reading the archive', async () => {
    const compressed = await deflatedZeros(200 * MB);
    expect(compressed.length).toBeLessThan(MB);
    const zip = makeZip([
      { name: 'bomb.json', compressed, size: 200 * MB, crc: 0 },
      { name: 'after.json', data: json(1) },
    ]);
    const items = await readZip(zip);
    expect(summary(items)).toEqual([
      ['bomb.json', 'too-large'],
      ['after.json', `${json(1).length} bytes`],
    ]);
    expect(errorOf(items, 'bomb.json').message).toMatch(/more than 32 MB/);
  });

  it('refuses an entry inflating beyond the ratio cap (20 MB of zeros)', async () => {
    const items = await readZip(makeZip([{ name: 'zeros.bin', data: new Uint8Array(20 * MB) }]));
    expect(summary(items)).toEqual([['zeros.bin', 'too-large']]);
    expect(errorOf(items, 'zeros.bin').message).toMatch(/more than 200 times its compressed size/);
  });

  it('lets small, very compressible files through the ratio cap', async () => {
    const padded = enc(`{"a":1${' '.repeat(500_000)}}`);
    const items = await readZip(makeZip([{ name: 'padded.json', data: padded }]));
    const [item] = items;
    expect(items).toHaveLength(1);
    expect(item && 'bytes' in item && Buffer.from(item.bytes).equals(padded)).toBe(true);
  });

  it('applies a lowered per-entry cap to incompressible data', async () => {
    const items = await readZip(
      makeZip([
        { name: 'big.bin', data: randomBytes(2 * MB) },
        { name: 'small.json', data: json(1) },
      ]),
      { maxEntryBytes: MB },
    );
    expect(summary(items)).toEqual([
      ['big.bin', 'too-large'],
      ['small.json', `${json(1).length} bytes`],
    ]);
    expect(errorOf(items, 'big.bin').message).toMatch(/more than 1 MB/);
  });

  it('never trusts declared sizes: a bomb declaring 1 KB is stopped just past 1 KB', async () => {
    const compressed = await deflatedZeros(50 * MB);
    const items = await readZip(makeZip([{ name: 'liar.json', compressed, size: 1024, crc: 0 }]));
    expect(summary(items)).toEqual([['liar.json', 'malformed']]);
    const short = await readZip(makeZip([{ name: 'short.json', data: json(1), size: 1_000_000 }]));
    expect(summary(short)).toEqual([['short.json', 'malformed']]);
  });

  it('refuses a ZIP inside a ZIP, by name and by content', async () => {
    const inner = makeZip([{ name: 'inner.json', data: json(1) }]);
    const items = await readZip(
      makeZip([
        { name: 'nested.zip', data: inner },
        { name: 'disguised.json', data: inner },
        { name: 'plain.json', data: json(2) },
      ]),
    );
    expect(summary(items)).toEqual([
      ['nested.zip', 'unsafe-content'],
      ['disguised.json', 'unsafe-content'],
      ['plain.json', `${json(2).length} bytes`],
    ]);
    expect(errorOf(items, 'disguised.json').message).toMatch(
      /archives inside archives are not imported; unpack it first/,
    );
  });

  it('refuses more entries than the cap, as a whole', async () => {
    const specs = Array.from({ length: 11 }, (_, i) => ({ name: `${i}.json`, data: json(i) }));
    const err = await rejection(readZip(makeZip(specs), { maxEntries: 10 }));
    expect(err.code).toBe('too-large');
    expect(err.message).toMatch(/11 entries; Skillfolio reads at most 10/);

    const many = Array.from({ length: DEFAULT_ZIP_LIMITS.maxEntries + 1 }, (_, i) => ({
      name: `${i}`,
      method: 0,
    }));
    expect((await rejection(readZip(makeZip(many)))).code).toBe('too-large');
  });

  it('refuses an archive whose entries together inflate beyond the total cap', async () => {
    const specs = Array.from({ length: 5 }, (_, i) => ({
      name: `${i}.bin`,
      data: randomBytes(MB),
    }));
    const err = await rejection(readZip(makeZip(specs), { maxTotalBytes: 3 * MB }));
    expect(err.code).toBe('too-large');
    expect(err.message).toMatch(/more than 3 MB/);
  });

  it('reports one bad badge among fifty and returns the other 49 whole', async () => {
    const specs = Array.from({ length: 50 }, (_, i) => ({
      name: i === 17 ? '../17.json' : `badges/${i}.json`,
      data: json(i),
    }));
    const items = await readZip(makeZip(specs));
    expect(items).toHaveLength(50);
    const good = items.filter((i) => 'bytes' in i);
    expect(good).toHaveLength(49);
    expect(items[17]).toMatchObject({ name: '../17.json', error: { code: 'unsafe-content' } });
    expect(items[18]).toEqual({ name: 'badges/18.json', bytes: json(18) });
  });

  it('reports a checksum mismatch, encryption and unknown compression per entry', async () => {
    const items = await readZip(
      makeZip([
        { name: 'crc.json', data: json(1), crc: 12345 },
        { name: 'secret.json', data: json(2), flags: 0x801 },
        { name: 'bzip.json', data: json(3), method: 12 },
        { name: 'fine.json', data: json(4) },
      ]),
    );
    expect(summary(items)).toEqual([
      ['crc.json', 'malformed'],
      ['secret.json', 'unsupported-format'],
      ['bzip.json', 'unsupported-format'],
      ['fine.json', `${json(4).length} bytes`],
    ]);
    expect(errorOf(items, 'crc.json').message).toMatch(/checksum/);
    expect(errorOf(items, 'secret.json').message).toMatch(/password-protected/);
    expect(errorOf(items, 'bzip.json').message).toMatch(/bzip2/);
  });

  it('refuses garbage, truncated and empty input as a malformed archive', async () => {
    for (const bytes of [
      randomBytes(4096),
      new Uint8Array(),
      makeZip([{ name: 'a.json', data: json(1) }]).subarray(0, 40),
      enc('PK\u0003\u0004 not really a zip'),
    ]) {
      const err = await rejection(readZip(bytes));
      expect(err.code).toBe('malformed');
      expect(err.message).toMatch(/damaged or not a ZIP archive/);
    }
  });

  it('refuses an archive whose central directory lies about its entry count', async () => {
    const zip = makeZip(
      [
        { name: 'a.json', data: json(1) },
        { name: 'b.json', data: json(2) },
      ],
      {
        declaredCount: 3,
      },
    );
    expect((await rejection(readZip(zip))).code).toBe('malformed');
  });

  it('reads an empty archive as no items', async () => {
    expect(await readZip(makeZip([]))).toEqual([]);
  });
});
