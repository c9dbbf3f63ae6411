// First run: the bundled samples import through the real importer with the labels their README promises, plus a sample portfolio.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { call, refusal } from '../../test/helpers/dispatch';
import { caught } from '../../test/helpers/errors';
import { tempDir, tempSession } from '../../test/helpers/library';
import { trustLabel } from '../core/labels';
import { readManifest, samplesDir } from './samples';
import type { Session } from './session';

const sessions: Session[] = [];
afterEach(() => {
  while (sessions.length) sessions.pop()?.close();
  delete process.env.SKILLFOLIO_RESOURCES;
});

function session(): Session {
  const s = tempSession();
  sessions.push(s);
  return s;
}

describe('library.importSamples', () => {
  it('imports every sample with the label the manifest (and README) states, offline', async () => {
    const s = session();
    const manifest = readManifest(samplesDir());
    const result = await call(s, 'library.importSamples', {});
    expect(result.import.rejected).toEqual([]);
    const top = result.import.imported.filter((i) => i.parentId === null);
    const shown = Object.fromEntries(
      top.map((i) => [i.source.replace(/^samples\//, ''), trustLabel(i.verdict, i.format).text]),
    );
    const promised = Object.fromEntries(manifest.credentials.map((c) => [c.file, c.label]));
    expect(shown).toEqual(promised);
    // Every label the product has that a sample can honestly show offline.
    expect(new Set(Object.values(shown))).toEqual(
      new Set(['Verified', 'Unverified', 'Self-reported', 'Expired', 'Revoked', 'Invalid']),
    );
    // The CLR's courses are in the library too, each verified on its own.
    const nested = result.import.imported.filter((i) => i.parentId !== null);
    expect(nested.map((i) => i.verdict)).toEqual(['verified', 'verified', 'verified']);
    // Formats: OB 2.0, OB 3.0, CLR 2.0, a plain VC and a self-reported entry.
    expect(new Set(top.map((i) => i.format))).toEqual(
      new Set(['ob2', 'ob3', 'clr2', 'vc', 'self-reported']),
    );
    const revoked = await call(s, 'library.get', {
      id: top.find((i) => i.verdict === 'revoked')?.id ?? 0,
    });
    expect(revoked.report.checks.find((c) => c.id === 'status')?.message).toMatch(
      /revoked.*as of/i,
    );
    // Every stored original reads back: checking them all again changes no label.
    const again = await call(s, 'library.reverify', { all: true });
    expect(again.failed).toEqual([]);
    expect(again.reverified.filter((r) => r.verdict !== r.previous)).toEqual([]);
  });

  it('builds the sample portfolio from them, once; a second click finds everything already there', async () => {
    const s = session();
    const first = await call(s, 'library.importSamples', {});
    expect(first.portfolio?.name).toBe('Data Analyst (sample)');
    const view = await call(s, 'portfolio.get', { id: first.portfolio?.id ?? 0 });
    expect(view.personName).toBe('Alex Rivera');
    expect(view.sections.map((sec) => sec.title)).toEqual([
      'Data analysis',
      'Data visualisation',
      'Communication and teaching',
    ]);
    const titles = view.sections.flatMap((sec) =>
      sec.entries.map((e) => view.credentials[e.credentialId]?.title),
    );
    expect(titles).toContain('SQL Fundamentals');
    expect(titles).toContain('Public Speaking Club — Competent Communicator');
    // Revoked, expired and invalid samples are not put forward in a résumé.
    expect(titles).not.toContain('Machine Learning Foundations');
    expect(titles).not.toContain('Agile Project Basics');

    const total = (await call(s, 'library.list', {})).total;
    const again = await call(s, 'library.importSamples', {});
    expect(again.import.imported).toEqual([]);
    expect(again.import.duplicates).toHaveLength(first.import.imported.length - 3);
    expect(again.portfolio).toEqual(first.portfolio);
    expect((await call(s, 'library.list', {})).total).toBe(total);
    expect(await call(s, 'portfolio.list', {})).toHaveLength(1);
  });

  it('finds the samples from SKILLFOLIO_RESOURCES first, and refuses a damaged manifest clearly', async () => {
    const s = session();
    const resources = tempDir();
    fs.mkdirSync(path.join(resources, 'samples'));
    fs.writeFileSync(path.join(resources, 'samples', 'manifest.json'), '{"format": "other"}');
    process.env.SKILLFOLIO_RESOURCES = resources;
    const err = await refusal(s, 'library.importSamples', {});
    expect(err).toMatchObject({ code: 'internal' });
    expect(err.message).toMatch(/samples manifest .* is damaged.*reinstall/);
    expect((await call(s, 'library.list', {})).total).toBe(0);
  });

  it('never reads a file named outside the samples folder', async () => {
    const real = readManifest(samplesDir());
    const resources = tempDir();
    fs.mkdirSync(path.join(resources, 'samples'));
    const evil = { ...real, credentials: [{ file: '../../secret.json', label: 'x', why: 'x' }] };
    fs.writeFileSync(path.join(resources, 'samples', 'manifest.json'), JSON.stringify(evil));
    process.env.SKILLFOLIO_RESOURCES = resources;
    const err = caught(() => readManifest(samplesDir()));
    expect(err.message).toMatch(/damaged/);
  });
});
