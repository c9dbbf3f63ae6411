// The bundled JSON-LD contexts: the ones credentials use are there, they equal their npm packages, and nothing else loads.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import bundle from '../../resources/contexts/contexts.json';
import { AppError } from '../shared/errors';
import { contextSource, documentLoader, isKnownContext, knownContexts } from './contexts';

const require = createRequire(import.meta.url);

describe('bundled contexts', () => {
  it('include every context the credentials Skillfolio verifies are written against', () => {
    const known = knownContexts();
    for (const url of [
      'https://www.w3.org/2018/credentials/v1',
      'https://www.w3.org/ns/credentials/v2',
      'https://w3id.org/security/data-integrity/v2',
      'https://w3id.org/security/multikey/v1',
      'https://w3id.org/security/suites/ed25519-2020/v1',
      'https://w3id.org/security/suites/ed25519-2018/v1',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json',
      'https://www.w3.org/ns/credentials/status/v1',
      'https://w3id.org/vc/status-list/2021/v1',
      'https://www.w3.org/ns/did/v1',
    ]) {
      expect(known).toContain(url);
      expect(isKnownContext(url)).toBe(true);
    }
  });

  it('are, document for document, what their npm packages ship', async () => {
    let compared = 0;
    for (const entry of bundle.contexts) {
      const m = /^npm:(.+)@[^@/]+$/.exec(entry.source);
      if (!m?.[1]) continue;
      let mod: { contexts?: Map<string, unknown>; default?: { contexts?: Map<string, unknown> } };
      try {
        mod = require(m[1]) as typeof mod;
      } catch {
        mod = (await import(m[1])) as typeof mod;
      }
      const fromPackage = (mod.contexts ?? mod.default?.contexts)?.get(entry.url);
      expect(fromPackage, `${entry.url} in ${m[1]}`).toEqual(entry.document);
      expect(contextSource(entry.url)).toBe(entry.source);
      compared++;
    }
    const files = bundle.contexts.filter((c) => /^npm:.+@[^@/]+\//.test(c.source)).length;
    const notOnNpm = bundle.contexts.filter((c) => !c.source.startsWith('npm:')).length;
    // All but the spec-defined and spec-published ones (the W3C examples vocabulary, CLR 2.0) and
    // the Blockcerts contexts (files in their package, next test).
    expect(notOnNpm).toBe(2);
    expect(compared).toBe(bundle.contexts.length - notOnNpm - files);
  });

  it('Blockcerts contexts are, document for document, the files of @blockcerts/schemas', () => {
    const fromFiles = bundle.contexts.filter((c) => /^npm:.+@[^@/]+\//.test(c.source));
    expect(fromFiles.map((c) => c.url)).toEqual(
      expect.arrayContaining([
        'https://w3id.org/blockcerts/v2',
        'https://w3id.org/blockcerts/v3',
        'https://w3id.org/openbadges/v2',
        'https://w3id.org/security/suites/merkle-2019/v1',
      ]),
    );
    for (const entry of fromFiles) {
      const m = /^npm:(@?[^@]+)@[^@/]+\/(.+)$/.exec(entry.source);
      const pkgDir = dirname(require.resolve(`${m?.[1] ?? ''}/package.json`));
      const inPackage: unknown = JSON.parse(readFileSync(join(pkgDir, m?.[2] ?? ''), 'utf8'));
      expect(inPackage, entry.url).toEqual(entry.document);
    }
  });

  it('load as fresh copies, so a caller that edits one cannot change the next', async () => {
    const url = 'https://www.w3.org/ns/credentials/v2';
    const first = await documentLoader(url);
    expect(first).toMatchObject({ contextUrl: null, documentUrl: url, tag: 'static' });
    (first.document as Record<string, unknown>)['@context'] = { evil: 'https://attacker.example/' };
    const second = await documentLoader(url);
    expect(JSON.stringify(second.document)).not.toContain('attacker');
  });

  it.each([
    'https://example.com/my-context.jsonld',
    'http://www.w3.org/ns/credentials/v2',
    'file:///etc/passwd',
    'https://www.w3.org/ns/credentials/v2#',
    '',
  ])('refuse %j, naming it, without fetching', async (url) => {
    const err = await documentLoader(url).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('unsafe-content');
    expect((err as AppError).message).toContain(`Unknown JSON-LD context ${url}`);
    expect((err as AppError).message).toContain('never fetches');
  });
});
