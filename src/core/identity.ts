// Who the user is, as issuers address awards: e-mail addresses, web addresses and phone numbers (for recipient matching).

export const IDENTITY_KINDS = ['email', 'url', 'phone'] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

export type Identity = { id: number; kind: IdentityKind; value: string; addedAt: string };

export type IdentityInput = { kind: IdentityKind; value: string };

const MAX_IDENTITY = 320;
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+$/;
const PHONE_CHARS = /^\+?[\d\s().-]+$/;

/**
 * Reads what the user typed as an identity. E-mail addresses and web addresses are kept as typed
 * (trimmed; `mailto:` dropped), since issuers hash them as given; phone numbers lose their spaces,
 * dashes, dots and brackets (`+44 20 7946 0958` → `+442079460958`), the E.164 form badges use.
 * Returns an error message instead when the text is none of the three.
 */
export function parseIdentity(text: string): IdentityInput | { error: string } {
  const t = text.trim();
  if (t === '')
    return {
      error:
        'An identity cannot be empty: give an e-mail address, a web address or a phone number.',
    };
  if (t.length > MAX_IDENTITY)
    return { error: `An identity is at most ${MAX_IDENTITY} characters long.` };
  if (/^https?:\/\/\S+$/i.test(t)) {
    try {
      const url = new URL(t);
      if (url.hostname !== '') return { kind: 'url', value: t };
    } catch {
      // Falls through to the message below.
    }
    return { error: `"${t}" is not a web address Skillfolio can use as an identity.` };
  }
  const mail = t.replace(/^mailto:/i, '');
  if (mail.includes('@')) {
    if (EMAIL.test(mail) && !mail.startsWith('@') && !mail.endsWith('@'))
      return { kind: 'email', value: mail };
    return { error: `"${t}" is not an e-mail address (expected name@example.org).` };
  }
  if (PHONE_CHARS.test(t)) {
    const digits = t.replace(/[\s().-]/g, '');
    if (/^\+?\d{5,15}$/.test(digits)) return { kind: 'phone', value: digits };
  }
  return {
    error: `"${t}" is not an e-mail address, a web address (https://…) or a phone number (+country code and digits).`,
  };
}
