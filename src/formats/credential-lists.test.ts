// JSON exports holding several credentials: each entry comes out on its own, with its bytes as written.
import { describe, expect, it } from 'vitest';
import { caught } from '../../test/helpers/errors';
import { ob2Assertion, ob3Credential } from '../../test/helpers/fixtures';
import { MAX_LISTED, unpackCredentialList, type ListedItem } from './credential-lists';

const enc = (s: string) => new TextEncoder().encode(s);
const text = (i: ListedItem | undefined) =>
  i && 'bytes' in i ? new TextDecoder().decode(i.bytes) : JSON.stringify(i);

describe('unpackCredentialList', () => {
  it('leaves single credentials (and non-JSON) to the credential parser', () => {
    expect(unpackCredentialList(enc(ob2Assertion({ n: 1 })), 'a.json')).toBeNull();
    expect(unpackCredentialList(enc(ob3Credential({ n: 1 })), 'b.json')).toBeNull();
    expect(unpackCredentialList(enc('[not json'), 'c.json')).toBeNull();
    expect(unpackCredentialList(enc('{"data": [1, 2]}'), 'd.json')).toBeNull();
    expect(unpackCredentialList(enc('eyJhbGciOiJFZERTQSJ9.e30.sig'), 'e.jwt')).toBeNull();
  });

  it('splits a top-level list into its entries, byte for byte, whatever the spacing, escapes and nesting', () => {
    const a = ob2Assertion({ n: 1, title: 'Quote " and ] bracket' });
    const b = ob3Credential({ n: 2, title: 'Ünïcødé \\ backslash' });
    const listed = unpackCredentialList(enc(`\uFEFF [ ${a} ,\n\t${b}\n]`), 'list.json')!;
    expect(listed.map((i) => i.name)).toEqual(['list.json#1', 'list.json#2']);
    expect(text(listed[0])).toBe(a);
    expect(text(listed[1])).toBe(b);
  });

  it('takes tokens and addresses from a list, and reports entries that are neither', () => {
    const listed = unpackCredentialList(
      enc(
        '["eyJhbGciOiJFZERTQSJ9.eyJhIjoxfQ.c2ln", "https://badges.example.org/a/1", "hello", null, [1]]',
      ),
      'mixed.json',
    )!;
    expect(text(listed[0])).toBe('eyJhbGciOiJFZERTQSJ9.eyJhIjoxfQ.c2ln');
    expect(listed[1]).toMatchObject({ url: 'https://badges.example.org/a/1' });
    expect(listed.slice(2).map((i) => ('error' in i ? i.error.code : 'kept'))).toEqual([
      'unsupported-format',
      'unsupported-format',
      'unsupported-format',
    ]);
  });

  it('reads Badge Connect, Open Badges 3.0 API, Badgr backpack and Credly profile answers', () => {
    const a = ob2Assertion({ n: 3 });
    expect(
      text(
        unpackCredentialList(enc(`{"status":{"statusCode":200},"results":[${a}]}`), 'bc.json')![0],
      ),
    ).toBe(a);
    const c = ob3Credential({ n: 4 });
    const ob3 = unpackCredentialList(
      enc(`{"compactJwsString":["eyJhbGciOiJFZERTQSJ9.e30.c2ln"],"credential":[${c}]}`),
      'ob3.json',
    )!;
    expect(ob3.map(text)).toEqual([c, 'eyJhbGciOiJFZERTQSJ9.e30.c2ln']);
    const badgr = unpackCredentialList(
      enc(
        JSON.stringify({
          status: { success: true },
          result: [
            {
              entityType: 'Assertion',
              openBadgeId: 'https://api.badgr.io/public/assertions/x',
              originalJson: '{}',
            },
            { entityType: 'Assertion', originalJson: a },
            { entityType: 'Assertion' },
          ],
        }),
      ),
      'badgr.json',
    )!;
    expect(badgr[0]).toMatchObject({ url: 'https://api.badgr.io/public/assertions/x' });
    expect(text(badgr[1])).toBe(a);
    expect(badgr[2]).toMatchObject({ error: { code: 'unsupported-format' } });
    const credly = unpackCredentialList(
      enc(
        JSON.stringify({
          data: [
            { id: 'BBA0BB9B-02CB-4468-A943-6C5D92D5A0E1', badge_template: { name: 'x' } },
            { id: '../../etc', badge_template: {} },
          ],
        }),
      ),
      'badges.json',
    )!;
    expect(credly[0]).toMatchObject({
      url: 'https://www.credly.com/badges/bba0bb9b-02cb-4468-a943-6c5d92d5a0e1',
    });
    expect(credly[1]).toMatchObject({ error: { code: 'unsupported-format' } });
  });

  it('refuses an empty export, too many entries, and the usual JSON attacks', () => {
    expect(caught(() => unpackCredentialList(enc('[]'), 'e.json')).message).toMatch(/empty/);
    const many = `[${Array.from({ length: MAX_LISTED + 1 }, () => '{}').join(',')}]`;
    expect(caught(() => unpackCredentialList(enc(many), 'm.json')).code).toBe('too-large');
    // Not a list the parser can read: left to the credential parser, which names the attack.
    expect(unpackCredentialList(enc('[{"__proto__": {"polluted": 1}}]'), 'p.json')).toBeNull();
    expect(
      unpackCredentialList(enc(`${'['.repeat(100_000)}${']'.repeat(100_000)}`), 'deep.json'),
    ).toBeNull();
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
