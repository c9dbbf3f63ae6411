// Opens a Verifiable Presentation (what wallets hand over) into the credentials it carries, so each imports on its own.
import { AppError } from '../shared/errors';
import { isRecord, parseJsonBytes } from './json';
import { isPresentation } from './vc';

export type PresentedCredential = { name: string; bytes: Uint8Array; notes: string[] };

const MARKER = Buffer.from('VerifiablePresentation');
const ENVELOPED_JWT = /^data:application\/(vc\+jwt|vc\+sd-jwt|jwt)[;,]/;

/**
 * The credentials inside `bytes` when it is a JSON presentation; null when it is not one (the
 * caller then parses it as a credential). A presentation with nothing inside is refused.
 */
export function unpackPresentation(bytes: Uint8Array, name: string): PresentedCredential[] | null {
  // Cheap test first: most imports are not presentations and should not be parsed twice.
  if (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(MARKER) < 0) return null;
  let doc: unknown;
  try {
    doc = parseJsonBytes(bytes, name);
  } catch {
    return null; // not JSON: let the credential parser give the precise reason
  }
  if (!isRecord(doc) || !isPresentation(doc)) return null;
  const raw = doc['verifiableCredential'];
  const list = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
  const out: PresentedCredential[] = [];
  list.forEach((item, i) => {
    const itemName = `${name}#credential-${i + 1}`;
    if (typeof item === 'string') {
      out.push({ name: itemName, bytes: new TextEncoder().encode(item.trim()), notes: [] });
    } else if (isRecord(item) && typeof item['id'] === 'string' && ENVELOPED_JWT.test(item['id'])) {
      const token = item['id'].slice(item['id'].indexOf(',') + 1);
      out.push({ name: itemName, bytes: new TextEncoder().encode(token), notes: [] });
    } else if (isRecord(item)) {
      out.push({
        name: itemName,
        bytes: new TextEncoder().encode(JSON.stringify(item)),
        notes: ['Taken out of a presentation: stored as re-serialised JSON, not the bytes the issuer signed.'],
      });
    }
  });
  if (out.length === 0) {
    throw new AppError(
      'unsupported-format',
      'This is a Verifiable Presentation with no credentials inside: there is nothing to import.',
    );
  }
  return out;
}
