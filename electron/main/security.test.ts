// The window's security settings are asserted here, not left to review (SECURITY.md).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSP, isAllowedExternalUrl, isAppUrl, WEB_PREFERENCES } from './security';

describe('webPreferences', () => {
  it('isolates, sandboxes and keeps Node out of every page', () => {
    expect(WEB_PREFERENCES).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
    expect(WEB_PREFERENCES).not.toHaveProperty('enableBlinkFeatures');
    expect(WEB_PREFERENCES).not.toHaveProperty('preload');
  });

  it('is what the window is created with', () => {
    const source = fs.readFileSync(path.join(__dirname, 'window.ts'), 'utf8');
    expect(source).toMatch(/webPreferences:\s*\{\s*\.\.\.WEB_PREFERENCES,\s*preload:/);
  });
});

describe('Content-Security-Policy', () => {
  it('allows only the app itself, plus data:/blob: images', () => {
    expect(CSP).toBe(
      "default-src 'self'; script-src 'self'; img-src 'self' data: blob:; connect-src 'self'",
    );
  });

  it('is also the meta tag of the page', () => {
    const html = fs.readFileSync(path.join(__dirname, '../../src/renderer/index.html'), 'utf8');
    expect(html).toContain(`content="${CSP}"`);
  });
});

describe('external links', () => {
  it.each(['https://example.org/badge', 'https://credly.com/badges/abc?x=1#y'])(
    'opens %s',
    (url) => {
      expect(isAllowedExternalUrl(url)).toBe(true);
    },
  );

  it.each([
    'http://example.org/',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'data:text/html,<script>alert(1)</script>',
    'smb://host/share',
    'https://user:pass@example.org/',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });
});

describe('our own page', () => {
  const where = { indexUrl: 'file:///opt/Skillfolio/resources/app.asar/out/renderer/index.html' };

  it('recognises the built page, with or without a fragment', () => {
    expect(isAppUrl(where.indexUrl, where)).toBe(true);
    expect(isAppUrl(`${where.indexUrl}#/library`, where)).toBe(true);
  });

  it('treats any other document as foreign', () => {
    expect(isAppUrl('file:///tmp/evil.html', where)).toBe(false);
    expect(
      isAppUrl('file:///opt/Skillfolio/resources/app.asar/out/renderer/other.html', where),
    ).toBe(false);
    expect(isAppUrl('https://example.org/out/renderer/index.html', where)).toBe(false);
    expect(isAppUrl('about:blank', where)).toBe(false);
    expect(isAppUrl('garbage', where)).toBe(false);
  });

  it('accepts the dev server only while developing', () => {
    const dev = { ...where, devUrl: 'http://localhost:5173/' };
    expect(isAppUrl('http://localhost:5173/', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5173/', where)).toBe(false);
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false);
  });
});
