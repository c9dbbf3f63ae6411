// A Coursera certificate PDF through the import service: a library row with its title, issuer and date, verified only online.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { countCredentials, getCredential, getOriginal } from '../../src/db/credentials';
import { importSources } from '../../src/services/import';
import type { Session } from '../../src/services/session';
import { createFetcher } from '../../src/verify/fetcher';
import { startTestServer, type TestServer } from '../helpers/http-server';
import { tempDir, tempSession } from '../helpers/library';
import { courseraPdf, passwordProtectedPdf } from '../helpers/pdf-certificates';

const sessions: Session[] = [];
const servers: TestServer[] = [];
afterEach(async () => {
  while (sessions.length) sessions.pop()?.close();
  while (servers.length) await servers.pop()?.close();
});

function write(dir: string, name: string, bytes: Uint8Array): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, bytes);
  return p;
}

describe('importing PDF certificates', () => {
  it('stores a Coursera certificate as a row with its fields and the PDF verbatim; refuses the broken ones', async () => {
    const session = tempSession();
    sessions.push(session);
    const dir = tempDir();
    const bytes = await courseraPdf({
      learner: 'Ada Lovelace',
      title: ['Machine Learning'],
      university: 'Stanford University',
      date: 'Jan 15, 2024',
      code: 'ABCD1234EFGH',
    });
    const good = write(dir, 'Coursera ABCD1234EFGH.pdf', bytes);
    const locked = write(dir, 'locked.pdf', await passwordProtectedPdf());
    const cut = write(dir, 'cut.pdf', bytes.subarray(0, 900));

    const result = await importSources(session, {
      sources: [good, locked, cut].map((p) => ({ kind: 'path' as const, path: p })),
    });

    expect(result.imported).toHaveLength(1);
    expect(result.imported[0]).toMatchObject({
      source: good,
      format: 'pdf-certificate',
      title: 'Machine Learning',
      verdict: 'unverified',
    });
    const id = result.imported[0]?.id ?? -1;
    const row = getCredential(session.db, id);
    expect(row).toMatchObject({
      format: 'pdf-certificate',
      mediaType: 'application/pdf',
      title: 'Machine Learning',
      issuerName: 'Stanford University',
      issuedOn: '2024-01-15',
      recipient: 'Ada Lovelace',
      credentialId: 'ABCD1234EFGH',
      verdict: 'unverified',
    });
    expect(row?.report.checks.find((c) => c.id === 'hosted')?.message).toMatch(/offline/);
    expect(Buffer.from(getOriginal(session.db, id)?.bytes ?? [])).toEqual(Buffer.from(bytes));

    expect(result.rejected.map((r) => [path.basename(r.source), r.error.code])).toEqual([
      ['locked.pdf', 'unsupported-format'],
      ['cut.pdf', 'malformed'],
    ]);
    expect(countCredentials(session.db)).toBe(1);
  });

  it('marks it verified when Coursera’s verification page confirms the learner and the title', async () => {
    const server = await startTestServer({
      '/verify/ABCD1234EFGH': {
        headers: { 'content-type': 'text/html' },
        body: '<html><body><h1>Ada Lovelace</h1><p>has completed Machine Learning</p></body></html>',
      },
    });
    servers.push(server);
    const session = tempSession();
    sessions.push(session);
    // The test server plays www.coursera.org: every name resolves to it.
    const online = {
      ...session,
      fetcher: createFetcher({
        offline: false,
        allowPrivateNetwork: true,
        resolve: () => Promise.resolve(['127.0.0.1']),
      }),
    };
    const pdf = write(
      tempDir(),
      'c.pdf',
      await courseraPdf({ verify: `http://www.coursera.org:${server.port}/verify/ABCD1234EFGH` }),
    );
    const result = await importSources(online, { sources: [{ kind: 'path', path: pdf }] });
    expect(result.imported[0]).toMatchObject({ format: 'pdf-certificate', verdict: 'verified' });
    const row = getCredential(session.db, result.imported[0]?.id ?? -1);
    expect(row?.report.checks.find((c) => c.id === 'hosted')).toMatchObject({ status: 'pass' });
    expect(server.hits).toEqual(['/verify/ABCD1234EFGH']);
  });
});
