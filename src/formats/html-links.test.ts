// The badge-page scan: finds the links a page gives to its credential, and nothing a script or comment says.
import { describe, expect, it } from 'vitest';
import { HTML_LIMITS, looksLikeHtml, scanHtml } from './html-links';

const enc = (s: string) => new TextEncoder().encode(s);
const PAGE = 'https://badges.example.edu/earned/7';

describe('looksLikeHtml', () => {
  it('goes by the media type, or by how the bytes start', () => {
    expect(looksLikeHtml(enc('{}'), 'text/html')).toBe(true);
    expect(looksLikeHtml(enc('\uFEFF  <!DOCTYPE html><html>'), null)).toBe(true);
    expect(looksLikeHtml(enc('<html lang="en">'), 'application/octet-stream')).toBe(true);
    expect(
      looksLikeHtml(enc('{"@context": "https://w3id.org/openbadges/v2"}'), 'application/json'),
    ).toBe(false);
    expect(looksLikeHtml(enc('<svg xmlns="http://www.w3.org/2000/svg"/>'), null)).toBe(false);
  });
});

describe('scanHtml', () => {
  it('finds credential-typed alternates (relative, entity-escaped, any attribute order and quoting) and resolves them', () => {
    const page = `<!doctype html><HTML><head>
      <LINK TYPE="application/ld+json" REL="alternate" HREF="/assertions/7.json">
      <link rel='alternate stylesheet' type='application/json' href='../api/7?x=1&amp;y=2'>
      <link rel=alternate type=application/vc+jwt href=https://badges.example.edu/7.jwt>
      <link rel="alternate" type="application/json+oembed" href="/oembed?url=x">
      <link rel="alternate" type="application/rss+xml" href="/feed.xml">
    </head></html>`;
    const found = scanHtml(enc(page), PAGE);
    expect(found.alternates).toEqual([
      'https://badges.example.edu/assertions/7.json',
      'https://badges.example.edu/api/7?x=1&y=2',
      'https://badges.example.edu/7.jwt',
    ]);
    expect(found.links).toContain('https://badges.example.edu/oembed?url=x');
  });

  it('honours <base href> and keeps only http(s) addresses', () => {
    const page = `<base href="https://cdn.example.org/b/"><link rel="alternate" type="application/ld+json" href="a.json">
      <a href="javascript:alert(1)">x</a><a href="file:///etc/passwd">y</a><a href="data:text/html,hi">z</a>
      <a href="mailto:x@example.org">m</a><a href="#top">t</a><a href="https://ok.example/p">ok</a>`;
    const found = scanHtml(enc(page), PAGE);
    expect(found.alternates).toEqual(['https://cdn.example.org/b/a.json']);
    expect(found.links).toEqual(['https://ok.example/p']);
  });

  it('never looks inside scripts, styles or comments, except JSON-LD data blocks, which it returns as text', () => {
    const page = `<head>
      <!-- <link rel="alternate" type="application/ld+json" href="/commented.json"> -->
      <script>var s = '<link rel="alternate" type="application/ld+json" href="/scripted.json">';</script>
      <SCRIPT type="text/javascript">document.write("<a href='https://evil.example/x'>")</SCRIPT>
      <style>a[href="https://styled.example/"]{}</style>
      <script type="application/ld+json; charset=utf-8"> {"@context": "https://schema.org"} </script>
      <noscript><a href="https://noscript.example/">x</a></noscript>
    </head><body><a href="https://real.example/">real</a></body>`;
    const found = scanHtml(enc(page), PAGE);
    expect(found.alternates).toEqual([]);
    expect(found.embedded).toEqual(['{"@context": "https://schema.org"}']);
    expect(found.links).toEqual(['https://real.example/']);
  });

  it('takes broken markup in its stride: unclosed quotes, tags and scripts end the scan, they do not throw', () => {
    for (const page of [
      '<link rel="alternate type="application/ld+json" href="/a.json">',
      '<a href="https://x.example/ never closed',
      '<script>never closed <a href="https://hidden.example/">',
      '<<<<>>>< a b c <!-- unclosed comment <a href="https://c.example/">',
      '<a href=https://ok.example/>&#x110000;&#0;&bogus;</a>',
    ]) {
      expect(() => scanHtml(enc(page), PAGE)).not.toThrow();
    }
    expect(
      scanHtml(enc('<script>never closed <a href="https://hidden.example/">'), PAGE).links,
    ).toEqual([]);
  });

  it('reads only the first 2 MB of a huge page and stops after the tag and finding caps, quickly', () => {
    const tail = `<link rel="alternate" type="application/ld+json" href="/late.json">`;
    const huge = `<html>${' '.repeat(HTML_LIMITS.maxScanBytes)}${tail}`;
    expect(scanHtml(enc(huge), PAGE).alternates).toEqual([]);
    const many = Array.from({ length: 100_000 }, (_, i) => `<a href="/p/${i}">`).join('');
    const start = Date.now();
    const found = scanHtml(enc(many), PAGE);
    expect(found.links.length).toBe(HTML_LIMITS.maxFindings);
    expect(Date.now() - start).toBeLessThan(3000);
    const scripts = '<script>x</script>'.repeat(200_000);
    const t2 = Date.now();
    scanHtml(enc(scripts), PAGE);
    expect(Date.now() - t2).toBeLessThan(3000);
  });
});
