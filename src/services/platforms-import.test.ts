// Importing from the platforms people hold badges on: badge page URLs, downloaded baked images, backpack exports and JSON exports, over real sockets.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getCredential, listCredentials } from '../db/credentials';
import { trustLabel } from '../core/labels';
import type { ImportResult } from '../core/library';
import type { ImportSource } from '../shared/contract';
import { dispatch } from './dispatch';
import type { Session } from './session';
import { snapshot, tempDir, tempSession } from '../../test/helpers/library';
import { html, startPlatformNet, type PlatformNet } from '../../test/helpers/platform-net';
import {
  accredibleCredential,
  badgrAssertion,
  badgrBackpackJson,
  badgrBackpackZip,
  badgrBakedPng,
  certificationsCsv,
  credlyBadge,
  credlyBakedPng,
  credlyProfileJson,
  issuerHostedBadge,
  linkedInExportZip,
  SAMPLE_LINKEDIN_CERTS,
  type Site,
} from '../../test/helpers/platform-fixtures';
import { ob2Assertion } from '../../test/helpers/fixtures';

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  while (open.length) await open.pop()?.close();
});

async function online(...sites: Site[]): Promise<{ s: Session; net: PlatformNet }> {
  return onlineWith({}, ...sites);
}

async function onlineWith(
  opts: Parameters<typeof startPlatformNet>[1],
  ...sites: Site[]
): Promise<{ s: Session; net: PlatformNet }> {
  const net = await startPlatformNet(Object.assign({}, ...sites) as Site, opts);
  open.push(net);
  const base = tempSession({ offline: false, allowPrivateNetwork: true });
  open.push(base);
  return { s: { ...base, fetcher: net.fetcher }, net };
}

function offline(): Session {
  const s = tempSession({ offline: true });
  open.push(s);
  return s;
}

async function importAll(s: Session, sources: ImportSource[], local = true): Promise<ImportResult> {
  const res = await dispatch(s, 'library.import', { sources }, { local });
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`);
  return res.value as ImportResult;
}

const url = (u: string): ImportSource => ({ kind: 'url', url: u });
const file = (name: string, data: Uint8Array | string): ImportSource => ({
  kind: 'bytes',
  name,
  base64: Buffer.from(data).toString('base64'),
});

describe('Credly', () => {
  it('imports the badge behind a public badge page from Credly’s Open Badges endpoint, verified as issuer-hosted', async () => {
    const badge = credlyBadge(1);
    const { s, net } = await online(badge.site);
    const r = await importAll(s, [url(badge.pageUrl)]);
    expect(r.rejected).toEqual([]);
    expect(r.imported).toHaveLength(1);
    const item = r.imported[0]!;
    expect(item).toMatchObject({ format: 'ob2', title: badge.title, source: badge.pageUrl });
    expect(item.verdict).toBe('verified');
    // The import's own result labels it as the library will.
    expect(trustLabel(item.verdict, item.format, item.issuerHosted).text).toBe('Issuer-hosted');
    expect(item.notes.join(' ')).toContain(badge.assertionUrl);
    // The page itself is never fetched: its address says where the assertion is.
    expect(net.requested[0]).toBe(badge.assertionUrl);
    expect(net.requested).not.toContain(badge.pageUrl);
    const detail = getCredential(s.db, item.id)!;
    expect(detail.issuerName).toBe('IBM');
    expect(detail.credentialId).toBe(badge.assertionUrl);
    expect(detail.report.checks.find((c) => c.id === 'hosted')?.status).toBe('pass');
    expect(detail.hasImage).toBe(true);
    // Verified by Credly's hosted copy, not a signature: the library says so in its label.
    const row = listCredentials(s.db, {}).items.find((i) => i.id === item.id)!;
    expect(row.issuerHosted).toBe(true);
    expect(trustLabel(row.verdict, row.format, row.issuerHosted).text).toBe('Issuer-hosted');
  });

  it('imports the downloaded badge image (baked with the assertion address) and checks it online', async () => {
    const badge = credlyBadge(2);
    const { s } = await online(badge.site);
    const r = await importAll(s, [file('ibm-data-science.png', credlyBakedPng(badge))]);
    expect(r.rejected).toEqual([]);
    expect(r.imported[0]).toMatchObject({ format: 'ob2', title: badge.title, verdict: 'verified' });
  });

  it('imports every badge of a public profile listing (badges.json), each from its own assertion', async () => {
    const badges = [credlyBadge(3), credlyBadge(4), credlyBadge(5)];
    const { s } = await online(...badges.map((b) => b.site));
    const r = await importAll(s, [file('badges.json', credlyProfileJson(badges))]);
    expect(r.rejected).toEqual([]);
    expect(r.imported.map((i) => i.title).sort()).toEqual(badges.map((b) => b.title).sort());
    expect(r.imported.every((i) => i.verdict === 'verified')).toBe(true);
    expect(r.imported.map((i) => i.source)).toEqual([
      'badges.json#1',
      'badges.json#2',
      'badges.json#3',
    ]);
  });

  it('says plainly when a badge page cannot be fetched offline, and stores nothing', async () => {
    const s = offline();
    const before = snapshot(s);
    const badge = credlyBadge(6);
    const r = await importAll(s, [url(badge.pageUrl)]);
    expect(r.imported).toEqual([]);
    expect(r.rejected[0]?.error.code).toBe('offline');
    // The link the person pasted, not the API address behind it, and what to do.
    expect(r.rejected[0]?.error.message).toContain(badge.pageUrl);
    expect(r.rejected[0]?.error.message).not.toContain(badge.assertionUrl);
    expect(r.rejected[0]?.error.message).toMatch(/Import it again when you are online/);
    expect(snapshot(s)).toBe(before);
  });

  it('reports a badge that is gone (the endpoint answers 404) as not imported, with the reason', async () => {
    const badge = credlyBadge(7);
    const { s } = await online({}); // nothing served: Credly answers 404 for both the assertion and the page
    const r = await importAll(s, [url(badge.pageUrl)]);
    expect(r.imported).toEqual([]);
    expect(r.rejected[0]?.error.message).toMatch(/404/);
  });
});

describe('Accredible', () => {
  it('imports the credential behind a credential.net page addressed by its UUID', async () => {
    const cred = accredibleCredential(1);
    const { s, net } = await online(cred.site);
    const r = await importAll(s, [url(cred.pageUrl)]);
    expect(r.rejected).toEqual([]);
    expect(r.imported[0]).toMatchObject({ format: 'ob2', title: cred.title, verdict: 'verified' });
    expect(net.requested[0]).toBe(
      `https://api.accredible.com/v1/obi/badge_assertions/${cred.uuid}`,
    );
  });

  it('follows a page addressed by its short id to the assertion through its canonical link, never into its scripts', async () => {
    const cred = accredibleCredential(2);
    const { s, net } = await online(cred.site);
    const r = await importAll(s, [url(cred.shortPageUrl)]);
    expect(r.rejected).toEqual([]);
    expect(r.imported[0]).toMatchObject({ title: cred.title, verdict: 'verified' });
    expect(r.imported[0]?.notes.join(' ')).toContain('Found through the page');
    // The address inside the page's script is data nobody runs, and it is not followed either.
    expect(net.requested.some((u) => u.includes('00000000-0000-4000-8000-000000000000'))).toBe(
      false,
    );
    // The oEmbed "alternate" is not a credential type and is not fetched.
    expect(net.requested.some((u) => u.includes('oembed'))).toBe(false);
  });
});

describe('Badgr / Canvas Credentials', () => {
  it('imports the assertion behind a public assertion page', async () => {
    const b = badgrAssertion(1);
    const { s } = await online(b.site);
    const r = await importAll(s, [url(b.pageUrl)]);
    expect(r.rejected).toEqual([]);
    expect(r.imported[0]).toMatchObject({
      format: 'ob2',
      title: b.title,
      verdict: 'verified',
      source: b.pageUrl,
    });
  });

  it('imports a downloaded baked image offline (the assertion is inside) and says what needs the network', async () => {
    const b = badgrAssertion(2);
    const s = offline();
    const r = await importAll(s, [file('formative-assessment.png', badgrBakedPng(b))]);
    expect(r.rejected).toEqual([]);
    // Badgr bakes the assertion as served: its badge class is an address, read once online.
    expect(r.imported[0]).toMatchObject({ format: 'ob2', verdict: 'unverified' });
    expect(r.imported[0]?.title).toMatch(/badge class not fetched/);
    const detail = getCredential(s.db, r.imported[0]!.id)!;
    expect(detail.report.checks.find((c) => c.id === 'hosted')).toMatchObject({ status: 'skip' });
  });

  it('imports a backpack export archive: every baked image, and the JSON list of the same assertions as duplicates', async () => {
    const list = [badgrAssertion(3), badgrAssertion(4), badgrAssertion(5)];
    const { s } = await online(...list.map((b) => b.site));
    const r = await importAll(s, [file('backpack.zip', badgrBackpackZip(list))]);
    expect(r.rejected).toEqual([]);
    expect(r.imported.map((i) => i.title).sort()).toEqual(list.map((b) => b.title).sort());
    expect(r.imported.every((i) => i.verdict === 'verified')).toBe(true);
    // assertions.json lists the same three: same assertion ids, so each is a duplicate, not a second row.
    expect(r.duplicates).toHaveLength(3);
    expect(
      r.duplicates.every(
        (d) => d.by === 'credential-id' && d.source.startsWith('backpack.zip!/assertions.json#'),
      ),
    ).toBe(true);
  });

  it('imports a backpack JSON export (the v2 backpack API answer) by fetching each hosted assertion', async () => {
    const list = [badgrAssertion(6), badgrAssertion(7)];
    const { s } = await online(...list.map((b) => b.site));
    const r = await importAll(s, [file('backpack-export.json', badgrBackpackJson(list))]);
    expect(r.rejected).toEqual([]);
    expect(r.imported.map((i) => i.title).sort()).toEqual(list.map((b) => b.title).sort());
    expect(r.imported.every((i) => i.verdict === 'verified')).toBe(true);
    expect(r.imported[0]?.notes.join(' ')).toMatch(/backpack export/);
  });
});

describe('an issuer’s own badge page (university and educator badges)', () => {
  it('follows <link rel="alternate" type="application/ld+json"> to the assertion', async () => {
    const b = issuerHostedBadge(
      1,
      'NEA Micro-credential: Classroom Management',
      'National Education Association',
    );
    const { s, net } = await online(b.site);
    const r = await importAll(s, [url(b.pageUrl)]);
    expect(r.rejected).toEqual([]);
    expect(r.imported[0]).toMatchObject({
      format: 'ob2',
      title: b.title,
      verdict: 'verified',
      source: b.pageUrl,
    });
    expect(net.requested.slice(0, 2)).toEqual([b.pageUrl, b.assertionUrl]);
  });

  it('reads a credential embedded in the page as JSON-LD, without running anything', async () => {
    const doc = ob2Assertion({ n: 41, title: 'Embedded Badge' });
    const page = `<!doctype html><html><head>
      <script type="application/ld+json">${doc}</script>
      <script>document.write('<link rel="alternate" type="application/ld+json" href="/evil.json">')</script>
      </head><body></body></html>`;
    const { s, net } = await online({ 'https://badges.example.edu/embedded': html(page) });
    const r = await importAll(s, [url('https://badges.example.edu/embedded')]);
    expect(r.rejected).toEqual([]);
    expect(r.imported[0]).toMatchObject({ title: 'Embedded Badge' });
    expect(net.requested).toEqual(
      expect.not.arrayContaining(['https://badges.example.edu/evil.json']),
    );
  });

  it('refuses a page with no credential behind it with a message that says what to do, and stores nothing', async () => {
    const page = `<!doctype html><html><head><title>My profile</title>
      <link rel="alternate" type="application/rss+xml" href="/feed.xml"></head>
      <body><a href="https://www.example.com/about">About</a></body></html>`;
    const { s } = await online({ 'https://www.example.com/profile': html(page) });
    const before = snapshot(s);
    const r = await importAll(s, [url('https://www.example.com/profile')]);
    expect(r.imported).toEqual([]);
    expect(r.rejected[0]?.error.code).toBe('unsupported-format');
    expect(r.rejected[0]?.error.message).toMatch(/has no credential behind it/);
    expect(r.rejected[0]?.error.message).toMatch(/Download the badge image/);
    expect(snapshot(s)).toBe(before);
  });

  it('says which link failed when the page links a credential that is not there', async () => {
    const page = `<html><head><link rel="alternate" type="application/ld+json" href="/gone.json"></head></html>`;
    const { s } = await online({ 'https://badges.example.edu/p/9': html(page) });
    const r = await importAll(s, [url('https://badges.example.edu/p/9')]);
    expect(r.rejected[0]?.error.message).toMatch(/gone\.json, which could not be fetched .*404/);
  });
});

describe('hostile badge pages', () => {
  it('refuses a page whose credential link points into the private network, unless that is allowed', async () => {
    const page = `<html><head><link rel="alternate" type="application/ld+json" href="http://169.254.169.254/latest/meta-data/"></head></html>`;
    const { s, net } = await onlineWith(
      { privateNetwork: false },
      { 'https://badges.example.edu/p/1': html(page) },
    );
    const before = snapshot(s);
    const r = await importAll(s, [url('https://badges.example.edu/p/1')]);
    expect(r.imported).toEqual([]);
    expect(r.rejected[0]?.error.code).toBe('blocked-address');
    expect(r.rejected[0]?.error.message).toMatch(/private or local network address/);
    expect(net.requested).toEqual([
      'https://badges.example.edu/p/1',
      'http://169.254.169.254/latest/meta-data/',
    ]);
    expect(snapshot(s)).toBe(before);
  });

  it('follows a handful of links at most, never pages linked from pages, and says what it found', async () => {
    const links = Array.from(
      { length: 50 },
      (_, i) => `<link rel="alternate" type="application/ld+json" href="/c/${i}.json">`,
    ).join('');
    const { s, net } = await online({
      'https://badges.example.edu/many': html(`<html><head>${links}</head></html>`),
      'https://badges.example.edu/c/0.json': html(
        '<html><head><link rel="alternate" type="application/ld+json" href="/deeper.json"></head></html>',
      ),
    });
    const r = await importAll(s, [url('https://badges.example.edu/many')]);
    expect(r.rejected[0]?.error.code).toBe('unsupported-format');
    expect(net.requested).toHaveLength(1 + 6);
    expect(net.requested).not.toContain('https://badges.example.edu/deeper.json');
  });

  it('reads a page that says it is JSON but is HTML as a page, and a JSON answer as the credential itself', async () => {
    const doc = ob2Assertion({ n: 81, title: 'Served Directly' });
    const { s } = await online({
      'https://badges.example.edu/a/81': {
        headers: { 'content-type': 'application/json' },
        body: doc,
      },
      'https://badges.example.edu/lying': {
        headers: { 'content-type': 'application/json' },
        body: '<!DOCTYPE html><html><body>nothing here</body></html>',
      },
    });
    const r = await importAll(s, [
      url('https://badges.example.edu/a/81'),
      url('https://badges.example.edu/lying'),
    ]);
    expect(r.imported.map((i) => i.title)).toEqual(['Served Directly']);
    expect(r.rejected[0]?.error.message).toMatch(/has no credential behind it/);
  });
});

describe('JSON exports holding several credentials', () => {
  it('imports a plain list of assertions, each keeping its own bytes as written', async () => {
    const items = [ob2Assertion({ n: 51 }), ob2Assertion({ n: 52 })];
    const text = `[\n  ${items.join(',\n  ')}\n]`;
    const s = offline();
    const r = await importAll(s, [file('export.json', text)]);
    expect(r.rejected).toEqual([]);
    expect(r.imported).toHaveLength(2);
    const detail = getCredential(s.db, r.imported[1]!.id)!;
    const orig = s.db.prepare('SELECT original FROM credentials WHERE id = ?').get(detail.id) as {
      original: Buffer;
    };
    expect(Buffer.from(orig.original).toString('utf8')).toBe(items[1]);
  });

  it('imports an Open Badges 2.1 (Badge Connect) answer and reports a bad entry on its own', async () => {
    const doc = `{"status":{"error":null,"statusCode":200,"statusText":"OK"},"results":[${ob2Assertion({ n: 61 })},42,${ob2Assertion({ n: 62 })}]}`;
    const s = offline();
    const r = await importAll(s, [file('badgeconnect.json', doc)]);
    expect(r.imported).toHaveLength(2);
    expect(r.rejected).toEqual([
      {
        source: 'badgeconnect.json#2',
        error: expect.objectContaining({ code: 'unsupported-format' }),
      },
    ]);
  });

  it('refuses an empty export, and an export with a prototype-polluting key, storing nothing', async () => {
    const s = offline();
    const before = snapshot(s);
    const r = await importAll(s, [
      file('empty.json', '{"status":{},"results":[]}'),
      file('evil.json', `[${ob2Assertion({ n: 71 }).replace('{', '{"__proto__":{"x":1},')}]`),
    ]);
    expect(r.imported).toEqual([]);
    expect(r.rejected.map((x) => x.error.code)).toEqual(['unsupported-format', 'unsafe-content']);
    expect(snapshot(s)).toBe(before);
  });
});

describe('LinkedIn data export', () => {
  it('imports the certifications of the archive as self-reported entries with their links, and nothing else from it', async () => {
    const s = offline();
    const r = await importAll(s, [
      file('Basic_LinkedInDataExport_06-01-2024.zip', linkedInExportZip(SAMPLE_LINKEDIN_CERTS)),
    ]);
    expect(r.rejected).toEqual([]);
    expect(r.imported.map((i) => [i.title, i.format, i.verdict])).toEqual([
      ['Google Data Analytics Professional Certificate', 'self-reported', 'unverified'],
      ['AWS Certified Cloud Practitioner', 'self-reported', 'unverified'],
    ]);
    const google = getCredential(s.db, r.imported[0]!.id)!;
    expect(google.issuerName).toBe('Google');
    expect(google.issuedOn).toBe('2023-03-01');
    expect(google.credentialId).toBe(SAMPLE_LINKEDIN_CERTS[0]!.url);
    expect(google.description).toContain('ABCD1234');
    const aws = getCredential(s.db, r.imported[1]!.id)!;
    expect(aws.validUntil).toBe('2099-01-31');
    expect(aws.evidence[0]?.id).toBe(SAMPLE_LINKEDIN_CERTS[1]!.url);
    // Importing the archive again changes nothing.
    const again = await importAll(s, [file('again.zip', linkedInExportZip(SAMPLE_LINKEDIN_CERTS))]);
    expect(again.imported).toEqual([]);
    expect(again.duplicates).toHaveLength(2);
  });

  it('imports Certifications.csv on its own, and says so when an export has none', async () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'Certifications.csv'),
      certificationsCsv(SAMPLE_LINKEDIN_CERTS),
    );
    fs.writeFileSync(path.join(dir, 'none.zip'), linkedInExportZip([], false));
    const s = offline();
    const r = await importAll(s, [{ kind: 'path', path: dir }]);
    expect(r.imported.map((i) => i.source)).toEqual([
      path.join(dir, 'Certifications.csv#row-1'),
      path.join(dir, 'Certifications.csv#row-2'),
    ]);
    expect(r.rejected).toHaveLength(1);
    expect(r.rejected[0]?.error.message).toMatch(/LinkedIn data export has no Certifications\.csv/);
  });
});
