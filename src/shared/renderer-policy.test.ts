// A renderer may import contents and links, never a file by name; everything else it calls as a non-local caller.
import { describe, expect, it } from 'vitest';
import { rendererDispatchMode } from './renderer-policy';

describe('rendererDispatchMode', () => {
  it('dispatches ordinary methods as non-local', () => {
    expect(rendererDispatchMode('library.list', {})).toEqual({ ok: true, value: { local: false } });
    expect(rendererDispatchMode('no.such.method', {})).toEqual({
      ok: true,
      value: { local: false },
    });
  });

  it('lets the renderer import bytes, text and URLs', () => {
    const input = {
      sources: [
        { kind: 'text', text: '{}' },
        { kind: 'bytes', name: 'a.png', base64: 'AAAA' },
        { kind: 'url', url: 'https://example.org/badge' },
      ],
    };
    expect(rendererDispatchMode('library.import', input)).toEqual({
      ok: true,
      value: { local: true },
    });
  });

  it('refuses any path source, even one among many', () => {
    const res = rendererDispatchMode('library.import', {
      sources: [
        { kind: 'text', text: '{}' },
        { kind: 'path', path: '/home/someone/.ssh/id_rsa' },
      ],
    });
    expect(res).toMatchObject({ ok: false, error: { code: 'bad-input' } });
  });
});
