// Is this Open Badges 2.0 award addressed to the person using Skillfolio? (salted hashes, plain identities)
import { createHash } from 'node:crypto';
import type { CheckResult } from './types';

export type Ob2Recipient = { identity: string; hashed?: boolean; salt?: string; type?: string };

export const NO_IDENTITIES_MESSAGE =
  'Recipient not checked: add your e-mail in Settings → Your identities to check the recipient (or run "skillfolio identity add").';

const HASH_PREFIX = /^(sha256|md5)\$([0-9a-f]+)$/i;
const HEX_LENGTH: Record<string, number> = { sha256: 64, md5: 32 };

function clip(s: string, max = 80): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/**
 * The spellings of one identity worth hashing: as typed, and lower-cased (issuers usually hash the
 * address as the learner gave it, which is rarely upper case; e-mail domains ignore case anyway).
 */
function spellings(identity: string): string[] {
  const t = identity.trim();
  const lower = t.toLowerCase();
  return lower === t ? [t] : [t, lower];
}

function digest(alg: 'sha256' | 'md5', text: string): string {
  return createHash(alg).update(text, 'utf8').digest('hex');
}

/** A hashed identity is `alg$hex`; OB 0.5 and some 1.0 issuers wrote it without saying `hashed: true`. */
function hashOf(identity: string): { alg: 'sha256' | 'md5'; hex: string } | null {
  const m = HASH_PREFIX.exec(identity.trim());
  if (!m) return null;
  const alg = (m[1] ?? '').toLowerCase() as 'sha256' | 'md5';
  const hex = (m[2] ?? '').toLowerCase();
  return hex.length === HEX_LENGTH[alg] ? { alg, hex } : null;
}

/**
 * Compares an OB 2.0 recipient (`IdentityObject`) with the user's identities. A match → `pass`;
 * no match → `warn` (a badge awarded to an old address is still the user's history, never
 * `invalid`); no identities configured → `skip` saying how to add one.
 */
export function matchRecipient(
  recipient: Ob2Recipient,
  identities: readonly string[],
): CheckResult {
  const mine = identities.map((i) => i.trim()).filter((i) => i !== '');
  if (mine.length === 0) {
    return { id: 'recipient', status: 'skip', message: NO_IDENTITIES_MESSAGE };
  }
  const what = recipient.type && recipient.type !== 'email' ? `${recipient.type} ` : '';
  const hash = hashOf(recipient.identity);
  const declaredHashed = recipient.hashed === true;

  if (hash || declaredHashed) {
    if (!hash) {
      const alg = recipient.identity.split('$')[0] ?? '';
      return {
        id: 'recipient',
        status: 'warn',
        message: `The recipient is hidden behind a hash Skillfolio cannot check ("${clip(alg, 20)}"); it may or may not be you.`,
      };
    }
    const salt = recipient.salt ?? '';
    for (const identity of mine) {
      for (const spelling of spellings(identity)) {
        if (digest(hash.alg, spelling + salt) === hash.hex) {
          return {
            id: 'recipient',
            status: 'pass',
            message: `Awarded to you: the recipient's ${hash.alg} hash matches your ${what}identity ${clip(identity)}.`,
          };
        }
      }
    }
    return {
      id: 'recipient',
      status: 'warn',
      message: `Awarded to someone else, or to an address you have not added: the recipient's ${hash.alg} hash matches none of your ${mine.length} identit${mine.length === 1 ? 'y' : 'ies'}.`,
    };
  }

  const theirs = recipient.identity.trim();
  const found = mine.find((i) => i.toLowerCase() === theirs.toLowerCase());
  if (found !== undefined) {
    return {
      id: 'recipient',
      status: 'pass',
      message: `Awarded to you: the recipient is your ${what}identity ${clip(found)}.`,
    };
  }
  return {
    id: 'recipient',
    status: 'warn',
    message: `Awarded to ${clip(theirs)}, which is not one of your identities.`,
  };
}
