import Ajv from 'ajv';
import schema from '@jsonresume/schema/schema.json';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  emptySnapshot,
  exportFixture,
  NAMES,
  type ExportFixture,
} from '../../test/helpers/export-fixtures';
import { buildJsonResume, jsonResumeBytes } from './json-resume';
import { buildExportModel } from './model';

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat('email', /^[^\s@]+@[^\s@]+\.[^\s@]+$/);
  ajv.addFormat('uri', (s: string) => {
    try {
      return new URL(s).protocol.length > 1;
    } catch {
      return false;
    }
  });
  return ajv.compile(schema);
}

let fx: ExportFixture;
beforeAll(async () => {
  fx = await exportFixture();
});

describe('JSON Resume export', () => {
  it('validates against the JSON Resume schema', () => {
    const validate = validator();
    const resume = JSON.parse(
      Buffer.from(jsonResumeBytes(buildExportModel(fx.snapshot))).toString('utf8'),
    );
    expect(validate(resume), JSON.stringify(validate.errors)).toBe(true);
    const empty = buildJsonResume(buildExportModel(emptySnapshot()));
    expect(validate(empty), JSON.stringify(validate.errors)).toBe(true);
    // The validator is not a rubber stamp: a date outside the schema's pattern fails.
    expect(validate({ ...resume, certificates: [{ name: 'x', date: '14/09/2023' }] })).toBe(false);
  });

  it('lists every credential as a certificate with issuer, date, URL and credential id', () => {
    const resume = buildJsonResume(buildExportModel(fx.snapshot));
    const certs = resume.certificates as Array<Record<string, unknown>>;
    expect(certs.map((c) => c.name)).toEqual([
      NAMES.sqlTitle,
      NAMES.pdfTitle,
      NAMES.jwtTitle,
      NAMES.greekTitle,
      NAMES.cyrillicTitle,
      NAMES.revokedTitle,
    ]);
    expect(certs[0]).toEqual({
      name: NAMES.sqlTitle,
      issuer: NAMES.sqlIssuer,
      date: '2023-09-14',
      url: 'https://badges.example.org/assertions/13',
      id: 'https://badges.example.org/assertions/13',
      verification: 'Issuer-hosted',
    });
    expect(certs[3]).toMatchObject({ issuer: NAMES.greekIssuer, id: fx.diOriginals[11]?.id });
    expect(certs[3]?.url).toBeUndefined();
    expect(certs[5]?.verification).toBe('Revoked');
  });

  it('carries the person and skills with the credentials behind each as keywords', () => {
    const resume = buildJsonResume(buildExportModel(fx.snapshot));
    expect(resume.basics).toMatchObject({
      name: NAMES.person,
      label: 'Data analyst · SQL, statistics and three alphabets',
      email: 'zofia@example.org',
      url: 'https://www.linkedin.com/in/zofia-example',
      profiles: [
        {
          network: 'LinkedIn',
          username: 'zofia-example',
          url: 'https://www.linkedin.com/in/zofia-example',
        },
        { network: 'GitHub', username: 'zofia-example', url: 'https://github.com/zofia-example' },
      ],
    });
    const skills = resume.skills as Array<{ name: string; keywords: string[] }>;
    expect(skills.find((s) => s.name === 'Data analysis')?.keywords).toEqual([
      NAMES.sqlTitle,
      NAMES.pdfTitle,
    ]);
    expect(skills.find((s) => s.name === 'Other training')?.keywords).toEqual([NAMES.revokedTitle]);
  });

  it('leaves out a date the person hid and an e-mail that is not one', () => {
    const snap = structuredClone(fx.snapshot);
    snap.portfolio.email = 'not an address';
    snap.portfolio.sections[0]!.entries[0]!.hidden = ['issuedOn'];
    const resume = buildJsonResume(buildExportModel(snap));
    expect((resume.basics as Record<string, unknown>).email).toBeUndefined();
    expect((resume.certificates as Array<Record<string, unknown>>)[0]?.date).toBeUndefined();
  });
});
