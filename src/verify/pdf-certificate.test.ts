// Verifying PDF certificates: offline they stay unverified; online, only the platform's own page showing the same learner and title makes them verified.
import { afterEach, describe, expect, it } from 'vitest';
import type { ParsedCredential } from '../core/credential';
import type { VerificationReport } from '../core/verification';
import { decodePdfCertificate } from '../formats/pdf-certificate';
import { startTestServer, type TestServer } from '../../test/helpers/http-server';
import { courseraPdf, genericPdf, linkedInLearningPdf } from '../../test/helpers/pdf-certificates';
import { verifyParsed } from './engine';
import { createFetcher, type FetchSettings } from './fetcher';
import { matchKey, mentions, visibleText } from './pdf-certificate';
import type { VerifyEnv } from './types';

const servers: TestServer[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()?.close();
});

async function serve(routes: Parameters<typeof startTestServer>[0]): Promise<TestServer> {
  const s = await startTestServer(routes);
  servers.push(s);
  return s;
}

/** Every name resolves to the local test server, which plays coursera.org and the rest. */
function env(settings: Partial<FetchSettings> = {}): VerifyEnv {
  return {
    fetcher: createFetcher({
      offline: false,
      allowPrivateNetwork: true,
      resolve: () => Promise.resolve(['127.0.0.1']),
      timeoutMs: 5_000,
      ...settings,
    }),
    now: () => new Date('2025-06-01T00:00:00Z'),
    identities: [],
  };
}

const html = (body: string, head = '') =>
  ({
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: `<!doctype html><html><head>${head}</head><body>${body}</body></html>`,
  }) as const;

/** A Coursera certificate whose "Verify at" address is the test server under Coursera's name. */
async function coursera(port: number, path = '/verify/ABCD1234EFGH'): Promise<ParsedCredential> {
  return decodePdfCertificate(
    await courseraPdf({
      learner: 'Ada Lovelace',
      title: ['Machine Learning'],
      verify: `http://www.coursera.org:${port}${path}`,
    }),
    { name: 'coursera.pdf' },
  );
}

function hosted(r: VerificationReport) {
  return r.checks.find((c) => c.id === 'hosted');
}

describe('PDF certificates offline', () => {
  it('are unverified, with the hosted check skipped as offline and nothing fetched', async () => {
    const server = await serve({ '/verify/ABCD1234EFGH': html('Ada Lovelace Machine Learning') });
    const parsed = await coursera(server.port);
    const r = await verifyParsed(parsed, env({ offline: true }));
    expect(r.verdict).toBe('unverified');
    expect(hosted(r)).toMatchObject({ status: 'skip' });
    expect(hosted(r)?.message).toMatch(/^Not checked: offline\./);
    expect(r.checks.find((c) => c.id === 'proof')?.status).toBe('skip');
    expect(server.hits).toEqual([]);
  });

  it('say so when the certificate has no verification address', async () => {
    const parsed = await decodePdfCertificate(await linkedInLearningPdf(), { name: 'l.pdf' });
    const r = await verifyParsed(parsed, env());
    expect(r.verdict).toBe('unverified');
    expect(hosted(r)?.message).toMatch(
      /no verification address.*LinkedIn Learning.*AbCdEfGh12345678/,
    );
  });
});

describe('PDF certificates online', () => {
  it('are verified (issuer-hosted) when the platform’s page names the learner and the title', async () => {
    const server = await serve({
      '/verify/ABCD1234EFGH': html(
        '<h1>Course Certificate</h1><p>Completed by <b>ADA&nbsp;LOVELACE</b></p><h2>machine  learning</h2>',
      ),
    });
    const r = await verifyParsed(await coursera(server.port), env());
    expect(r.verdict).toBe('verified');
    expect(hosted(r)).toMatchObject({ status: 'pass' });
    expect(hosted(r)?.message).toMatch(
      /Coursera’s verification page \(www\.coursera\.org\) confirms/,
    );
    expect(server.hits).toEqual(['/verify/ABCD1234EFGH']);
  });

  it('follow the page to its final address and accept the summary in its meta tags', async () => {
    const server = await serve({
      '/verify/ABCD1234EFGH': {
        status: 301,
        headers: { location: '/account/accomplishments/verify/ABCD1234EFGH' },
      },
      '/account/accomplishments/verify/ABCD1234EFGH': html(
        '<div id="root"></div><script>render()</script>',
        '<meta property="og:title" content="Machine Learning"><meta name="description" content="Ada Lovelace&#39;s Coursera certificate">',
      ),
    });
    const r = await verifyParsed(await coursera(server.port), env());
    expect(r.verdict).toBe('verified');
  });

  it('stay unverified when the page shows someone else, or only a script shell', async () => {
    const server = await serve({
      '/verify/ABCD1234EFGH': html('<p>Charles Babbage</p><h2>Machine Learning</h2>'),
      '/verify/SHELL': html(
        '<div id="app"></div><script>var s = {"name":"Ada Lovelace","course":"Machine Learning"}</script>',
      ),
    });
    const other = await verifyParsed(await coursera(server.port), env());
    expect(other.verdict).toBe('unverified');
    expect(hosted(other)).toMatchObject({ status: 'warn' });
    expect(hosted(other)?.message).toMatch(/does not show the learner’s name \(Ada Lovelace\)/);
    const shell = await verifyParsed(await coursera(server.port, '/verify/SHELL'), env());
    expect(shell.verdict).toBe('unverified');
    expect(hosted(shell)?.message).toMatch(/learner’s name \(Ada Lovelace\) or the title/);
  });

  it('are revoked or invalid only when the page says so', async () => {
    const server = await serve({
      '/verify/REVOKED': html(
        '<p>Ada Lovelace — Machine Learning</p><p>This certificate has been revoked.</p>',
      ),
      '/verify/INVALID': html('<p>Sorry, this certificate is invalid.</p>'),
      '/verify/FAQ': html(
        '<p>Ada Lovelace</p><p>Machine Learning</p><p>If you think a certificate is invalid, report it to us.</p>',
      ),
    });
    const revoked = await verifyParsed(await coursera(server.port, '/verify/REVOKED'), env());
    expect(revoked.verdict).toBe('revoked');
    expect(hosted(revoked)).toMatchObject({ status: 'fail' });
    const invalid = await verifyParsed(await coursera(server.port, '/verify/INVALID'), env());
    expect(invalid.verdict).toBe('invalid');
    const faq = await verifyParsed(await coursera(server.port, '/verify/FAQ'), env());
    expect(faq.verdict).toBe('verified');
  });

  it('stay unverified, never invalid, when the page is gone', async () => {
    const server = await serve({});
    const r = await verifyParsed(await coursera(server.port, '/verify/MISSING1'), env());
    expect(r.verdict).toBe('unverified');
    expect(hosted(r)).toMatchObject({ status: 'warn' });
    expect(hosted(r)?.message).toMatch(/answered HTTP 404 \(not found\)/);
  });

  it('do not take a page on another site as the platform’s word, even after a redirect', async () => {
    const fake = await serve({ '/fake': html('Ada Lovelace Machine Learning') });
    const again = await serve({
      '/verify/ABCD1234EFGH': {
        status: 302,
        headers: { location: `http://coursera-verify.example:${fake.port}/fake` },
      },
    });
    const r = await verifyParsed(await coursera(again.port), env());
    expect(r.verdict).toBe('unverified');
    expect(hosted(r)?.message).toMatch(/coursera-verify\.example, which is not Coursera’s site/);
    expect(fake.hits).toEqual(['/fake']);
  });

  it('do not count a name the page merely repeats from its own address', async () => {
    const server = await serve({
      '/verify/search': html('<p>Results for: Ada Lovelace Machine Learning</p>'),
    });
    const r = await verifyParsed(
      await coursera(server.port, '/verify/search?q=Ada%20Lovelace'),
      env(),
    );
    expect(r.verdict).toBe('unverified');
    expect(hosted(r)?.message).toMatch(/address itself contains/);
  });

  it('are not checked when the address is private and private addresses are not allowed', async () => {
    const server = await serve({ '/verify/ABCD1234EFGH': html('Ada Lovelace Machine Learning') });
    const r = await verifyParsed(await coursera(server.port), env({ allowPrivateNetwork: false }));
    expect(r.verdict).toBe('unverified');
    expect(hosted(r)).toMatchObject({ status: 'skip' });
    expect(hosted(r)?.message).toMatch(/private or local network address/);
    expect(server.hits).toEqual([]);
  });

  it('are not checked when the page is larger than any verification page', async () => {
    const server = await serve({
      '/verify/ABCD1234EFGH': html(`Ada Lovelace Machine Learning ${'x'.repeat(3 * 1024 * 1024)}`),
    });
    const r = await verifyParsed(await coursera(server.port), env());
    expect(r.verdict).toBe('unverified');
    expect(hosted(r)?.message).toMatch(/could not be checked: .*more than 2 MB/);
  });

  it('count another certificate’s own page as confirmation only on a certificate-hosting service', async () => {
    const server = await serve({
      '/verify/EU-2024-000123': html('<p>Rosalind Franklin</p><p>Applied Data Visualisation</p>'),
    });
    const own = await decodePdfCertificate(
      await genericPdf({
        url: `http://certificates.exampleton.edu:${server.port}/verify/EU-2024-000123`,
      }),
      { name: 'g.pdf' },
    );
    const onOwnSite = await verifyParsed(own, env());
    expect(onOwnSite.verdict).toBe('unverified');
    expect(hosted(onOwnSite)?.message).toMatch(
      /cannot tell whether certificates\.exampleton\.edu belongs to Exampleton University Continuing Education/,
    );
    const viaService = await decodePdfCertificate(
      await genericPdf({ url: `http://www.credential.net:${server.port}/verify/EU-2024-000123` }),
      { name: 'g.pdf' },
    );
    expect((await verifyParsed(viaService, env())).verdict).toBe('verified');
  });
});

describe('comparing a page with the certificate', () => {
  it('reads what a person sees, not scripts, styles or comments', () => {
    const text = visibleText(
      '<title>Cert &amp; more</title><style>.x{}</style><!-- Ada --><script>Ada</script><p>Gr&#xE2;ce&#160;Hopper</p>',
    );
    expect(text).toContain('Cert & more');
    expect(text.replace(/\s+/g, ' ')).toContain('Grâce Hopper');
    expect(text).not.toContain('Ada');
  });

  it('ignores case, accents, punctuation and spacing, but needs whole words', () => {
    expect(matchKey('  Supervised   Machine-Learning: Régression ')).toBe(
      'supervised machine learning regression',
    );
    expect(
      mentions(
        'Completed: SUPERVISED machine learning — regression!',
        'Supervised Machine-Learning: Regression',
      ),
    ).toBe(true);
    expect(mentions('Adam Lovelace', 'Ada Lovelace')).toBe(false);
    expect(mentions('anything', '')).toBe(false);
  });
});
