import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { rejection } from '../../test/helpers/errors';
import {
  dbSignedPresentation,
  emptySnapshot,
  exportFixture,
  NAMES,
  type ExportFixture,
} from '../../test/helpers/export-fixtures';
import { tempDir } from '../../test/helpers/library';
import { AppError } from '../shared/errors';
import { createFetcher } from '../verify/fetcher';
import type { VerifyEnv } from '../verify/types';
import { exportPortfolio, type ExportResult } from './export';
import { createHolderKeys, type HolderKeys } from './keys';
import { verifyExport, type VerifyExportOptions } from './verify-export';

const env: VerifyEnv = {
  fetcher: createFetcher({ offline: true, allowPrivateNetwork: false, now: () => new Date() }),
  now: () => new Date('2025-03-02T10:00:00Z'),
  identities: [],
};

/** A strict stand-in for the formats layer's capped JSON reader (the service passes the real one). */
function parseJson(bytes: Uint8Array, what: string): unknown {
  if (bytes.length > 16 * 1024 * 1024) throw new AppError('too-large', `${what} is too large.`);
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  if (/"__proto__"\s*:/.test(text))
    throw new AppError('unsafe-content', `${what} has a forbidden key.`);
  return JSON.parse(text);
}

function opts(dir?: string): VerifyExportOptions {
  return {
    env,
    parseJson,
    ...(dir
      ? {
          sibling: async (name: string) =>
            fs.promises.readFile(path.join(dir, path.basename(name))).catch(() => null),
        }
      : {}),
  };
}

let fx: ExportFixture;
let keys: HolderKeys;
let dir: string;
let result: ExportResult;
const file = (name: string) => path.join(dir, name);

beforeAll(async () => {
  fx = await exportFixture();
  keys = createHolderKeys({ now: new Date('2025-03-01T09:00:00Z'), commonName: NAMES.person });
  dir = tempDir('skillfolio-export-');
  result = await exportPortfolio({
    snapshot: fx.snapshot,
    keys,
    targets: {
      pdf: file('portfolio.pdf'),
      jsonld: file('portfolio.vp.json'),
      jwt: file('portfolio.vp.jwt'),
      jsonResume: file('resume.json'),
    },
    challenge: 'job-77',
    domain: 'hr.example.com',
    now: new Date('2025-03-01T09:30:00Z'),
  });
});

describe('an export run', () => {
  it('writes every requested file whole, the originals beside the presentation, and lists them', () => {
    const written = result.files.map((f) => [f.kind, path.basename(f.path)]);
    expect(written).toEqual([
      ['original', 'credential-13.json'],
      ['original', 'credential-16.pdf'],
      ['original', 'credential-14.jwt'],
      ['jsonld', 'portfolio.vp.json'],
      ['jwt', 'portfolio.vp.jwt'],
      ['json-resume', 'resume.json'],
      ['pdf', 'portfolio.pdf'],
    ]);
    for (const f of result.files) {
      const bytes = fs.readFileSync(f.path);
      expect(bytes.length).toBe(f.bytes);
      expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(f.sha256);
    }
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(
      fs
        .readFileSync(file('credential-13.json'))
        .equals(Buffer.from(fx.snapshot.credentials[13]!.original.bytes)),
    ).toBe(true);
  });

  it('says what it did: holder, challenge, which credentials travel inside, warnings, LinkedIn links', () => {
    expect(result.holder).toMatchObject({ did: keys.holder.did, created: false });
    expect(result.challenge).toBe('job-77');
    expect(result.domain).toBe('hr.example.com');
    expect(result.credentials.map((c) => [c.id, c.inside])).toEqual([
      [13, false],
      [16, false],
      [14, false],
      [11, true],
      [12, true],
      [15, true],
    ]);
    const revoked = result.credentials.find((c) => c.id === 15);
    expect(revoked?.trust).toBe('Revoked');
    expect(result.warnings).toContain(
      `"${NAMES.revokedTitle}" is revoked; it is included and labelled "Revoked".`,
    );
    expect(result.warnings.join('\n')).toContain(
      `The badge image of "${NAMES.revokedTitle}" is missing from the library`,
    );
    const li = new URL(result.credentials[0]?.linkedIn ?? '');
    expect(li.searchParams.get('name')).toBe(NAMES.sqlTitle);
    expect(li.searchParams.get('organizationName')).toBe(NAMES.sqlIssuer);
    expect(li.searchParams.get('certUrl')).toBe('https://badges.example.org/assertions/13');
  });

  it('exports a portfolio with no entries and says so', async () => {
    const d = tempDir('skillfolio-empty-');
    const r = await exportPortfolio({
      snapshot: emptySnapshot(),
      keys,
      keysCreated: true,
      targets: {
        pdf: path.join(d, 'p.pdf'),
        jsonld: path.join(d, 'p.json'),
        jsonResume: path.join(d, 'r.json'),
      },
      now: new Date(),
    });
    expect(r.files.map((f) => f.kind)).toEqual(['jsonld', 'json-resume', 'pdf']);
    expect(r.warnings).toContain(
      'The portfolio has no credentials yet; the export holds only the profile.',
    );
    expect(r.holder.created).toBe(true);
    const v = await verifyExport(fs.readFileSync(path.join(d, 'p.pdf')), opts());
    expect(v.verdict).toBe('verified');
  });

  it('writes nothing when a target folder does not exist, or when no file is named', async () => {
    const d = tempDir('skillfolio-nothing-');
    const err = await rejection(
      exportPortfolio({
        snapshot: fx.snapshot,
        keys,
        targets: { jsonld: path.join(d, 'p.json'), pdf: path.join(d, 'missing', 'p.pdf') },
        now: new Date(),
      }),
    );
    expect(err.message).toContain('does not exist; nothing was written');
    expect(fs.readdirSync(d)).toEqual([]);
    expect(
      (
        await rejection(
          exportPortfolio({ snapshot: fx.snapshot, keys, targets: {}, now: new Date() }),
        )
      ).code,
    ).toBe('bad-input');
    expect(
      (
        await rejection(
          exportPortfolio({
            snapshot: fx.snapshot,
            keys,
            targets: { pdf: path.join(d, 'a'), jsonld: path.join(d, 'a') },
            now: new Date(),
          }),
        )
      ).message,
    ).toBe('Each export format needs its own file name.');
  });
});

describe('verify-export', () => {
  it('verifies the PDF: signature over the whole file, holder proof, every credential, every digest', async () => {
    const v = await verifyExport(fs.readFileSync(file('portfolio.pdf')), opts());
    expect(v.kind).toBe('pdf');
    expect(v.verdict).toBe('verified');
    const byId = Object.fromEntries(v.checks.map((c) => [c.id, c.status]));
    expect(byId).toMatchObject({
      signature: 'pass',
      coverage: 'pass',
      'holder-proof': 'pass',
      holder: 'pass',
      binding: 'pass',
      'digest:credential-13.json': 'pass',
      'digest:credential-14.jwt': 'pass',
      'digest:credential-16.pdf': 'pass',
    });
    expect(v.holder).toBe(keys.holder.did);
    expect(v.challenge).toBe('job-77');
    expect(v.signer?.uris).toEqual([keys.holder.did]);
    expect(v.signer?.subject).toContain(NAMES.person);
    expect(v.attachments.sort()).toEqual([
      'credential-13.json',
      'credential-14.jwt',
      'credential-16.pdf',
      'portfolio.vp.json',
      'resume.json',
    ]);
    const inside = v.credentials.filter((c) => c.source === 'presentation');
    expect(inside.map((c) => c.verdict)).toEqual(['verified', 'verified', 'verified', 'verified']);
    expect(v.credentials.filter((c) => c.source === 'attachment')).toHaveLength(3);
  });

  it('attaches a credential the presentation could not carry, and its appendix says so', async () => {
    // Its unknown context is found only while signing: the PDF, laid out meanwhile, must follow.
    const snap = structuredClone(fx.snapshot);
    const doc = structuredClone(fx.diOriginals[12]!);
    doc['@context'] = [...(doc['@context'] as string[]), 'https://unknown.example/context.json'];
    snap.credentials[12]!.original = {
      mediaType: 'application/ld+json',
      bytes: Buffer.from(JSON.stringify(doc)),
    };
    const d = tempDir('skillfolio-beside-');
    const r = await exportPortfolio({
      snapshot: snap,
      keys,
      targets: { pdf: path.join(d, 'p.pdf') },
      now: new Date('2025-03-01T09:30:00Z'),
    });
    expect(r.credentials.find((c) => c.id === 12)?.inside).toBe(false);
    const v = await verifyExport(fs.readFileSync(path.join(d, 'p.pdf')), opts());
    const byId = Object.fromEntries(v.checks.map((c) => [c.id, c.status]));
    expect(byId).toMatchObject({ signature: 'pass', coverage: 'pass', 'holder-proof': 'pass' });
    expect(v.attachments).toContain('credential-12.jsonld');
    expect(v.checks.find((c) => c.id === 'digest:credential-12.jsonld')?.status).toBe('pass');
    const text = spawnSync('pdftotext', [path.join(d, 'p.pdf'), '-'], {
      encoding: 'utf8',
    }).stdout.replace(/\s+/g, ' ');
    expect(text).toContain('Original: attached as credential-12.jsonld');
    expect(text.match(/Original: inside portfolio\.vp\.json/g)).toHaveLength(2);
  });

  it('fails a PDF changed by one byte, or with bytes appended after the signature', async () => {
    const bytes = Buffer.from(fs.readFileSync(file('portfolio.pdf')));
    const at = bytes.indexOf('stream\n') + 20;
    bytes[at] = (bytes[at] ?? 0) ^ 0xff;
    const v = await verifyExport(bytes, opts());
    expect(v.verdict).toBe('invalid');
    expect(v.checks.find((c) => c.id === 'signature')?.message).toBe(
      'The document does not match its signature: it was changed after signing.',
    );
    const appended = Buffer.concat([
      fs.readFileSync(file('portfolio.pdf')),
      Buffer.from('\n% added later\n'),
    ]);
    const w = await verifyExport(appended, opts());
    expect(w.verdict).toBe('invalid');
    expect(w.checks.find((c) => c.id === 'coverage')?.status).toBe('fail');
  });

  it('verifies the JSON-LD presentation with its originals beside it, and notices a changed original', async () => {
    const v = await verifyExport(fs.readFileSync(file('portfolio.vp.json')), opts(dir));
    expect(v.kind).toBe('presentation');
    expect(v.verdict).toBe('verified');
    expect(v.checks.filter((c) => c.id.startsWith('digest:')).map((c) => c.status)).toEqual([
      'pass',
      'pass',
      'pass',
    ]);
    // Alone (no folder), digests are not checked but nothing is called broken.
    const alone = await verifyExport(fs.readFileSync(file('portfolio.vp.json')), opts());
    expect(alone.verdict).toBe('verified');
    expect(alone.checks.filter((c) => c.id.startsWith('digest:')).map((c) => c.status)).toEqual([
      'skip',
      'skip',
      'skip',
    ]);
    const other = tempDir('skillfolio-changed-');
    fs.copyFileSync(file('portfolio.vp.json'), path.join(other, 'portfolio.vp.json'));
    fs.copyFileSync(file('credential-14.jwt'), path.join(other, 'credential-14.jwt'));
    fs.copyFileSync(file('credential-16.pdf'), path.join(other, 'credential-16.pdf'));
    fs.writeFileSync(
      path.join(other, 'credential-13.json'),
      fs.readFileSync(file('credential-13.json'), 'utf8').replace('SQL', 'SQL!'),
    );
    const changed = await verifyExport(
      fs.readFileSync(path.join(other, 'portfolio.vp.json')),
      opts(other),
    );
    expect(changed.verdict).toBe('invalid');
    expect(changed.checks.find((c) => c.id === 'digest:credential-13.json')?.message).toContain(
      'it was changed',
    );
  });

  it('fails a presentation whose résumé or embedded credential was edited', async () => {
    const text = fs.readFileSync(file('portfolio.vp.json'), 'utf8');
    const resumeEdited = await verifyExport(
      Buffer.from(text.replace(NAMES.person, 'Someone Else')),
      opts(),
    );
    expect(resumeEdited.verdict).toBe('invalid');
    expect(resumeEdited.checks.find((c) => c.id === 'holder-proof')?.status).toBe('fail');
    const vp = JSON.parse(text) as {
      verifiableCredential: Array<Record<string, unknown>>;
      proof: unknown;
    };
    vp.verifiableCredential[1]!.name = 'Forged title';
    const forged = await verifyExport(Buffer.from(JSON.stringify(vp)), opts());
    expect(forged.verdict).toBe('invalid');
    expect(forged.credentials.find((c) => c.name === 'Forged title')?.verdict).toBe('invalid');
  });

  it('verifies the vp+jwt and its enveloped JWT credential, and fails an edited one', async () => {
    const token = fs.readFileSync(file('portfolio.vp.jwt'), 'utf8');
    const v = await verifyExport(Buffer.from(token), opts(dir));
    expect(v.kind).toBe('presentation-jwt');
    expect(v.verdict).toBe('verified');
    expect(v.challenge).toBe('job-77');
    expect(v.domain).toBe('hr.example.com');
    expect(v.credentials.find((c) => c.source === 'enveloped')).toBeDefined();
    const [h, p, s] = token.split('.');
    const payload = JSON.parse(Buffer.from(p ?? '', 'base64url').toString('utf8'));
    payload.holder = 'did:key:z6MkattackerAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    const edited = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    expect((await verifyExport(Buffer.from(edited), opts())).verdict).toBe('invalid');
  });

  it('refuses an encrypted PDF, an attachment that inflates past the cap, and an unsigned vp+jwt', async () => {
    const encrypted = path.join(dir, 'encrypted.pdf');
    const q = spawnSync('qpdf', [
      '--encrypt',
      'u',
      'o',
      '256',
      '--',
      file('portfolio.pdf'),
      encrypted,
    ]);
    expect(q.status).toBe(0);
    const enc = await rejection(verifyExport(fs.readFileSync(encrypted), opts()));
    expect(enc.code).toBe('unsupported-format');
    expect(enc.message).toContain('encrypted');

    const bomb = await PDFDocument.create();
    bomb.addPage();
    await bomb.attach(new Uint8Array(70 * 1024 * 1024), 'portfolio.vp.json', {
      mimeType: 'application/json',
    });
    const big = await rejection(verifyExport(await bomb.save(), opts()));
    expect(big.code).toBe('too-large');

    const header = Buffer.from(
      JSON.stringify({ alg: 'none', kid: keys.holder.verificationMethod }),
    ).toString('base64url');
    const body = Buffer.from(
      JSON.stringify({ type: ['VerifiablePresentation'], holder: keys.holder.did }),
    ).toString('base64url');
    const none = await verifyExport(Buffer.from(`${header}.${body}.AAAA`), opts());
    expect(none.verdict).toBe('invalid');
    expect(none.checks[0]?.message).toContain('not signed at all');
  });

  it('verifies a presentation someone else produced (Digital Bazaar vc, another did:key)', async () => {
    const { presentation, holder } = await dbSignedPresentation(
      [fx.diOriginals[11]!],
      'their-nonce',
      'them.example',
    );
    const v = await verifyExport(Buffer.from(JSON.stringify(presentation)), opts());
    expect(v.verdict).toBe('verified');
    expect(v.holder).toBe(holder);
    expect(v.challenge).toBe('their-nonce');
    expect(v.credentials.map((c) => c.verdict)).toEqual(['verified']);
  });

  it('refuses what is not an export: random bytes, other JSON, hostile JSON, a truncated PDF', async () => {
    // Bytes that cannot begin like JSON, a JWT or a PDF (random ones sometimes start with "{").
    const noise = Buffer.concat([Buffer.from([0xfe]), crypto.randomBytes(63)]);
    expect((await rejection(verifyExport(noise, opts()))).code).toBe(
      'unsupported-format',
    );
    expect((await rejection(verifyExport(Buffer.from('{"type":"Thing"}'), opts()))).code).toBe(
      'unsupported-format',
    );
    expect(
      (
        await rejection(
          verifyExport(
            Buffer.from('{"__proto__":{"x":1},"type":"VerifiablePresentation"}'),
            opts(),
          ),
        )
      ).code,
    ).toBe('unsafe-content');
    const pdf = fs.readFileSync(file('portfolio.pdf'));
    const truncated = await verifyExport(pdf.subarray(0, Math.floor(pdf.length / 3)), opts()).catch(
      (e: unknown) => e,
    );
    if (truncated instanceof AppError)
      expect(['malformed', 'unsupported-format']).toContain(truncated.code);
    else expect((truncated as { verdict: string }).verdict).toBe('invalid');
    const unsigned = Buffer.from(
      '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
    );
    const u = await verifyExport(unsigned, opts());
    expect(u.verdict).toBe('invalid');
    expect(u.checks[0]).toMatchObject({
      id: 'signature',
      status: 'fail',
      message: 'The PDF is not signed.',
    });
  });
});
