// The signed VC 2.0 presentation (portfolio.vp.json): a résumé credential, the original credentials untouched, a holder proof.
import crypto from 'node:crypto';
import jsonld from 'jsonld';
import { AppError } from '../shared/errors';
import { documentLoader } from '../verify/contexts';
import { expandPresentation } from './expanded-presentation';
import { hasDataIntegrityProof, signDataIntegrity } from '../verify/data-integrity';
import type { HolderKeys } from './keys';
import type { ExportBlob, ExportItem, ExportModel } from './model';
import { isAbsoluteIri, isHttpUrl } from './model';

type Doc = Record<string, unknown>;

export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
/** The résumé's schema.org terms: the VC 2.0 context is protected and has no @vocab of its own. */
const SCHEMA_ORG_CONTEXT = { '@vocab': 'https://schema.org/' };
export const DEFAULT_DOMAIN = 'skillfolio:portfolio-export';

/** Reads a stored original as a JSON-LD document, or null when it is not one (JWT, PDF, XML …). */
export type OriginalDecoder = (original: ExportBlob) => unknown;

export type PresentationOptions = {
  keys: HolderKeys;
  /** A verifier's nonce; random when not given. */
  challenge?: string;
  /** Who the presentation is for (a verifier's domain); DEFAULT_DOMAIN when not given. */
  domain?: string;
  /** Decodes originals that are not plain JSON (baked PNG/SVG); JSON originals are read directly. */
  decodeOriginal?: OriginalDecoder;
  /** Which originals travel inside, when the caller planned it already (planPresentation). */
  plan?: PresentationPlan;
};

export type EmbeddedCredential = { item: ExportItem; document: Doc };

export type BuiltPresentation = {
  presentation: Doc;
  /** The file: the presentation as pretty-printed UTF-8 JSON. */
  bytes: Uint8Array;
  resumeCredential: Doc;
  embedded: EmbeddedCredential[];
  /** Originals bound by relatedResource + digestSRI, shipped beside the presentation. */
  beside: ExportItem[];
  challenge: string;
  domain: string;
  warnings: string[];
};

function isRecord(v: unknown): v is Doc {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asList(v: unknown): unknown[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

function isoSeconds(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 19)}Z`;
}

function jsonMediaType(mediaType: string): boolean {
  const base = mediaType.split(';')[0]?.trim().toLowerCase() ?? '';
  return base === 'application/json' || base.endsWith('+json');
}

/** The original as a document, parsed from its stored bytes (never from a re-serialised copy). */
function decodeStored(item: ExportItem, decode: OriginalDecoder | undefined): Doc | null {
  try {
    if (jsonMediaType(item.original.mediaType)) {
      const parsed: unknown = JSON.parse(Buffer.from(item.original.bytes).toString('utf8'));
      return isRecord(parsed) ? parsed : null;
    }
    const decoded = decode?.(item.original);
    return isRecord(decoded) ? decoded : null;
  } catch {
    return null;
  }
}

/** A Data Integrity credential that can travel inside: a JSON-LD VC with an embedded proof. */
function isTravellingCredential(doc: Doc): boolean {
  return (
    doc['@context'] !== undefined &&
    asList(doc.type).includes('VerifiableCredential') &&
    hasDataIntegrityProof(doc)
  );
}

/** Whether every term of the credential is defined by contexts Skillfolio ships (safe mode, no fetch). */
async function expandsSafely(doc: Doc): Promise<boolean> {
  try {
    await jsonld.toRDF(doc, { safe: true, documentLoader });
    return true;
  } catch {
    return false;
  }
}

export type PresentationPlan = {
  embedded: EmbeddedCredential[];
  beside: ExportItem[];
  warnings: string[];
};

/**
 * Which originals travel inside. Every JSON-LD credential with an embedded proof is a candidate;
 * one whose terms or contexts Skillfolio cannot process in safe mode would make the holder proof
 * impossible, so `refused` (found only after a first signing attempt failed) sends it beside.
 */
function plan(
  model: ExportModel,
  decode: OriginalDecoder | undefined,
  refused: ReadonlySet<number>,
): PresentationPlan {
  const embedded: EmbeddedCredential[] = [];
  const beside: ExportItem[] = [];
  const warnings: string[] = [];
  for (const item of model.items) {
    const doc = decodeStored(item, decode);
    if (doc && isTravellingCredential(doc)) {
      if (!refused.has(item.ref)) {
        embedded.push({ item, document: doc });
        continue;
      }
      warnings.push(
        `"${item.title}" uses JSON-LD terms or contexts Skillfolio does not ship, so it cannot go inside the signed presentation; its original travels beside it as ${item.fileName}.`,
      );
    }
    beside.push(item);
  }
  return { embedded, beside, warnings };
}

/**
 * The originals that will travel inside the presentation, as far as can be known before signing:
 * the PDF lays out its appendix from this while the presentation is signed. Signing may still send
 * one beside (terms Skillfolio does not ship): compare with the built presentation's `embedded`.
 */
export function planPresentation(
  model: ExportModel,
  decode: OriginalDecoder | undefined,
): PresentationPlan {
  return plan(model, decode, new Set());
}

function resumeSubject(model: ExportModel, holderDid: string): Doc {
  const p = model.person;
  const subject: Doc = {
    '@context': SCHEMA_ORG_CONTEXT,
    id: holderDid,
    type: 'Person',
    name: p.name,
  };
  if (p.headline) subject.headline = p.headline;
  if (p.summary) subject.description = p.summary;
  if (p.targetRole) subject.seeks = { type: 'Demand', name: p.targetRole };
  if (p.email) subject.email = p.email;
  const links = p.links.filter(isHttpUrl);
  if (links.length > 0) subject.sameAs = links.map((url) => ({ id: url }));
  subject.knowsAbout = model.skills.map((s) => ({
    type: 'DefinedTerm',
    name: s.name,
    subjectOf: s.items.map((i) => ({ id: i.iri })),
  }));
  subject.hasCredential = model.items.map((i) => {
    const c: Doc = { id: i.iri, type: 'EducationalOccupationalCredential', name: i.title };
    if (i.issuer || i.issuerId) {
      const org: Doc = { type: 'Organization' };
      if (i.issuerId && isAbsoluteIri(i.issuerId)) org.id = i.issuerId;
      if (i.issuer) org.name = i.issuer;
      c.recognizedBy = org;
    }
    if (i.issuedOn) c.dateCreated = i.issuedOn;
    if (i.validUntil) c.expires = i.validUntil;
    if (i.verifyUrl) c.url = i.verifyUrl;
    c.credentialCategory = i.formatLabel;
    if (i.skills.length > 0)
      c.competencyRequired = i.skills.map((name) => ({ type: 'DefinedTerm', name }));
    return c;
  });
  return subject;
}

/**
 * Builds and signs the presentation: a résumé credential the holder issues to themselves
 * (assertionMethod proof), every Data Integrity original embedded as parsed from its stored bytes,
 * relatedResource digests for the rest, and the holder's authentication proof over all of it.
 */
export async function buildPresentation(
  model: ExportModel,
  opts: PresentationOptions,
): Promise<BuiltPresentation> {
  const challenge = opts.challenge ?? crypto.randomUUID();
  const domain = opts.domain ?? DEFAULT_DOMAIN;
  const created = isoSeconds(model.exportedAt);
  let planned = opts.plan ?? plan(model, opts.decodeOriginal, new Set());
  try {
    return await signAll(model, opts, planned, challenge, domain, created);
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'bad-input' || planned.embedded.length === 0)
      throw err;
    // Canonicalisation failed: find the credentials that cannot be processed and ship them beside.
    const refused = new Set<number>();
    for (const e of planned.embedded)
      if (!(await expandsSafely(e.document))) refused.add(e.item.ref);
    if (refused.size === 0) throw err;
    planned = plan(model, opts.decodeOriginal, refused);
    return signAll(model, opts, planned, challenge, domain, created);
  }
}

async function signAll(
  model: ExportModel,
  opts: PresentationOptions,
  planned: PresentationPlan,
  challenge: string,
  domain: string,
  created: string,
): Promise<BuiltPresentation> {
  const { holder } = opts.keys;
  const { embedded, beside, warnings } = planned;

  const resume: Doc = {
    '@context': [VC_V2_CONTEXT],
    id: `urn:uuid:${crypto.randomUUID()}`,
    type: ['VerifiableCredential'],
    name: `Résumé of ${model.person.name}`,
    description: `${model.portfolioName}: ${model.items.length} credential${model.items.length === 1 ? '' : 's'} exported by Skillfolio, each verifiable on its own.`,
    issuer: holder.did,
    validFrom: created,
    credentialSubject: resumeSubject(model, holder.did),
  };
  if (beside.length > 0) {
    resume.relatedResource = beside.map((i) => ({
      id: i.iri,
      name: i.fileName,
      mediaType: i.original.mediaType,
      digestSRI: i.digestSRI,
    }));
  }
  const signedResume = await signDataIntegrity(resume, {
    suite: 'eddsa-rdfc-2022',
    privateKey: holder.privateKey,
    verificationMethod: holder.verificationMethod,
    proofPurpose: 'assertionMethod',
    created,
  });
  const unsigned: Doc = {
    '@context': [VC_V2_CONTEXT],
    id: `urn:uuid:${crypto.randomUUID()}`,
    type: ['VerifiablePresentation'],
    holder: holder.did,
    verifiableCredential: [signedResume, ...embedded.map((e) => e.document)],
  };
  const sign = (expanded?: Doc[]) =>
    signDataIntegrity(unsigned, {
      suite: 'eddsa-rdfc-2022',
      privateKey: holder.privateKey,
      verificationMethod: holder.verificationMethod,
      proofPurpose: 'authentication',
      challenge,
      domain,
      created,
      expanded,
    });
  // The originals' expansions are kept between exports (by the digest of their bytes).
  const expanded = await expandPresentation(unsigned, [
    { document: signedResume },
    ...embedded.map((e) => ({
      document: e.document,
      key: e.item.digestSRI,
      size: e.item.original.bytes.length,
    })),
  ]);
  let presentation: Doc;
  try {
    presentation = await sign(expanded ?? undefined);
  } catch (err) {
    // Signing the whole presentation then says exactly what is wrong, if anything is.
    if (expanded === null) throw err;
    presentation = await sign();
  }
  const bytes = Buffer.from(JSON.stringify(presentation, null, 2) + '\n', 'utf8');
  assertOriginalsIntact(bytes, embedded, opts.decodeOriginal);
  return {
    presentation,
    bytes,
    resumeCredential: signedResume,
    embedded,
    beside,
    challenge,
    domain,
    warnings,
  };
}

/**
 * The written file must carry each original exactly as the issuer signed it: re-read the bytes
 * and compare every embedded credential with a fresh parse of its stored original.
 */
function assertOriginalsIntact(
  bytes: Uint8Array,
  embedded: EmbeddedCredential[],
  decode: OriginalDecoder | undefined,
): void {
  const written = JSON.parse(Buffer.from(bytes).toString('utf8')) as Doc;
  const vcs = asList(written.verifiableCredential);
  embedded.forEach((e, i) => {
    const fresh = JSON.stringify(decodeStored(e.item, decode));
    if (JSON.stringify(vcs[i + 1]) !== fresh) {
      throw new AppError(
        'internal',
        `The original of "${e.item.title}" changed while it was being embedded.`,
      );
    }
  });
}
