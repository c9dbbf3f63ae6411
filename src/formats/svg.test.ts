// Baked SVG reading and writing, including every hostile SVG from SECURITY.md.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseJsonText } from './json';
import { bakeSvg, looksLikeSvg, readBakedSvg } from './svg';
import { caught } from '../../test/helpers/errors';

const enc = (s: string) => new TextEncoder().encode(s);
const SVG_NS = 'xmlns="http://www.w3.org/2000/svg"';
const OB_NS = 'xmlns:openbadges="http://openbadges.org"';
const ASSERTION =
  '{"@context":"https://w3id.org/openbadges/v2","type":"Assertion","id":"urn:uuid:1"}';
const PLAIN = `<svg ${SVG_NS} viewBox="0 0 10 10"><circle cx="5" cy="5" r="4" fill="url(#g)"/></svg>`;

function svg(body: string, extraNs = ''): Uint8Array {
  return enc(
    `<?xml version="1.0" encoding="UTF-8"?>\n<svg ${SVG_NS} ${OB_NS} ${extraNs}>${body}</svg>`,
  );
}

const baked = (inner: string) =>
  `<openbadges:assertion verify="https://example.org/a.json"><![CDATA[${inner}]]></openbadges:assertion>`;

describe('looksLikeSvg', () => {
  it('accepts an <svg root after BOM, whitespace, XML declaration, comments and DOCTYPE', () => {
    expect(looksLikeSvg(enc(PLAIN))).toBe(true);
    expect(
      looksLikeSvg(enc(`\ufeff  <?xml version="1.0"?>\n<!-- made by hand -->\n${PLAIN}`)),
    ).toBe(true);
    const doctype =
      '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">';
    expect(looksLikeSvg(enc(`<?xml version="1.0"?>${doctype}${PLAIN}`))).toBe(true);
    expect(looksLikeSvg(enc(`<!DOCTYPE svg [<!ENTITY a "b">]><svg/>`))).toBe(true);
  });

  it('rejects other XML, HTML, JSON and binary', () => {
    expect(looksLikeSvg(enc('<?xml version="1.0"?><html><svg/></html>'))).toBe(false);
    expect(looksLikeSvg(enc('<svgfoo/>'))).toBe(false);
    expect(looksLikeSvg(enc('{"type":"Assertion"}'))).toBe(false);
    expect(looksLikeSvg(Uint8Array.from([0x89, 0x50, 0x4e, 0x47]))).toBe(false);
    expect(looksLikeSvg(enc('<!-- never closed <svg>'))).toBe(false);
  });
});

describe('readBakedSvg', () => {
  it('reads an OB 2.0 assertion from CDATA with its verify URL', () => {
    expect(
      readBakedSvg(svg(`\n  ${baked(`\n   ${ASSERTION}\n  `)}\n  <title>Badge</title>`)),
    ).toEqual({
      kind: 'assertion',
      text: ASSERTION,
      verifyUrl: 'https://example.org/a.json',
    });
  });

  it('reads an OB 3.0 credential holding a VC-JWT, escaped text included', () => {
    const jwt = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJhJmIifQ.c2ln';
    const got = readBakedSvg(svg(`<openbadges:credential>${jwt}</openbadges:credential>`));
    expect(got).toEqual({ kind: 'credential', text: jwt, verifyUrl: null });
    const escaped = readBakedSvg(
      svg('<openbadges:credential>{"a":"x &amp; &lt;y&gt;"}</openbadges:credential>'),
    );
    expect(escaped.text).toBe('{"a":"x & <y>"}');
  });

  it('returns an empty text with the verify URL for a hosted badge baked without JSON', () => {
    const got = readBakedSvg(svg('<openbadges:assertion verify="https://example.org/a.json"/>'));
    expect(got).toEqual({ kind: 'assertion', text: '', verifyUrl: 'https://example.org/a.json' });
  });

  it('takes a signed badge JWS from the verify attribute as the text', () => {
    const jws = 'eyJhbGciOiJSUzI1NiJ9.eyJ0eXBlIjoiQXNzZXJ0aW9uIn0.c2lnbmF0dXJl';
    const got = readBakedSvg(svg(`<openbadges:assertion verify="${jws}"></openbadges:assertion>`));
    expect(got).toEqual({ kind: 'assertion', text: jws, verifyUrl: null });
  });

  it('matches on the namespace URI whatever the prefix, and accepts an undeclared openbadges: prefix', () => {
    const other = enc(
      `<svg ${SVG_NS} xmlns:ob="http://openbadges.org"><ob:assertion verify="https://e.org/a"><![CDATA[${ASSERTION}]]></ob:assertion></svg>`,
    );
    expect(readBakedSvg(other).text).toBe(ASSERTION);
    const undeclared = enc(`<svg ${SVG_NS}>${baked(ASSERTION)}</svg>`);
    expect(readBakedSvg(undeclared).text).toBe(ASSERTION);
    const unrelated = enc(
      `<svg ${SVG_NS} xmlns:x="urn:other"><x:assertion>${ASSERTION}</x:assertion></svg>`,
    );
    expect(caught(() => readBakedSvg(unrelated)).code).toBe('unsupported-format');
  });

  it('refuses billion-laughs entity declarations without expanding anything', () => {
    const lol = [
      '<?xml version="1.0"?>',
      '<!DOCTYPE svg [',
      '  <!ENTITY lol "lol">',
      ...Array.from(
        { length: 9 },
        (_, i) => `  <!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
      ),
      ']>',
      `<svg ${SVG_NS} ${OB_NS}><openbadges:assertion>&lol9;</openbadges:assertion></svg>`,
    ].join('\n');
    const err = caught(() => readBakedSvg(enc(lol)));
    expect(err.code).toBe('unsafe-content');
    expect(err.message).toMatch(/entities/);
  });

  it('refuses external SYSTEM and PUBLIC identifiers, never fetching them', () => {
    const xxe = `<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><svg ${SVG_NS} ${OB_NS}>${baked('&xxe;')}</svg>`;
    expect(caught(() => readBakedSvg(enc(xxe))).code).toBe('unsafe-content');
    const external = `<!DOCTYPE svg SYSTEM "http://attacker.example/evil.dtd"><svg ${SVG_NS} ${OB_NS}>${baked(ASSERTION)}</svg>`;
    const err = caught(() => readBakedSvg(enc(external)));
    expect(err.code).toBe('unsafe-content');
    expect(err.message).toMatch(/external document/);
    const fakeW3c = `<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://attacker.example/svg11.dtd"><svg ${SVG_NS} ${OB_NS}>${baked(ASSERTION)}</svg>`;
    expect(caught(() => readBakedSvg(enc(fakeW3c))).code).toBe('unsafe-content');
    const parameterEntity = `<!DOCTYPE svg [%remote;]><svg ${SVG_NS} ${OB_NS}>${baked(ASSERTION)}</svg>`;
    expect(caught(() => readBakedSvg(enc(parameterEntity))).code).toBe('unsafe-content');
  });

  it('still reads a badge whose DOCTYPE is the standard W3C SVG 1.1 one (never fetched)', () => {
    const doc = `<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<svg ${SVG_NS} ${OB_NS}>${baked(ASSERTION)}</svg>`;
    expect(readBakedSvg(enc(doc)).text).toBe(ASSERTION);
  });

  it('treats an undefined entity reference as malformed', () => {
    const err = caught(() => readBakedSvg(svg(baked('') + '<title>&nbsp;</title>')));
    expect(err.code).toBe('malformed');
    expect(err.message).toMatch(/undefined entity/);
  });

  const dangers: Array<[string, string, RegExp]> = [
    ['<script>', '<script>alert(1)</script>', /<script>/],
    [
      'namespaced script',
      '<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>',
      /<script>/,
    ],
    ['onload', '<rect width="1" height="1" onload="alert(1)"/>', /onload/],
    ['onclick on root-level g', '<g onClick="x()"/>', /onClick/],
    [
      '<foreignObject>',
      '<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">hi</p></foreignObject>',
      /foreignObject/,
    ],
    [
      'external href',
      '<image href="https://tracker.example/p.png" width="1" height="1"/>',
      /tracker\.example/,
    ],
    ['external xlink:href', '<use xlink:href="http://evil.example/s.svg#a"/>', /xlink:href/],
    ['relative href', '<image href="other.png"/>', /other\.png/],
    [
      'javascript: link with a tab inside',
      '<a href="java\tscript:alert(1)"><text>x</text></a>',
      /external/,
    ],
    [
      'href-rewriting animation',
      '<a href="#x"><set attributeName="href" to="javascript:alert(1)"/></a>',
      /animation/,
    ],
    [
      'external CSS url() in a style attribute',
      '<rect style="fill: url(\'https://t.example/x\')"/>',
      /url\(https:\/\/t\.example\/x\)/,
    ],
    ['@import in <style>', '<style>@import "https://t.example/a.css";</style>', /@import/],
    ['<iframe>', '<iframe src="https://e.example"/>', /iframe/],
  ];
  it.each(dangers)(
    'refuses %s with unsafe-content even though a badge is present',
    (_, body, what) => {
      const err = caught(() =>
        readBakedSvg(svg(baked(ASSERTION) + body, 'xmlns:xlink="http://www.w3.org/1999/xlink"')),
      );
      expect(err.code).toBe('unsafe-content');
      expect(err.message).toMatch(what);
      expect(err.message).toMatch(/does not import it/);
    },
  );

  it('refuses an xml-stylesheet processing instruction', () => {
    const doc = `<?xml version="1.0"?><?xml-stylesheet href="https://t.example/a.css"?><svg ${SVG_NS} ${OB_NS}>${baked(ASSERTION)}</svg>`;
    expect(caught(() => readBakedSvg(enc(doc))).code).toBe('unsafe-content');
  });

  it('allows same-document and data: references', () => {
    const body =
      '<defs><linearGradient id="g"/></defs><use xlink:href="#g"/><image href="data:image/png;base64,AAAA"/>' +
      '<rect style="fill:url(#g)"/><style>rect { fill: url("#g") }</style>';
    expect(
      readBakedSvg(svg(baked(ASSERTION) + body, 'xmlns:xlink="http://www.w3.org/1999/xlink"')).text,
    ).toBe(ASSERTION);
  });

  it('refuses two credential elements as ambiguous', () => {
    const two = svg(baked(ASSERTION) + `<openbadges:credential>{"a":1}</openbadges:credential>`);
    const err = caught(() => readBakedSvg(two));
    expect(err.code).toBe('unsafe-content');
    expect(err.message).toMatch(/two Open Badges elements/);
  });

  it('says plainly when an SVG has no badge baked in', () => {
    const err = caught(() => readBakedSvg(enc(PLAIN)));
    expect(err.code).toBe('unsupported-format');
    expect(err.message).toBe('This SVG image has no Open Badges data baked into it.');
  });

  it('refuses bad XML, non-SVG roots, empty elements and child elements as errors', () => {
    expect(caught(() => readBakedSvg(svg(baked(ASSERTION) + '<g>'))).code).toBe('malformed');
    expect(caught(() => readBakedSvg(enc(`<svg ${SVG_NS}><p:x/></svg>`))).code).toBe('malformed');
    expect(caught(() => readBakedSvg(enc('<html><svg/></html>'))).code).toBe('unsupported-format');
    expect(
      caught(() => readBakedSvg(svg('<openbadges:assertion>  </openbadges:assertion>'))).code,
    ).toBe('malformed');
    const nested = svg('<openbadges:credential><g/>{}</openbadges:credential>');
    expect(caught(() => readBakedSvg(nested)).code).toBe('malformed');
  });

  it('refuses SVGs over 8 MB and text that is not UTF-8', () => {
    const big = svg(baked(ASSERTION) + `<!--${'x'.repeat(8 * 1024 * 1024)}-->`);
    expect(caught(() => readBakedSvg(big)).code).toBe('too-large');
    const latin1 = Uint8Array.from([...svg('<title>'), 0xe9, ...enc('</title>')]);
    expect(caught(() => readBakedSvg(latin1)).code).toBe('encoding');
  });
});

describe('bakeSvg', () => {
  it('bakes an assertion that reads back, declaring the namespace', () => {
    const out = bakeSvg(PLAIN, 'assertion', ASSERTION, 'https://example.org/a.json?x=1&y="2"');
    expect(out).toContain('xmlns:openbadges="http://openbadges.org"');
    expect(readBakedSvg(enc(out))).toEqual({
      kind: 'assertion',
      text: ASSERTION,
      verifyUrl: 'https://example.org/a.json?x=1&y="2"',
    });
    expect(looksLikeSvg(enc(out))).toBe(true);
  });

  it('keeps text containing "]]>" intact', () => {
    const text = '{"note":"a ]]> b ]]]]> c"}';
    expect(readBakedSvg(enc(bakeSvg(PLAIN, 'credential', text))).text).toBe(text);
  });

  it('replaces a badge already baked in instead of adding a second', () => {
    const once = bakeSvg(PLAIN, 'assertion', ASSERTION, 'https://example.org/a.json');
    const twice = bakeSvg(once, 'credential', '{"type":["VerifiableCredential"]}');
    expect(readBakedSvg(enc(twice))).toEqual({
      kind: 'credential',
      text: '{"type":["VerifiableCredential"]}',
      verifyUrl: null,
    });
    expect(twice.match(/xmlns:openbadges=/g)).toHaveLength(1);
  });

  it('handles a self-closing root and a prolog with quotes containing ">"', () => {
    const out = bakeSvg(
      `<?xml version="1.0"?>\n<!-- a > b --><svg ${SVG_NS} data-x="a>b"/>`,
      'credential',
      '{}',
    );
    expect(readBakedSvg(enc(out)).text).toBe('{}');
    expect(out).toContain('data-x="a>b"');
  });

  it('refuses to bake into a non-SVG or into an SVG carrying script', () => {
    expect(caught(() => bakeSvg('<html/>', 'assertion', ASSERTION)).code).toBe(
      'unsupported-format',
    );
    const scripted = `<svg ${SVG_NS}><script>alert(1)</script></svg>`;
    expect(caught(() => bakeSvg(scripted, 'assertion', ASSERTION)).code).toBe('unsafe-content');
  });
});

// The conformance corpus lives beside the project (../shared/conformance from the repo root).
const CONFORMANCE = fileURLToPath(new URL('../../../shared/conformance/', import.meta.url));
const hasCorpus = existsSync(`${CONFORMANCE}MANIFEST.tsv`);

describe.skipIf(!hasCorpus)(
  'conformance corpus: baked SVGs (skipped: ../shared/conformance is absent)',
  () => {
    const rows = hasCorpus
      ? readFileSync(`${CONFORMANCE}MANIFEST.tsv`, 'utf8')
          .split('\n')
          .slice(1)
          .map((line) => line.split('\t'))
          .filter((cols) => (cols[0] ?? '').endsWith('.svg'))
      : [];
    const read = (file: string) => readBakedSvg(readFileSync(`${CONFORMANCE}${file}`));

    it('knows every SVG specimen in the manifest', () => {
      expect(rows.map((r) => `${r[0]} ${r[9]}`).sort()).toEqual([
        'ob2/baked/bakery_bad-json.svg error',
        'ob2/baked/bakery_baked.svg unverified',
        'ob2/baked/bakery_no-json.svg error',
        'ob2/baked/bakery_unbaked.svg error',
      ]);
    });

    it('reads bakery_baked.svg (expected unverified) into JSON', () => {
      const got = read('ob2/baked/bakery_baked.svg');
      expect(got.kind).toBe('assertion');
      expect(got.verifyUrl).toBe('http://example.org');
      expect(parseJsonText(got.text)).toEqual({ verify: { url: 'http://example.org' } });
    });

    it('refuses bakery_unbaked.svg (expected error): no badge element', () => {
      expect(caught(() => read('ob2/baked/bakery_unbaked.svg')).code).toBe('unsupported-format');
    });

    // These two are `error` because of their content; this reader returns it, and the JSON step
    // (or, offline, the missing network) produces the error.
    it('returns bakery_bad-json.svg content, which the JSON step then refuses', () => {
      const got = read('ob2/baked/bakery_bad-json.svg');
      expect(got.text).toBe('{verify:{"url":"http://example.org"}}');
      expect(caught(() => parseJsonText(got.text)).code).toBe('malformed');
    });

    it('returns bakery_no-json.svg as an empty text with only a verify URL', () => {
      expect(read('ob2/baked/bakery_no-json.svg')).toEqual({
        kind: 'assertion',
        text: '',
        verifyUrl: 'http://example.org',
      });
    });

    it('does not take the PNG and JPEG specimens for SVG', () => {
      for (const f of [
        'validator-core_baked_heart.png',
        'validator-core_public_domain_heart_jpeg.jpg',
      ]) {
        expect(looksLikeSvg(readFileSync(`${CONFORMANCE}ob2/baked/${f}`))).toBe(false);
      }
      for (const r of rows)
        expect(looksLikeSvg(readFileSync(`${CONFORMANCE}${r[0] as string}`))).toBe(true);
    });
  },
);
