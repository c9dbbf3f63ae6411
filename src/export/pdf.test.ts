import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument, PDFName } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  dbVerifyPresentation,
  emptySnapshot,
  exportFixture,
  NAMES,
  type ExportFixture,
} from '../../test/helpers/export-fixtures';
import { solidPng } from '../../test/helpers/fixtures';
import { tempDir } from '../../test/helpers/library';
import type { PortfolioSnapshot } from '../core/portfolio';
import { cmapFontkit, loadFontFiles } from './fonts';
import { buildPresentation, type BuiltPresentation } from './jsonld';
import { jsonResumeBytes } from './json-resume';
import { createHolderKeys, type HolderKeys } from './keys';
import { buildExportModel } from './model';
import { buildSignedPdf, type BuiltPdf } from './pdf';

type Doc = Record<string, unknown>;

function run(cmd: string, args: string[]): { code: number; out: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

let fx: ExportFixture;
let keys: HolderKeys;
let dir: string;

async function makePdf(
  snapshot: PortfolioSnapshot,
  name: string,
): Promise<{ file: string; pdf: BuiltPdf; vp: BuiltPresentation }> {
  const model = buildExportModel(snapshot);
  const vp = await buildPresentation(model, {
    keys,
    challenge: 'pdf-test',
    domain: 'hr.example.com',
  });
  const pdf = await buildSignedPdf({
    model,
    keys,
    presentation: { bytes: vp.bytes, embeddedRefs: new Set(vp.embedded.map((e) => e.item.ref)) },
    resumeJson: jsonResumeBytes(model),
    originals: vp.beside,
    signingTime: new Date('2025-03-01T09:30:00Z'),
  });
  const file = path.join(dir, name);
  fs.writeFileSync(file, pdf.bytes);
  return { file, pdf, vp };
}

let main: { file: string; pdf: BuiltPdf; vp: BuiltPresentation };
beforeAll(async () => {
  fx = await exportFixture();
  keys = createHolderKeys({ now: new Date('2025-03-01T09:00:00Z'), commonName: NAMES.person });
  dir = tempDir('skillfolio-pdf-');
  main = await makePdf(fx.snapshot, 'portfolio.pdf');
});

describe('signed PDF résumé', () => {
  it('carries a signature pdfsig finds valid and covering the whole document', () => {
    const { out } = run('pdfsig', [main.file]);
    expect(out).toContain('Signature is Valid.');
    expect(out).toContain('Total document signed');
    expect(out).toContain('adbe.pkcs7.detached');
    expect(out).toContain(`Signer Certificate Common Name: ${NAMES.person}`);
  });

  it('fails the signature when one byte changes afterwards', () => {
    const bytes = Buffer.from(main.pdf.bytes);
    const text = bytes.toString('latin1');
    // One byte inside the signed range: the tenth byte of the first stream's data.
    const at = text.indexOf('stream\n') + 'stream\n'.length + 10;
    expect(at).toBeGreaterThan(20);
    bytes[at] = (bytes[at] ?? 0) ^ 0x01;
    const file = path.join(dir, 'tampered.pdf');
    fs.writeFileSync(file, bytes);
    const { out } = run('pdfsig', [file]);
    expect(out).not.toContain('Signature is Valid.');
    expect(out).toMatch(/Digest Mismatch|Signature is Invalid/);
  });

  it('gives applicant-tracking systems the exact names, titles and issuers (Łódź, Ελληνικά, Кириллица)', () => {
    const { code, out } = run('pdftotext', ['-enc', 'UTF-8', main.file, '-']);
    expect(code).toBe(0);
    for (const value of Object.values(NAMES)) expect(out, value).toContain(value);
    expect(out).toContain('Łódź');
    expect(out).toContain('Ελληνικά');
    expect(out).toContain('Кириллица');
    expect(out).toContain('Revoked');
    expect(out).toContain('Data analyst · SQL, statistics and three alphabets');
    // Page 1 is the résumé: every credential title is on it, before the appendix starts.
    const page1 = run('pdftotext', ['-enc', 'UTF-8', '-f', '1', '-l', '1', main.file, '-']).out;
    for (const t of [NAMES.sqlTitle, NAMES.greekTitle, NAMES.cyrillicTitle, NAMES.revokedTitle])
      expect(page1).toContain(t);
    expect(page1).not.toContain('Appendix');
  });

  it('passes qpdf --check', () => {
    const { code, out } = run('qpdf', ['--check', main.file]);
    expect(out).toContain('No syntax or stream encoding errors found');
    expect(code).toBe(0);
  });

  it('attaches the presentation, resume.json and the originals not inside it', async () => {
    const { out } = run('pdfdetach', ['-list', main.file]);
    for (const name of [
      'portfolio.vp.json',
      'resume.json',
      'credential-13.json',
      'credential-14.jwt',
      'credential-16.pdf',
    ]) {
      expect(out).toContain(name);
    }
    expect(out).toContain('5 embedded files');
    const out2 = tempDir('skillfolio-detach-');
    run('pdfdetach', ['-saveall', '-o', out2, main.file]);
    expect(
      fs
        .readFileSync(path.join(out2, 'credential-16.pdf'))
        .equals(Buffer.from(fx.snapshot.credentials[16]!.original.bytes)),
    ).toBe(true);
    const vp = JSON.parse(fs.readFileSync(path.join(out2, 'portfolio.vp.json'), 'utf8')) as Doc;
    expect((await dbVerifyPresentation(vp, 'pdf-test', 'hr.example.com')).verified).toBe(true);
    const doc = await PDFDocument.load(main.pdf.bytes);
    expect(doc.catalog.get(PDFName.of('AF'))).toBeDefined();
    expect(Buffer.from(main.pdf.bytes).toString('latin1')).toMatch(/\/AFRelationship \/Source/);
    expect(Buffer.from(main.pdf.bytes).toString('latin1')).toMatch(
      /\/AFRelationship \/Alternative/,
    );
  });

  it('draws with embedded subset fonts whose glyphs render exactly like the full fonts', async () => {
    const sample =
      'ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞß àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿ ĄąĆćĘęŁłŃńŚśŹźŻż ŠšŽžČčŘřŐőŰű ' +
      'ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ αβγδεζηθικλμνξοπρσςτυφχψω άέήίόύώ ' +
      'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ абвгдеёжзийклмнопрстуфхцчшщъыьэюя ЄІЇҐєіїґ fi ffl “—” ✓✗○';
    const render = async (subset: boolean) => {
      const doc = await PDFDocument.create();
      doc.registerFontkit(cmapFontkit);
      const files = loadFontFiles();
      const reg = await doc.embedFont(files.regular, { subset });
      const bold = await doc.embedFont(files.bold, { subset });
      const words = sample.split(' ');
      const page = doc.addPage([595, words.length * 44 + 40]);
      words.forEach((w, i) => {
        page.drawText(w, { x: 20, y: page.getHeight() - 30 - i * 44, size: 12, font: reg });
        page.drawText(w, { x: 20, y: page.getHeight() - 52 - i * 44, size: 12, font: bold });
      });
      const file = path.join(dir, `glyphs-${subset}.pdf`);
      fs.writeFileSync(file, await doc.save());
      run('pdftoppm', ['-gray', '-r', '72', file, path.join(dir, `glyphs-${subset}`)]);
      return {
        pixels: fs.readFileSync(path.join(dir, `glyphs-${subset}-1.pgm`)),
        text: run('pdftotext', ['-enc', 'UTF-8', file, '-']).out,
      };
    };
    const subset = await render(true);
    const full = await render(false);
    expect(subset.pixels.equals(full.pixels)).toBe(true);
    for (const w of sample.split(' ')) expect(subset.text).toContain(w);
  });

  it('draws the same page when exported again, its badges then taken from the pictures the first export prepared', async () => {
    const again = await makePdf(fx.snapshot, 'again.pdf');
    const page1 = (file: string, name: string) => {
      const rendered = run('pdftoppm', [
        '-f',
        '1',
        '-l',
        '1',
        '-r',
        '60',
        file,
        path.join(dir, name),
      ]);
      expect(rendered.out).not.toMatch(/error/i);
      const png = fs.readdirSync(dir).find((f) => f.startsWith(`${name}-`));
      if (!png) throw new Error(`pdftoppm wrote no page for ${name}`);
      return fs.readFileSync(path.join(dir, png));
    };
    const first = page1(main.file, 'first');
    expect(first.length).toBeGreaterThan(10_000);
    expect(page1(again.file, 'again').equals(first)).toBe(true);
    // Every badge is in the file (with its soft mask when it has transparency).
    const images = (file: string) => {
      const rows = run('pdfimages', ['-list', file]).out.split('\n');
      return ['image', 'smask'].map((t) => rows.filter((r) => r.split(/ +/)[3] === t).length);
    };
    const [pictures, masks] = images(main.file);
    expect(pictures).toBeGreaterThanOrEqual(4);
    expect(images(again.file)).toEqual([pictures, masks]);
    expect(run('pdfsig', [again.file]).out).toContain('Signature is Valid.');
  });

  it('draws many large transparent badges (more pixels than the layout lets wait), each once in the file', async () => {
    const snap = structuredClone(fx.snapshot);
    // 2000×2000 with transparency: 16 MB of pixels each, more than the layout keeps waiting at once.
    const ids = Object.keys(snap.credentials).slice(0, 6);
    ids.forEach((id, i) => {
      snap.credentials[Number(id)]!.image = {
        mediaType: 'image/png',
        bytes: solidPng(2000, 2000, [20 + i * 35, 99, 235, 200]),
      };
    });
    const built = await makePdf(snap, 'large-badges.pdf');
    expect(built.pdf.warnings.filter((w) => /image/i.test(w))).toEqual([]);
    const rows = run('pdfimages', ['-list', built.file]).out.split('\n');
    const large = rows.filter((r) => / image +2000 +2000 /.test(r));
    const masks = rows.filter((r) => / smask +2000 +2000 /.test(r));
    // Each badge is drawn twice (résumé and appendix), from one image object.
    expect(new Set(large.map((r) => r.split(/ +/)[11])).size).toBe(ids.length);
    expect(masks.length).toBe(large.length);
    expect(run('pdfsig', [built.file]).out).toContain('Signature is Valid.');
  });

  it('still exports a portfolio with no credentials, and says so', async () => {
    const empty = await makePdf(emptySnapshot(), 'empty.pdf');
    expect(run('pdfsig', [empty.file]).out).toContain('Signature is Valid.');
    const text = run('pdftotext', ['-enc', 'UTF-8', empty.file, '-']).out;
    expect(text).toContain('Ann Empty');
    expect(text).toContain('No credentials have been added to this portfolio yet.');
    expect(run('qpdf', ['--check', empty.file]).code).toBe(0);
  });

  it('survives hostile badge images, links and names: drawn inert, nothing decoded or linked that should not be', async () => {
    const snap = structuredClone(fx.snapshot);
    const huge = Buffer.from(solidPng(4, 4));
    huge.writeUInt32BE(100_000, 16);
    huge.writeUInt32BE(100_000, 20);
    snap.credentials[11]!.image = { mediaType: 'image/png', bytes: huge };
    snap.credentials[13]!.image = {
      mediaType: 'image/png',
      bytes: Buffer.from(solidPng(8, 8)).subarray(0, 40),
    };
    snap.credentials[13]!.detail.title = `Safe \u202Egnp.exe title ${'x'.repeat(300)}`;
    snap.portfolio.links = ['javascript:alert(1)', 'https://example.org/ok'];
    snap.portfolio.personName = `Mallory ${'M'.repeat(1_000_000)}`;
    const built = await makePdf(snap, 'hostile.pdf');
    expect(run('pdfsig', [built.file]).out).toContain('Signature is Valid.');
    const raw = Buffer.from(built.pdf.bytes).toString('latin1');
    expect(raw).not.toContain('javascript:');
    expect(raw).toContain('(https://example.org/ok)');
    const text = run('pdftotext', ['-enc', 'UTF-8', built.file, '-']).out;
    expect(text).not.toContain('\u202E');
    expect(text).toContain('Safe gnp.exe title');
    expect(built.pdf.warnings.join('\n')).toContain('declares 100000×100000 pixels');
    expect(built.pdf.warnings.join('\n')).toMatch(/could not be read|not drawn/);
    expect(built.pdf.bytes.length).toBeLessThan(2_000_000);
  });
});
