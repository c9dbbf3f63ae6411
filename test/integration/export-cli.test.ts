// Exports from the command line, end to end: a real library, portfolio, keys in the library folder, files on disk, verify-export.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run';
import { bakePng } from '../../src/formats/png';
import { ob2Assertion, solidPng } from '../helpers/fixtures';
import { tempDir } from '../helpers/library';
import { newIssuerKey, ob3By, signDi, signVcJwt } from '../helpers/signing';

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    readStdin: () => new Uint8Array(),
    isTTY: false,
    env,
    confirm: () => null,
  });
  return { code, stdout, stderr };
}

const pdfsig = (file: string) => spawnSync('pdfsig', [file], { encoding: 'utf8' }).stdout;

/** A library holding a signed OB 3.0 credential, the same baked into a PNG, a VC-JWT and a hosted OB 2.0 badge, in one portfolio. */
async function libraryWithPortfolio(): Promise<{ lib: string; out: string }> {
  const issuer = newIssuerKey();
  const src = tempDir('skillfolio-src-');
  const ob3 = await signDi(
    ob3By(issuer, { n: 1, title: 'Ελληνικά για μηχανικούς', issuer: 'Akademia Łódź' }),
    issuer,
  );
  const baked = await signDi(
    ob3By(issuer, { n: 2, title: 'Кириллица: основы', issuer: 'Akademia Łódź' }),
    issuer,
  );
  fs.writeFileSync(path.join(src, 'greek.json'), JSON.stringify(ob3, null, 2));
  fs.writeFileSync(
    path.join(src, 'cyrillic.png'),
    bakePng(solidPng(80, 80), 'openbadgecredential', JSON.stringify(baked)),
  );
  fs.writeFileSync(
    path.join(src, 'cloud.jwt'),
    await signVcJwt(ob3By(issuer, { n: 3, title: 'Cloud Fundamentals' }), issuer),
  );
  fs.writeFileSync(
    path.join(src, 'sql.json'),
    ob2Assertion({ n: 4, title: 'Data Analysis with SQL', issuer: 'Łódź Data School' }),
  );
  const lib = tempDir('skillfolio-lib-');
  const imported = await cli(['--library', lib, '--offline', '--json', 'import', src]);
  expect(imported.code).toBe(0);
  const ids = (
    JSON.parse(imported.stdout) as { imported: Array<{ id: number; title: string }> }
  ).imported
    .sort((a, b) => a.title.localeCompare(b.title))
    .map((i) => String(i.id));
  expect(ids).toHaveLength(4);
  const created = await cli([
    '--library',
    lib,
    'portfolio',
    'create',
    'Jobs',
    '--person',
    'Zofia Łódź',
    '--headline',
    'Data analyst',
  ]);
  expect(created.code).toBe(0);
  expect((await cli(['--library', lib, 'portfolio', 'add', 'Jobs', ...ids])).code).toBe(0);
  return { lib, out: tempDir('skillfolio-out-') };
}

let lib: string;
let out: string;
beforeAll(async () => {
  ({ lib, out } = await libraryWithPortfolio());
});

describe('skillfolio export and verify-export', () => {
  it('writes all four files, creates the holder keys owner-only on first use, and the PDF verifies', async () => {
    const f = (n: string) => path.join(out, n);
    const r = await cli([
      '--library',
      lib,
      '--offline',
      '--json',
      'export',
      'Jobs',
      '--pdf',
      f('cv.pdf'),
      '--jsonld',
      f('cv.vp.json'),
      '--jwt',
      f('cv.vp.jwt'),
      '--json-resume',
      f('resume.json'),
      '--domain',
      'hr.example.com',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as {
      files: Array<{ kind: string; path: string }>;
      holder: { did: string; created: boolean };
      warnings: string[];
      credentials: Array<{ title: string; inside: boolean }>;
    };
    expect(result.holder.created).toBe(true);
    expect(result.warnings[0]).toContain('This first export created your holder key');
    expect(result.files.map((x) => x.kind)).toEqual([
      'original',
      'original',
      'jsonld',
      'jwt',
      'json-resume',
      'pdf',
    ]);
    // The baked PNG's credential travels inside the presentation, like the plain JSON-LD one.
    expect(
      result.credentials
        .filter((c) => c.inside)
        .map((c) => c.title)
        .sort(),
    ).toEqual(['Ελληνικά για μηχανικούς', 'Кириллица: основы']);
    const keyFile = path.join(lib, 'holder-keys.json');
    if (process.platform !== 'win32') expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(pdfsig(f('cv.pdf'))).toContain('Signature is Valid.');

    const v = await cli(['--library', lib, '--offline', '--json', 'verify-export', f('cv.pdf')]);
    expect(v.code).toBe(0);
    const report = JSON.parse(v.stdout) as {
      verdict: string;
      holder: string;
      domain: string;
      credentials: Array<{ name: string; verdict: string; source: string }>;
    };
    expect(report.verdict).toBe('verified');
    expect(report.holder).toBe(result.holder.did);
    expect(report.domain).toBe('hr.example.com');
    // The engine judges each credential: the DI and JWT ones verify offline, the hosted OB 2.0 badge cannot be re-fetched offline.
    const verdicts = Object.fromEntries(report.credentials.map((c) => [c.name, c.verdict]));
    expect(verdicts['Ελληνικά για μηχανικούς']).toBe('verified');
    expect(
      report.credentials
        .filter((c) => c.source === 'attachment')
        .map((c) => c.verdict)
        .sort(),
    ).toEqual(['unverified', 'verified']);

    const human = await cli(['--library', lib, '--offline', 'verify-export', f('cv.vp.json')]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/cv\.vp\.json: verified \(JSON-LD presentation\)/);
    expect((await cli(['--library', lib, '--offline', 'verify-export', f('cv.vp.jwt')])).code).toBe(
      0,
    );
  });

  it('exits 1 for a changed export, 2 for wrong usage', async () => {
    const pdf = Buffer.from(fs.readFileSync(path.join(out, 'cv.pdf')));
    const at = pdf.indexOf('stream\n') + 30;
    pdf[at] = (pdf[at] ?? 0) ^ 0x20;
    fs.writeFileSync(path.join(out, 'changed.pdf'), pdf);
    const r = await cli([
      '--library',
      lib,
      '--offline',
      'verify-export',
      path.join(out, 'changed.pdf'),
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('changed.pdf: invalid (signed PDF)');
    expect(r.stdout).toContain('it was changed after signing');
    expect((await cli(['--library', lib, 'export', 'Jobs'])).code).toBe(2);
    expect(
      (
        await cli([
          '--library',
          lib,
          'export',
          'No such portfolio',
          '--pdf',
          path.join(out, 'x.pdf'),
        ])
      ).code,
    ).toBe(1);
  });

  it('shows only public keys and fingerprints, backs them up encrypted, and restores them elsewhere', async () => {
    const show = await cli(['--library', lib, '--json', 'keys', 'show']);
    expect(show.code).toBe(0);
    const info = JSON.parse(show.stdout) as {
      did: string;
      certificate: { source: string; subjectAltNames: string[] };
      storage: { encrypted: boolean };
    };
    expect(info.certificate.subjectAltNames).toEqual([info.did]);
    expect(info.storage.encrypted).toBe(false);
    expect(show.stdout).not.toMatch(/PRIVATE KEY|privateKey|pkcs8/i);

    const backup = path.join(out, 'keys-backup.json');
    const refused = await cli(['--library', lib, 'keys', 'export', backup]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('A key backup is always encrypted');
    expect(
      (
        await cli(['--library', lib, 'keys', 'export', backup], {
          SKILLFOLIO_PASSPHRASE: 'long passphrase',
        })
      ).code,
    ).toBe(0);
    expect(fs.readFileSync(backup, 'utf8')).not.toContain('PRIVATE KEY');

    const other = tempDir('skillfolio-lib2-');
    const restored = await cli([
      '--library',
      other,
      '--json',
      '--yes',
      'keys',
      'import',
      backup,
      '--passphrase',
      'long passphrase',
    ]);
    expect(restored.code).toBe(0);
    expect(
      JSON.parse(restored.stdout) as { did: string; storage: { encrypted: boolean } },
    ).toMatchObject({ did: info.did, storage: { encrypted: true } });
    // Sealed now: without the passphrase the keys cannot be used.
    const locked = await cli(['--library', other, 'keys', 'show']);
    expect(locked.code).toBe(1);
    expect(locked.stderr).toContain(
      'The key file is encrypted: give its passphrase (in the app, in the passphrase field it shows; on the command line, with --passphrase or SKILLFOLIO_PASSPHRASE).',
    );
  });

  it('signs PDFs with a certificate the user imports from a .p12', async () => {
    const { lib: lib2, out: out2 } = await libraryWithPortfolio();
    const keys = forge.pki.rsa.generateKeyPair(1024);
    const cert = forge.pki.createCertificate();
    cert.publicKey = keys.publicKey;
    cert.serialNumber = '0a';
    cert.validity.notBefore = new Date(Date.now() - 86_400_000);
    cert.validity.notAfter = new Date(Date.now() + 365 * 86_400_000);
    cert.setSubject([{ name: 'commonName', value: 'Zofia Imported' }]);
    cert.setIssuer([{ name: 'commonName', value: 'Zofia Imported' }]);
    cert.sign(keys.privateKey, forge.md.sha256.create());
    const p12 = forge.asn1
      .toDer(
        forge.pkcs12.toPkcs12Asn1(keys.privateKey, [cert], 'pfx secret', { algorithm: '3des' }),
      )
      .getBytes();
    fs.writeFileSync(path.join(out2, 'mine.p12'), Buffer.from(p12, 'binary'));
    const wrong = await cli([
      '--library',
      lib2,
      'keys',
      'import',
      path.join(out2, 'mine.p12'),
      '--password',
      'nope',
    ]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('The password does not open this .p12/.pfx file.');
    const ok = await cli([
      '--library',
      lib2,
      '--json',
      'keys',
      'import',
      path.join(out2, 'mine.p12'),
      '--password',
      'pfx secret',
    ]);
    expect(ok.code).toBe(0);
    expect((JSON.parse(ok.stdout) as { certificate: { source: string } }).certificate.source).toBe(
      'imported',
    );
    const pdf = path.join(out2, 'cv.pdf');
    expect((await cli(['--library', lib2, '--offline', 'export', 'Jobs', '--pdf', pdf])).code).toBe(
      0,
    );
    const sig = pdfsig(pdf);
    expect(sig).toContain('Signature is Valid.');
    expect(sig).toContain('Signer Certificate Common Name: Zofia Imported');
    const v = JSON.parse(
      (await cli(['--library', lib2, '--offline', '--json', 'verify-export', pdf])).stdout,
    ) as { verdict: string; checks: Array<{ id: string; status: string }> };
    expect(v.verdict).toBe('verified');
    expect(v.checks.find((c) => c.id === 'binding')?.status).toBe('warn');
    expect(crypto.createHash('sha256').update(fs.readFileSync(pdf)).digest('hex')).toHaveLength(64);
  });
});

describe('verify-export reads only files beside the presentation', () => {
  it('never follows a digest entry naming a file in another folder', async () => {
    const inner = path.join(out, 'inner');
    fs.mkdirSync(inner, { recursive: true });
    const vp = JSON.parse(fs.readFileSync(path.join(out, 'cv.vp.json'), 'utf8')) as {
      verifiableCredential: Array<{ relatedResource?: Array<{ name: string }> }>;
    };
    const related = vp.verifiableCredential[0]?.relatedResource ?? [];
    expect(related.length).toBeGreaterThan(0);
    // The named files exist one folder up, with matching digests: they must still not be read.
    for (const r of related) r.name = `../${r.name}`;
    fs.writeFileSync(path.join(inner, 'cv.vp.json'), JSON.stringify(vp));
    const v = JSON.parse(
      (
        await cli([
          '--library',
          lib,
          '--offline',
          '--json',
          'verify-export',
          path.join(inner, 'cv.vp.json'),
        ])
      ).stdout,
    ) as {
      checks: Array<{ id: string; status: string }>;
    };
    const digests = v.checks.filter((c) => c.id.startsWith('digest:'));
    expect(digests.length).toBe(related.length);
    expect(digests.every((c) => c.status === 'skip')).toBe(true);
  });
});

describe('the export operations from a window', () => {
  it('may not name files, but may verify dropped bytes', async () => {
    const { dispatch } = await import('../../src/services/dispatch');
    const { openSession } = await import('../../src/services/session');
    const session = openSession({ libraryDir: lib, offline: true });
    try {
      const named = await dispatch(
        session,
        'portfolio.export',
        { id: 1, pdf: path.join(out, 'w.pdf') },
        { local: false },
      );
      expect(named.ok).toBe(false);
      expect(fs.existsSync(path.join(out, 'w.pdf'))).toBe(false);
      const base64 = fs.readFileSync(path.join(out, 'cv.vp.json')).toString('base64');
      const dropped = await dispatch(
        session,
        'export.verify',
        { file: { name: 'cv.vp.json', base64 } },
        { local: false },
      );
      expect(dropped.ok && (dropped.value as { verdict: string }).verdict).toBe('verified');
    } finally {
      session.close();
    }
  });
});
