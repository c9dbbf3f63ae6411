// A credential's original bytes as a person can read them: JSON pretty-printed, a JWT opened up, binaries described, never rendered.

export type OriginalSection = { title: string; text: string };
export type OriginalView = { summary: string; sections: OriginalSection[] };

/** Enough of an original to read it; the rest stays in the library (and in exports). */
export const MAX_ORIGINAL_CHARS = 200_000;
/** Larger texts are shown as they are: re-indenting megabytes would only make them longer. */
const MAX_PRETTY_CHARS = 2_000_000;

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
/**
 * Characters that would change how the text reads (direction overrides, invisible controls) are
 * shown as escapes, so the raw view displays exactly what is there and cannot be disguised.
 */
const HIDDEN =
  // eslint-disable-next-line no-control-regex -- showing control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

function escapeHidden(text: string): string {
  return text.replace(
    HIDDEN,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`,
  );
}

function clipped(text: string): string {
  if (text.length <= MAX_ORIGINAL_CHARS) return text;
  const more = text.length - MAX_ORIGINAL_CHARS;
  return `${text.slice(0, MAX_ORIGINAL_CHARS)}\n… (${more.toLocaleString('en-US')} more characters not shown)`;
}

export function decodeBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function utf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function pretty(text: string): string {
  if (text.length > MAX_PRETTY_CHARS) return text;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function base64UrlText(part: string): string | null {
  try {
    const b64 = part.replace(/-/g, '+').replace(/_/g, '/');
    return utf8(decodeBase64(b64 + '='.repeat((4 - (b64.length % 4)) % 4)));
  } catch {
    return null;
  }
}

function show(text: string): string {
  return escapeHidden(clipped(text));
}

const bytesText = (n: number): string =>
  `${n.toLocaleString('en-US')} ${n === 1 ? 'byte' : 'bytes'}`;

/** How to show an original of this media type. Pure: tested without a browser. */
export function describeOriginal(mediaType: string, bytes: Uint8Array): OriginalView {
  const type = mediaType.toLowerCase();
  const size = bytesText(bytes.length);
  if (type.startsWith('image/') && !type.includes('svg')) {
    const kind = type.slice('image/'.length).toUpperCase();
    return {
      summary: `Binary image (${kind}), ${size}. The credential is baked inside the image.`,
      sections: [],
    };
  }
  const text = utf8(bytes);
  if (text === null) {
    return {
      summary: `Binary file (${mediaType}), ${size}: not text, so not shown.`,
      sections: [],
    };
  }
  const trimmed = text.trim();
  if (type.includes('jwt') || JWT.test(trimmed)) {
    const [header, payload, signature = ''] = trimmed.split('.');
    const headerText = header ? base64UrlText(header) : null;
    const payloadText = payload ? base64UrlText(payload) : null;
    if (headerText !== null && payloadText !== null) {
      return {
        summary: `JSON Web Token, ${size}; signature ${signature.length.toLocaleString('en-US')} characters.`,
        sections: [
          { title: 'Header', text: show(pretty(headerText)) },
          { title: 'Payload', text: show(pretty(payloadText)) },
          { title: 'Token as imported', text: show(trimmed) },
        ],
      };
    }
  }
  if (type.includes('json')) {
    return { summary: `JSON, ${size}.`, sections: [{ title: 'JSON', text: show(pretty(text)) }] };
  }
  const name = type.includes('svg')
    ? 'SVG image (XML text)'
    : type.includes('xml')
      ? 'XML'
      : mediaType;
  return { summary: `${name}, ${size}.`, sections: [{ title: 'Text', text: show(text) }] };
}
