// The normalised shape every codec produces, whatever format the credential arrived in.

export const FORMAT_IDS = [
  'ob2',
  'ob3',
  'clr2',
  'vc',
  'blockcerts',
  'europass',
  'pdf-certificate',
  'self-reported',
] as const;
export type FormatId = (typeof FORMAT_IDS)[number];

export type Alignment = {
  targetName: string;
  targetCode?: string;
  targetFramework?: string;
  targetUrl?: string;
};

export type Evidence = {
  id?: string;
  name?: string;
  description?: string;
  narrative?: string;
};

export type Achievement = {
  id?: string;
  name?: string;
  description?: string;
  type?: string;
  criteria?: string;
  fieldOfStudy?: string;
};

/** Where the badge image comes from: bytes we already hold, or a URL the main process may fetch. */
export type ImageRef =
  | { kind: 'bytes'; mediaType: string; bytes: Uint8Array }
  | { kind: 'url'; url: string };

export type Credential = {
  /** The credential's own id (assertion id, VC id, jti), if it has one. */
  credentialId: string | null;
  title: string;
  description: string | null;
  issuerName: string | null;
  issuerId: string | null;
  /** ISO 8601 strings as found (normalised to ISO where unambiguous). */
  issuedOn: string | null;
  validUntil: string | null;
  validFrom: string | null;
  recipient: string | null;
  achievement: Achievement | null;
  evidence: Evidence[];
  alignments: Alignment[];
  tags: string[];
  image: ImageRef | null;
};

/**
 * One parsed credential, ready to store: the original bytes verbatim plus what we read from them.
 * A CLR bundle carries its nested credentials as children.
 */
export type ParsedCredential = {
  format: FormatId;
  /** Media type of `original`: application/json, application/ld+json, application/vc+jwt, image/png, image/svg+xml … */
  mediaType: string;
  original: Uint8Array;
  credential: Credential;
  /** The decoded document (JSON) the fields were read from — for verification later; never stored instead of `original`. */
  document: unknown;
  children: ParsedCredential[];
  /** Things the user should know about this item that did not stop the import (e.g. "issuer profile not fetched: offline"). */
  notes: string[];
};

export function emptyCredential(title: string): Credential {
  return {
    credentialId: null,
    title,
    description: null,
    issuerName: null,
    issuerId: null,
    issuedOn: null,
    validUntil: null,
    validFrom: null,
    recipient: null,
    achievement: null,
    evidence: [],
    alignments: [],
    tags: [],
    image: null,
  };
}
