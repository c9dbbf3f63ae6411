// The import use case end to end against a real library: every source kind, every format, and every refusal.
import fs from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { bakePng } from '../formats/png';
import { bakeSvg } from '../formats/svg';
import { dispatch } from './dispatch';
import type { Session } from './session';
import type { ImportResult } from '../core/library';
import type { ImportSource } from '../shared/contract';
import { countCredentials, getCredential } from '../db/credentials';
import {
  clr2Credential,
  newSigningKey,
  ob2Assertion,
  ob3Credential,
  PLAIN_SVG,
  pngChunk,
  solidPng,
  vcJwt,
} from '../../test/helpers/fixtures';
import { snapshot, tempDir, tempSession } from '../../test/helpers/library';
import { writeZip } from '../../test/helpers/zip-writer';
import { startTestServer, type TestHandler } from '../../test/helpers/http-server';

const sessions: Session[] = [];
function session(opts: Parameters<typeof tempSession>[0] = {}): Session {
  const s = tempSession(opts);
  sessions.push(s);
  return s;
}
afterEach(() => {
  while (sessions.length) sessions.pop()?.close();
});

async function importAll(s: Session, sources: ImportSource[], local = true): Promise<ImportResult> {
  const res = await dispatch(s, 'library.import', { sources }, { local });
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`);
  return res.value as ImportResult;
}

const paths = (...p: string[]): ImportSource[] => p.map((x) => ({ kind: 'path', path: x }));

async function mixedFolder(): Promise<string> {
  const dir = tempDir();
  const key = await newSigningKey();
  fs.mkdirSync(path.join(dir, 'nested', 'deeper'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'ob2.json'), ob2Assertion({ n: 1, title: 'Łódź Data Analysis' }));
  fs.writeFileSync(path.join(dir, 'ob3.json'), ob3Credential({ n: 2, title: 'Ελληνικά Python' }));
  fs.writeFileSync(path.join(dir, 'nested', 'cred.jwt'), await vcJwt({ n: 3, title: 'Кириллица SQL' }, key));
  fs.writeFileSync(path.join(dir, 'nested', 'baked.png'), bakePng(solidPng(), 'openbadges', ob2Assertion({ n: 4 })));
  fs.writeFileSync(
    path.join(dir, 'nested', 'deeper', 'baked.svg'),
    bakeSvg(PLAIN_SVG, 'credential', ob3Credential({ n: 5 })),
  );
  fs.writeFileSync(path.join(dir, 'transcript.json'), clr2Credential({ n: 6, count: 3 }));
  return dir;
}

describe('importing a folder of mixed credentials', () => {
  it('imports every format, unverified with a skipped proof check, and links CLR children', async () => {
    const s = session();
    const r = await importAll(s, paths(await mixedFolder()));
    expect(r.rejected).toEqual([]);
    expect(r.duplicates).toEqual([]);
    const formats = r.imported.filter((i) => i.parentId === null).map((i) => i.format).sort();
    expect(formats).toEqual(['clr2', 'ob2', 'ob2', 'ob3', 'ob3', 'ob3']);
    const titles = r.imported.map((i) => i.title);
    expect(titles).toContain('Łódź Data Analysis');
    expect(titles).toContain('Ελληνικά Python');
    expect(titles).toContain('Кириллица SQL');
    expect(r.imported.every((i) => i.verdict === 'unverified')).toBe(true);

    const bundle = r.imported.find((i) => i.format === 'clr2')!;
    const children = r.imported.filter((i) => i.parentId === bundle.id);
    expect(children).toHaveLength(3);
    const detail = getCredential(s.db, bundle.id)!;
    expect(detail.children.sort()).toEqual(children.map((c) => c.id).sort());
    expect(detail.report.checks.find((c) => c.id === 'proof')).toMatchObject({ status: 'skip' });
    expect(detail.report.verdict).toBe('unverified');
    expect(countCredentials(s.db)).toBe(9);
  });

  it('keeps the original bytes verbatim, including a baked PNG, and stores its image', async () => {
    const s = session();
    const dir = tempDir();
    const png = bakePng(solidPng(), 'openbadges', ob2Assertion({ n: 9 }));
    fs.writeFileSync(path.join(dir, 'b.png'), png);
    const r = await importAll(s, paths(path.join(dir, 'b.png')));
    const id = r.imported[0]!.id;
    const orig = await dispatch(s, 'library.original', { id }, { local: false });
    expect(orig.ok && Buffer.from((orig.value as { base64: string }).base64, 'base64').equals(Buffer.from(png))).toBe(true);
    const img = await dispatch(s, 'library.image', { id }, { local: false });
    expect(img.ok && (img.value as { mediaType: string }).mediaType).toBe('image/png');
  });

  it('reports a re-import as duplicates and stores nothing twice', async () => {
    const s = session();
    const dir = await mixedFolder();
    await importAll(s, paths(dir));
    const before = snapshot(s);
    const again = await importAll(s, paths(dir));
    expect(again.imported).toEqual([]);
    expect(again.duplicates).toHaveLength(6);
    expect(again.duplicates.every((d) => d.by === 'bytes')).toBe(true);
    expect(snapshot(s)).toBe(before);
  });

  it('treats the same credential id in different bytes as a duplicate', async () => {
    const s = session();
    const a = JSON.parse(ob3Credential({ n: 7 })) as Record<string, unknown>;
    await importAll(s, [{ kind: 'text', text: JSON.stringify(a) }]);
    const r = await importAll(s, [{ kind: 'text', text: JSON.stringify(a, null, 4) }]);
    expect(r.duplicates).toEqual([expect.objectContaining({ by: 'credential-id' })]);
    expect(countCredentials(s.db)).toBe(1);
  });
});

describe('archives', () => {
  it('imports a backpack ZIP where one bad badge among fifty is rejected and the rest arrive', async () => {
    const s = session();
    const entries = Array.from({ length: 50 }, (_, i) => ({
      name: `badges/badge-${i}.json`,
      data: i === 17 ? '{"broken": ' : ob2Assertion({ n: 100 + i }),
    }));
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'backpack.zip'), writeZip(entries));
    const r = await importAll(s, paths(path.join(dir, 'backpack.zip')));
    expect(r.imported).toHaveLength(49);
    expect(r.rejected).toHaveLength(1);
    expect(r.rejected[0]!.source).toMatch(/backpack\.zip!\/badges\/badge-17\.json$/);
    expect(r.rejected[0]!.error.code).toBe('malformed');
  });

  it('accepts a ZIP uploaded as bytes (browser mode)', async () => {
    const s = session();
    const zip = writeZip([{ name: 'a.json', data: ob3Credential({ n: 1 }) }]);
    const r = await importAll(s, [{ kind: 'bytes', name: 'upload.zip', base64: Buffer.from(zip).toString('base64') }], false);
    expect(r.imported.map((i) => i.source)).toEqual(['upload.zip!/a.json']);
  });
});

describe('URLs and pasted text', () => {
  it('fetches a URL through the guarded fetcher when private networks are allowed', async () => {
    const server = await startTestServer({
      '/badge.json': { status: 200, headers: { 'content-type': 'application/json' }, body: ob3Credential({ n: 11 }) },
    });
    try {
      const s = session({ offline: false, allowPrivateNetwork: true });
      const r = await importAll(s, [{ kind: 'text', text: `${server.url}/badge.json` }]);
      expect(r.imported).toHaveLength(1);
      expect(r.imported[0]!.source).toBe(`${server.url}/badge.json`);
    } finally {
      await server.close();
    }
  });

  it('refuses a loopback URL by default, and says why', async () => {
    const server = await startTestServer({ '/badge.json': { status: 200, body: ob3Credential({ n: 12 }) } });
    try {
      const s = session({ offline: false });
      const r = await importAll(s, [{ kind: 'url', url: `${server.url}/badge.json` }]);
      expect(r.rejected[0]!.error.code).toBe('blocked-address');
      expect(server.hits).toEqual([]);
      expect(countCredentials(s.db)).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('rejects a URL while offline with a clear message', async () => {
    const s = session({ offline: true });
    const r = await importAll(s, [{ kind: 'url', url: 'https://badges.example.org/a/1' }]);
    expect(r.rejected[0]!.error).toMatchObject({ code: 'offline' });
    expect(r.rejected[0]!.error.message).toMatch(/offline/i);
  });

  it('notes, without failing, that a referenced badge class was not fetched offline', async () => {
    const s = session({ offline: true });
    const assertion = JSON.parse(ob2Assertion({ n: 21 })) as Record<string, unknown>;
    assertion.badge = 'https://badges.example.org/badges/21';
    const r = await importAll(s, [{ kind: 'text', text: JSON.stringify(assertion) }]);
    expect(r.imported).toHaveLength(1);
    expect(r.imported[0]!.notes.join(' ')).toMatch(/offline/i);
  });

  it('fetches a referenced badge class and issuer through the guarded fetcher when online', async () => {
    const assertion = JSON.parse(ob2Assertion({ n: 31 })) as Record<string, unknown>;
    const badge = assertion.badge as Record<string, unknown>;
    const issuer = badge.issuer as Record<string, unknown>;
    let origin = '';
    const json = (body: () => unknown): TestHandler => (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body()));
    };
    const server = await startTestServer({
      '/badge.json': json(() => ({ ...badge, name: 'Fetched Badge Class', issuer: `${origin}/issuer.json` })),
      '/issuer.json': json(() => ({ ...issuer, name: 'Fetched Issuer' })),
    });
    origin = server.url;
    try {
      const s = session({ offline: false, allowPrivateNetwork: true });
      const r = await importAll(s, [{ kind: 'text', text: JSON.stringify({ ...assertion, badge: `${origin}/badge.json` }) }]);
      expect(r.imported).toHaveLength(1);
      expect(r.imported[0]!.title).toBe('Fetched Badge Class');
      expect(getCredential(s.db, r.imported[0]!.id)!.issuerName).toBe('Fetched Issuer');
      expect(server.hits).toEqual(['/badge.json', '/issuer.json']);
    } finally {
      await server.close();
    }
  });

  it('refuses path sources from a renderer', async () => {
    const s = session();
    const res = await dispatch(s, 'library.import', { sources: [{ kind: 'text', text: ob3Credential({ n: 1 }) }, ...paths('/etc/passwd')] }, { local: false });
    expect(res).toMatchObject({ ok: false, error: { code: 'bad-input' } });
  });
});

describe('hostile input: a clear error, nothing stored, the library unchanged', () => {
  const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
  const pngWithChunk = (type: string, data: Buffer, badCrc = false): Uint8Array => {
    const png = Buffer.from(solidPng(4, 4));
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'ascii');
    const crc = Buffer.alloc(4, badCrc ? 0x13 : 0);
    const chunk = Buffer.concat([head, data, crc]);
    // insert after IHDR (8 signature + 25 IHDR)
    return new Uint8Array(Buffer.concat([png.subarray(0, 33), chunk, png.subarray(33)]));
  };
  const cases: Array<[string, () => Uint8Array | string, string[]]> = [
    ['__proto__ key', () => '{"__proto__":{"polluted":1},"type":"Assertion"}', ['unsafe-content']],
    ['constructor key', () => '{"constructor":{"prototype":{"x":1}}}', ['unsafe-content']],
    ['100k-deep nesting', () => deep(100_000), ['too-large']],
    ['non-UTF-8 bytes', () => new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), ['encoding']],
    ['trailing garbage', () => ob3Credential({ n: 1 }) + ' garbage', ['malformed']],
    ['not a credential at all', () => 'hello, this is a shopping list', ['unsupported-format']],
    ['PNG with two credential chunks', () => {
      const once = Buffer.from(bakePng(solidPng(), 'openbadges', ob2Assertion({ n: 1 })));
      const second = pngChunk('iTXt', Buffer.from(`openbadgecredential\0\0\0\0\0${ob3Credential({ n: 2 })}`));
      return new Uint8Array(Buffer.concat([once.subarray(0, 33), second, once.subarray(33)]));
    }, ['unsafe-content']],
    ['PNG with a 2 GB chunk length', () => {
      const png = Buffer.from(solidPng(4, 4));
      const bad = Buffer.concat([png.subarray(0, 33), Buffer.from([0x7f, 0xff, 0xff, 0xff]), Buffer.from('iTXt'), Buffer.from('openbadges\0')]);
      return new Uint8Array(bad);
    }, ['too-large', 'malformed']],
    ['PNG with a bad CRC', () => pngWithChunk('iTXt', Buffer.from(`openbadges\0\0\0\0\0${ob2Assertion({ n: 1 })}`), true), ['malformed']],
    ['PNG with an iTXt decompression bomb', () => {
      const bomb = deflateSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
      const png = Buffer.from(solidPng(4, 4));
      const chunk = pngChunk('iTXt', Buffer.concat([Buffer.from('openbadges\0\x01\x00\0\0', 'latin1'), bomb]));
      return new Uint8Array(Buffer.concat([png.subarray(0, 33), chunk, png.subarray(33)]));
    }, ['too-large']],
    ['SVG with billion laughs', () => '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org"><openbadges:credential>&b;</openbadges:credential></svg>', ['unsafe-content']],
    ['SVG with an external entity', () => '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org"><openbadges:credential>&x;</openbadges:credential></svg>', ['unsafe-content']],
    ['SVG with a script', () => `<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org"><script>alert(1)</script><openbadges:credential><![CDATA[${ob3Credential({ n: 1 })}]]></openbadges:credential></svg>`, ['unsafe-content']],
    ['SVG with an onload handler', () => `<svg xmlns="http://www.w3.org/2000/svg" onload="fetch('https://tracker.example')" xmlns:openbadges="http://openbadges.org"><openbadges:credential><![CDATA[${ob3Credential({ n: 1 })}]]></openbadges:credential></svg>`, ['unsafe-content']],
    ['ZIP inside a ZIP', () => writeZip([{ name: 'inner.zip', data: writeZip([{ name: 'a.json', data: ob3Credential({ n: 1 }) }]), store: true }]), ['unsafe-content']],
    ['a truncated ZIP', () => writeZip([{ name: 'a.json', data: ob3Credential({ n: 1 }) }]).subarray(0, 60), ['malformed']],
  ];
  for (const [name, make, codes] of cases) {
    it(name, async () => {
      const s = session();
      await importAll(s, [{ kind: 'text', text: ob3Credential({ n: 999, title: 'Already here' }) }]);
      const before = snapshot(s);
      const dir = tempDir();
      const file = path.join(dir, 'hostile.bin');
      fs.writeFileSync(file, make());
      const r = await importAll(s, paths(file));
      expect(r.imported).toEqual([]);
      expect(r.rejected).toHaveLength(1);
      expect(codes).toContain(r.rejected[0]!.error.code);
      expect(r.rejected[0]!.error.message.length).toBeGreaterThan(10);
      expect(snapshot(s)).toBe(before);
    });
  }

  it('refuses a 200 MB file without reading it', async () => {
    const s = session();
    const dir = tempDir();
    const file = path.join(dir, 'huge.json');
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, '{"a":"');
    fs.ftruncateSync(fd, 200 * 1024 * 1024);
    fs.closeSync(fd);
    const r = await importAll(s, paths(file));
    expect(r.rejected[0]!.error.code).toBe('too-large');
    expect(r.rejected[0]!.error.message).toMatch(/200 MB/);
    expect(countCredentials(s.db)).toBe(0);
  });

  it('refuses dangerous ZIP entries one by one and keeps the good ones', async () => {
    const s = session();
    const inner = writeZip([{ name: 'x.json', data: ob3Credential({ n: 5 }) }]);
    const zip = writeZip([
      { name: 'good.json', data: ob3Credential({ n: 1 }) },
      { name: '../escape.json', data: ob3Credential({ n: 2 }) },
      { name: '/abs.json', data: ob3Credential({ n: 3 }) },
      { name: 'link.json', data: '/etc/passwd', store: true, unixMode: 0o120777 },
      { name: 'inner.zip', data: inner, store: true },
    ]);
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'evil.zip'), zip);
    const r = await importAll(s, paths(path.join(dir, 'evil.zip')));
    expect(r.imported.map((i) => i.source)).toEqual([`${path.join(dir, 'evil.zip')}!/good.json`]);
    // Entries with unsafe names may be refused individually or make the archive unreadable; either way nothing else lands.
    expect(r.rejected.length).toBeGreaterThanOrEqual(3);
    expect(r.rejected.every((x) => ['unsafe-content', 'malformed'].includes(x.error.code))).toBe(true);
    expect(countCredentials(s.db)).toBe(1);
  });

  it('refuses a ZIP bomb measured on actual bytes', async () => {
    const s = session();
    const zeros = new Uint8Array(64 * 1024 * 1024);
    const zip = writeZip([{ name: 'bomb.json', data: zeros }]);
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'bomb.zip'), zip);
    const r = await importAll(s, paths(path.join(dir, 'bomb.zip')));
    expect(r.rejected[0]!.error.code).toBe('too-large');
    expect(countCredentials(s.db)).toBe(0);
  });
});

describe('storage failures', () => {
  it('stores the rest of a batch when one item fails in the database, and never half of that item', async () => {
    const s = session();
    // Fault injection at the SQLite edge: the row for one credential is refused when it is written.
    s.db.exec(`CREATE TEMP TRIGGER poison BEFORE INSERT ON credentials WHEN NEW.title = 'Course 2 of transcript 7'
      BEGIN SELECT RAISE(ABORT, 'disk sector unreadable'); END`);
    const sources: ImportSource[] = [
      ...Array.from({ length: 5 }, (_, i): ImportSource => ({ kind: 'text', text: ob3Credential({ n: 200 + i }) })),
      { kind: 'text', text: clr2Credential({ n: 7, count: 3 }), name: 'transcript.json' },
      ...Array.from({ length: 4 }, (_, i): ImportSource => ({ kind: 'text', text: ob2Assertion({ n: 300 + i }) })),
    ];
    const r = await importAll(s, sources);
    expect(r.imported).toHaveLength(9);
    expect(r.rejected).toEqual([{ source: 'transcript.json', error: expect.objectContaining({ code: 'internal' }) }]);
    // Neither the bundle nor its first (valid) child stayed behind.
    expect(countCredentials(s.db)).toBe(9);
    expect(s.db.prepare("SELECT count(*) AS n FROM credentials WHERE title LIKE '%transcript 7%'").get()).toEqual({ n: 0 });
  });

  it('rolls back a batch when the disk is full, reports it, and the library still opens', async () => {
    const s = session();
    await importAll(s, [{ kind: 'text', text: ob3Credential({ n: 1 }) }]);
    const before = snapshot(s);
    const pages = (s.db.pragma('page_count', { simple: true }) as number) + 2;
    s.db.pragma(`max_page_count = ${pages}`);
    const big = Array.from({ length: 40 }, (_, i): ImportSource => ({
      kind: 'text',
      text: ob3Credential({ n: 100 + i, description: 'x'.repeat(20_000) }),
    }));
    const r = await importAll(s, big);
    expect(r.imported).toEqual([]);
    expect(r.rejected).toHaveLength(40);
    expect(r.rejected[0]!.error.code).toBe('library');
    expect(snapshot(s)).toBe(before);
    expect(s.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
