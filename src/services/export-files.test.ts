// Exporting from a window: the files come back as bytes (the same a CLI export writes), verify, and leave nothing behind on disk.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, refusal } from '../../test/helpers/dispatch';
import { ob2Assertion, ob3Credential } from '../../test/helpers/fixtures';
import { tempDir, tempSession } from '../../test/helpers/library';
import { newIssuerKey, ob3By, signDi } from '../../test/helpers/signing';
import type { ExportedFiles } from '../shared/contract';
import { exportFileStem } from './export-files';
import type { Session } from './session';

const NOW = new Date('2025-05-01T10:00:00Z');

let s: Session;
let portfolioId: number;
let exported: ExportedFiles;
let scratch: string;
const savedTmp = process.env.TMPDIR;
let exportTmp: string;

/** The export's own temporary folders (tempSession makes its libraries under TMPDIR too). */
function leftovers(): string[] {
  return fs.readdirSync(exportTmp).filter((n) => /^skillfolio-export-[A-Za-z0-9]{6}$/.test(n));
}

beforeAll(async () => {
  // The export's private folder is made under TMPDIR: a folder of our own shows that it goes away.
  exportTmp = tempDir('skillfolio-export-tmp-');
  process.env.TMPDIR = exportTmp;
  scratch = tempDir('skillfolio-scratch-');
  s = tempSession({ now: () => NOW });
  const issuer = newIssuerKey();
  const signed = await signDi(ob3By(issuer, { n: 1, title: 'Data Analysis with SQL' }), issuer);
  const r = await call(s, 'library.import', {
    sources: [
      { kind: 'text', text: JSON.stringify(signed), name: 'signed.json' },
      { kind: 'text', text: ob2Assertion({ n: 2, title: 'Hosted Badge' }), name: 'ob2.json' },
      { kind: 'text', text: ob3Credential({ n: 3, title: 'Python Basics' }), name: 'ob3.json' },
    ],
  });
  expect(r.rejected).toEqual([]);
  const p = await call(s, 'portfolio.create', {
    name: 'Data Analyst — Łódź 2025',
    personName: 'Zofia Kowalska',
  });
  portfolioId = p.id;
  await call(s, 'portfolio.addEntries', {
    id: p.id,
    credentialIds: r.imported.map((i) => i.id),
  });
  exported = await call(s, 'portfolio.exportFiles', {
    id: p.id,
    formats: ['jsonResume', 'jwt', 'jsonld', 'pdf'],
  });
}, 60_000);

afterAll(() => {
  s?.close();
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  for (const dir of [scratch, exportTmp]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function file(kind: string) {
  const f = exported.files.find((x) => x.kind === kind);
  if (!f) throw new Error(`no ${kind} file in ${exported.files.map((x) => x.name).join(', ')}`);
  return { ...f, data: Buffer.from(f.base64, 'base64') };
}

describe('portfolio.exportFiles', () => {
  it('answers a window with every requested file, named after the portfolio, main files first', () => {
    const names = exported.files.map((f) => f.name);
    expect(names.slice(0, 4)).toEqual([
      'data-analyst-łódź-2025.pdf',
      'data-analyst-łódź-2025.vp.json',
      'data-analyst-łódź-2025.vp.jwt',
      'data-analyst-łódź-2025.resume.json',
    ]);
    expect(exported.files.map((f) => f.mediaType).slice(0, 4)).toEqual([
      'application/pdf',
      'application/ld+json',
      'application/jwt',
      'application/json',
    ]);
    // The OB 2.0 assertion cannot travel inside the presentation: it comes along under the name the presentation records.
    const originals = exported.files.filter((f) => f.kind === 'original');
    expect(originals.length).toBeGreaterThan(0);
    const vp = file('jsonld').data.toString('utf8');
    for (const o of originals) {
      expect(o.name).toMatch(/^credential-\d+\.[a-z]+$/);
      expect(vp).toContain(o.name);
    }
  });

  it('hands over exactly the bytes it reports', () => {
    for (const f of exported.files) {
      const data = Buffer.from(f.base64, 'base64');
      expect(data.length).toBe(f.bytes);
      expect(crypto.createHash('sha256').update(data).digest('hex')).toBe(f.sha256);
    }
    expect(file('pdf').data.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const resume = JSON.parse(file('json-resume').data.toString('utf8')) as {
      basics: { name: string };
    };
    expect(resume.basics.name).toBe('Zofia Kowalska');
    expect(exported.holder.did).toMatch(/^did:key:z/);
    expect(exported.holder.created).toBe(true);
    expect(exported.credentials.map((c) => c.title).sort()).toEqual([
      'Data Analysis with SQL',
      'Hosted Badge',
      'Python Basics',
    ]);
  });

  it('makes a PDF pdfsig finds validly signed over the whole file', () => {
    const pdf = path.join(scratch, 'saved.pdf');
    fs.writeFileSync(pdf, file('pdf').data);
    const out = spawnSync('pdfsig', [pdf], { encoding: 'utf8' });
    expect(out.stdout).toContain('Signature is Valid.');
    expect(out.stdout).toContain('Total document signed');
  });

  it('gives bytes that export.verify (the "Verify this file" of the window) finds verified', async () => {
    for (const kind of ['pdf', 'jsonld', 'jwt']) {
      const f = file(kind);
      const v = await call(s, 'export.verify', { file: { name: f.name, base64: f.base64 } });
      expect(`${kind}: ${v.verdict}`).toBe(`${kind}: verified`);
    }
  });

  it('leaves no temporary files behind, after a success or a failure', async () => {
    expect(leftovers()).toEqual([]);
    const missing = await refusal(s, 'portfolio.exportFiles', { id: 999, formats: ['pdf'] });
    expect(missing.code).toBe('not-found');
    expect(leftovers()).toEqual([]);
  });

  it('asks for the passphrase of keys sealed with one, and works with it', async () => {
    const other = tempSession({ now: () => NOW });
    try {
      await call(other, 'keys.rotate', { passphrase: 'correct horse' });
      const p = await call(other, 'portfolio.create', { name: 'Empty' });
      const refused = await refusal(other, 'portfolio.exportFiles', {
        id: p.id,
        formats: ['jsonld'],
      });
      expect(refused.message).toMatch(/passphrase/);
      const ok = await call(other, 'portfolio.exportFiles', {
        id: p.id,
        formats: ['jsonld'],
        passphrase: 'correct horse',
      });
      expect(ok.files.map((f) => f.name)).toEqual(['empty.vp.json']);
      expect(leftovers()).toEqual([]);
    } finally {
      other.close();
    }
  }, 30_000);

  it.each([
    ['no format', { formats: [] }],
    ['an unknown format', { formats: ['docx'] }],
    ['a format twice', { formats: ['pdf', 'pdf'] }],
    ['a path to write to', { formats: ['pdf'], pdf: '/tmp/evil.pdf' }],
    ['a huge challenge', { formats: ['pdf'], challenge: 'x'.repeat(10_000) }],
  ])('refuses %s with bad-input and writes nothing', async (_what, extra) => {
    const before = fs.readdirSync(os.tmpdir());
    const err = await refusal(s, 'portfolio.exportFiles', { id: portfolioId, ...extra });
    expect(err.code).toBe('bad-input');
    expect(fs.readdirSync(os.tmpdir())).toEqual(before);
    expect(fs.existsSync('/tmp/evil.pdf')).toBe(false);
  });
});

describe('exportFileStem', () => {
  it.each([
    ['Data Analyst', 'data-analyst'],
    ['Ελληνικά CV', 'ελληνικά-cv'],
    ['../../etc/passwd', 'etc-passwd'],
    ['C:\\Windows\\system32', 'c-windows-system32'],
    ['\u202Egnp.exe', 'gnp-exe'],
    ['CON', 'portfolio'],
    ['***', 'portfolio'],
    ['a'.repeat(500), 'a'.repeat(60)],
  ])('makes a safe file name of %j', (name, stem) => {
    expect(exportFileStem(name)).toBe(stem);
  });
});
