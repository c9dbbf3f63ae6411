// verify-export: everything a recipient can check in an exported PDF, presentation or vp+jwt, without trusting the exporter.
import crypto from 'node:crypto';
import type { Check, Verdict, VerificationReport } from '../core/verification';
import { mostSevere } from '../core/verification';
import { AppError } from '../shared/errors';
import { hasDataIntegrityProof, verifyDataIntegrity } from '../verify/data-integrity';
import { resolveVerificationMethod } from '../verify/did';
import { reportFromChecks } from '../verify/engine';
import { verifyCompactJws } from '../verify/jws';
import type { CheckResult, VerifyEnv } from '../verify/types';
import { PRESENTATION_FILE } from './pdf';
import { checkPdfSignature, readPdfAttachments, type PdfSigner } from './pdf-verify';

type Doc = Record<string, unknown>;

export type VerifiedCredential = {
  /** Where it was found: inside the presentation, attached beside it, or enveloped in the vp+jwt. */
  source: 'presentation' | 'attachment' | 'enveloped';
  name: string;
  id: string | null;
  verdict: Verdict;
  checks: Check[];
};

export type ExportVerification = {
  kind: 'pdf' | 'presentation' | 'presentation-jwt';
  /** The export's own verdict: its signatures and digests, and no credential inside that is invalid. */
  verdict: Verdict;
  checks: Check[];
  holder: string | null;
  challenge: string | null;
  domain: string | null;
  signer: PdfSigner | null;
  credentials: VerifiedCredential[];
  attachments: string[];
  checkedAt: string;
};

export type VerifyExportOptions = {
  env: VerifyEnv;
  /** Parses untrusted JSON under size/depth caps and refuses prototype-pollution keys. */
  parseJson: (bytes: Uint8Array, what: string) => unknown;
  /**
   * The full verification of one credential from its bytes (proof, status, validity): the
   * service passes the verification engine. Without it, Data Integrity proofs alone are checked.
   */
  verifyCredential?: (bytes: Uint8Array, name: string) => Promise<VerificationReport>;
  /** Files beside a .json/.jwt presentation, for its digests; absent when there is no folder. */
  sibling?: (name: string) => Promise<Uint8Array | null>;
};

const MAX_CREDENTIALS = 1000;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

function isRecord(v: unknown): v is Doc {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asList(v: unknown): unknown[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

function clip(s: string, max = 100): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** The presentation's own proof checks under names that cannot be mistaken for a credential's. */
function holderChecks(checks: CheckResult[]): CheckResult[] {
  return checks.map((c) => ({
    ...c,
    id: c.id === 'proof' ? 'holder-proof' : c.id === 'issuer' ? 'holder' : `holder-${c.id}`,
  }));
}

/** Without the engine: Data Integrity proofs are checked; anything else is reported as not checked. */
async function defaultVerify(
  bytes: Uint8Array,
  env: VerifyEnv,
  parseJson: VerifyExportOptions['parseJson'],
): Promise<VerificationReport> {
  const now = env.now().toISOString();
  const notChecked = (message: string): VerificationReport => ({
    verdict: 'unverified',
    checks: [{ id: 'proof', status: 'skip', message }],
    checkedAt: now,
  });
  let doc: unknown;
  try {
    doc = parseJson(bytes, 'The credential');
  } catch {
    return notChecked('Not checked: this file is not a JSON credential.');
  }
  if (!isRecord(doc) || !hasDataIntegrityProof(doc)) {
    return notChecked('Not checked: the credential carries no Data Integrity proof.');
  }
  return reportFromChecks(await verifyDataIntegrity(doc, env), now);
}

function credentialCheck(n: number, c: VerifiedCredential): CheckResult {
  const what = `${c.source === 'attachment' ? 'Attached' : c.source === 'enveloped' ? 'Enveloped' : 'Embedded'} credential "${clip(c.name, 80)}"`;
  if (c.verdict === 'verified')
    return { id: `credential:${n}`, status: 'pass', message: `${what} verifies.` };
  if (c.verdict === 'invalid') {
    const why = c.checks.find((ch) => ch.status === 'fail')?.message ?? '';
    return {
      id: `credential:${n}`,
      status: 'fail',
      implies: 'invalid',
      message: `${what} does not verify. ${why}`.trim(),
    };
  }
  if (c.verdict === 'error') {
    return {
      id: `credential:${n}`,
      status: 'warn',
      message: `${what} could not be read as a credential.`,
    };
  }
  // Revoked, expired or unverified credentials are history the résumé labels as such; the export itself is intact.
  return { id: `credential:${n}`, status: 'warn', message: `${what} is ${c.verdict}.` };
}

function sriMatches(sri: string, bytes: Uint8Array): boolean {
  return sri.split(/\s+/).some((token) => {
    const m = /^(sha256|sha384|sha512)-([A-Za-z0-9+/=]+)$/.exec(token);
    if (!m || !m[1] || !m[2]) return false;
    const want = Buffer.from(m[2], 'base64');
    const got = crypto.createHash(m[1]).update(bytes).digest();
    return want.length === got.length && crypto.timingSafeEqual(want, got);
  });
}

type Fetch = (name: string) => Promise<Uint8Array | null>;

async function checkPresentation(
  vp: Doc,
  opts: VerifyExportOptions,
  fetchFile: Fetch | null,
  inPdf: boolean,
  out: { checks: CheckResult[]; credentials: VerifiedCredential[] },
): Promise<void> {
  const verify =
    opts.verifyCredential ?? ((b: Uint8Array) => defaultVerify(b, opts.env, opts.parseJson));
  const vcs = asList(vp.verifiableCredential).slice(0, MAX_CREDENTIALS);
  for (const vc of vcs) {
    if (isRecord(vc) && vc.type === 'EnvelopedVerifiableCredential' && typeof vc.id === 'string') {
      const token = vc.id.replace(/^data:[^,]*,/, '');
      const report = await verify(Buffer.from(token, 'utf8'), 'enveloped credential');
      out.credentials.push({
        source: 'enveloped',
        name: 'enveloped credential',
        id: null,
        ...report,
      });
      continue;
    }
    if (!isRecord(vc)) {
      out.credentials.push({
        source: 'presentation',
        name: 'unreadable entry',
        id: null,
        verdict: 'error',
        checks: [
          {
            id: 'parse',
            status: 'fail',
            message: 'An entry of verifiableCredential is not a credential.',
          },
        ],
      });
      continue;
    }
    const name =
      typeof vc.name === 'string' ? vc.name : typeof vc.id === 'string' ? vc.id : 'credential';
    const report = await verify(Buffer.from(JSON.stringify(vc), 'utf8'), name);
    out.credentials.push({
      source: 'presentation',
      name,
      id: typeof vc.id === 'string' ? vc.id : null,
      verdict: report.verdict,
      checks: report.checks,
    });
    // Originals bound by digest: each must be present and match.
    for (const r of asList(vc.relatedResource).slice(0, MAX_CREDENTIALS)) {
      if (!isRecord(r) || typeof r.digestSRI !== 'string') continue;
      const file = typeof r.name === 'string' ? r.name : null;
      const label = file ?? (typeof r.id === 'string' ? r.id : 'resource');
      const id = `digest:${clip(label, 60)}`;
      const bytes = file && fetchFile ? await fetchFile(file) : null;
      if (!bytes) {
        out.checks.push(
          inPdf
            ? {
                id,
                status: 'fail',
                implies: 'invalid',
                message: `${clip(label)} is bound by digest but not attached to the PDF.`,
              }
            : {
                id,
                status: 'skip',
                message: `${clip(label)} is not beside the presentation, so its digest was not checked.`,
              },
        );
        continue;
      }
      if (!sriMatches(r.digestSRI, bytes)) {
        out.checks.push({
          id,
          status: 'fail',
          implies: 'invalid',
          message: `${clip(label)} does not match the digest the signed presentation records: it was changed.`,
        });
        continue;
      }
      out.checks.push({ id, status: 'pass', message: `${clip(label)} matches its digest.` });
      const report = await verify(bytes, label);
      out.credentials.push({
        source: 'attachment',
        name: label,
        id: typeof r.id === 'string' ? r.id : null,
        verdict: report.verdict,
        checks: report.checks,
      });
    }
  }
}

function finish(
  base: Omit<ExportVerification, 'verdict' | 'checks' | 'credentials'>,
  checks: CheckResult[],
  credentials: VerifiedCredential[],
): ExportVerification {
  const all = [...checks, ...credentials.map((c, i) => credentialCheck(i + 1, c))];
  const integrity = all.some((c) => c.establishesIntegrity === true && c.status === 'pass');
  let verdict = mostSevere(all.map((c) => c.implies).filter((v): v is Verdict => v !== undefined));
  if (verdict === 'verified' && !integrity) verdict = 'unverified';
  return {
    ...base,
    verdict,
    checks: all.map((c) => ({ id: c.id, status: c.status, message: c.message })),
    credentials,
  };
}

async function verifyPresentationDoc(
  vp: Doc,
  opts: VerifyExportOptions,
  fetchFile: Fetch | null,
  inPdf: boolean,
): Promise<{
  checks: CheckResult[];
  credentials: VerifiedCredential[];
  holder: string | null;
  challenge: string | null;
  domain: string | null;
}> {
  const proof = asList(vp.proof).find(isRecord);
  const holder =
    typeof vp.holder === 'string'
      ? vp.holder
      : isRecord(vp.holder) && typeof vp.holder.id === 'string'
        ? vp.holder.id
        : null;
  const checks = holderChecks(
    await verifyDataIntegrity(vp, opts.env, { proofPurpose: 'authentication' }),
  );
  const out = { checks, credentials: [] as VerifiedCredential[] };
  await checkPresentation(vp, opts, fetchFile, inPdf, out);
  return {
    ...out,
    holder,
    challenge: typeof proof?.challenge === 'string' ? proof.challenge : null,
    domain: typeof proof?.domain === 'string' ? proof.domain : null,
  };
}

async function verifyJwtPresentation(
  token: string,
  opts: VerifyExportOptions,
  fetchFile: Fetch | null,
) {
  const checks: CheckResult[] = [];
  let header: Doc;
  try {
    header = JSON.parse(
      Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8'),
    ) as Doc;
  } catch {
    throw new AppError('malformed', 'The file is not a readable vp+jwt.');
  }
  const kid = typeof header.kid === 'string' ? header.kid : null;
  if (!kid) {
    checks.push({
      id: 'holder-proof',
      status: 'fail',
      implies: 'invalid',
      message: 'The token names no key (kid), so it cannot be tied to a holder.',
    });
    return { checks, credentials: [], holder: null, challenge: null, domain: null };
  }
  let key;
  try {
    key = await resolveVerificationMethod(kid, opts.env);
  } catch (err) {
    const offline = err instanceof AppError && err.code === 'offline';
    checks.push(
      offline
        ? {
            id: 'holder-proof',
            status: 'skip',
            message: `Not checked: offline: the key ${clip(kid)} needs the network.`,
          }
        : {
            id: 'holder-proof',
            status: 'fail',
            implies: 'invalid',
            message: `The key ${clip(kid)} cannot be used: ${(err as Error).message}`,
          },
    );
    return { checks, credentials: [], holder: null, challenge: null, domain: null };
  }
  const outcome = await verifyCompactJws(token, key.publicKey);
  if (!outcome.ok) {
    checks.push({
      id: 'holder-proof',
      status: 'fail',
      implies: 'invalid',
      message: outcome.message,
    });
    return { checks, credentials: [], holder: null, challenge: null, domain: null };
  }
  checks.push({
    id: 'holder-proof',
    status: 'pass',
    establishesIntegrity: true,
    message: `The vp+jwt signature (${String(outcome.header.alg)}) verifies with ${clip(kid)}.`,
  });
  const payload = opts.parseJson(outcome.payload, 'The vp+jwt payload');
  if (!isRecord(payload))
    throw new AppError('malformed', 'The vp+jwt payload is not a presentation.');
  const holder = typeof payload.holder === 'string' ? payload.holder : null;
  const controller = kid.split('#')[0] ?? '';
  checks.push(
    holder === null || holder === controller || holder === key.controller
      ? {
          id: 'holder',
          status: holder ? 'pass' : 'warn',
          message: holder
            ? `Signed with a key of the holder ${clip(holder)}.`
            : `The presentation names no holder; it was signed by ${clip(controller)}.`,
        }
      : {
          id: 'holder',
          status: 'fail',
          implies: 'invalid',
          message: `The signing key belongs to ${clip(controller)}, not to the holder ${clip(holder)}.`,
        },
  );
  const out = { checks, credentials: [] as VerifiedCredential[] };
  await checkPresentation(payload, opts, fetchFile, false, out);
  return {
    ...out,
    holder,
    challenge: typeof payload.nonce === 'string' ? payload.nonce : null,
    domain: typeof payload.aud === 'string' ? payload.aud : null,
  };
}

/** Verifies an exported file: a signed PDF, a JSON-LD presentation or a vp+jwt (ours or anyone's). */
export async function verifyExport(
  bytes: Uint8Array,
  opts: VerifyExportOptions,
): Promise<ExportVerification> {
  const checkedAt = opts.env.now().toISOString();
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (head.startsWith('%PDF-')) {
    const sig = checkPdfSignature(bytes);
    const files = await readPdfAttachments(bytes);
    const checks: CheckResult[] = [...sig.checks];
    const vpBytes = files.get(PRESENTATION_FILE);
    const base = {
      kind: 'pdf' as const,
      signer: sig.signer,
      attachments: [...files.keys()],
      checkedAt,
    };
    if (!vpBytes) {
      checks.push({
        id: 'presentation',
        status: 'fail',
        implies: 'invalid',
        message: `The PDF carries no ${PRESENTATION_FILE}: it is not a Skillfolio export, or it was stripped.`,
      });
      return finish({ ...base, holder: null, challenge: null, domain: null }, checks, []);
    }
    const vp = opts.parseJson(vpBytes, `The attached ${PRESENTATION_FILE}`);
    if (!isRecord(vp))
      throw new AppError('malformed', `The attached ${PRESENTATION_FILE} is not a presentation.`);
    const r = await verifyPresentationDoc(vp, opts, async (name) => files.get(name) ?? null, true);
    checks.push(...r.checks);
    if (sig.signer && r.holder) {
      checks.push(
        sig.signer.uris.includes(r.holder)
          ? {
              id: 'binding',
              status: 'pass',
              message: 'The PDF’s certificate names the presentation’s holder (its did:key).',
            }
          : {
              id: 'binding',
              status: 'warn',
              message:
                'The PDF was signed with a certificate that does not name the presentation’s holder (an imported certificate, or another person’s).',
            },
      );
    }
    return finish(
      { ...base, holder: r.holder, challenge: r.challenge, domain: r.domain },
      checks,
      r.credentials,
    );
  }
  const textStart = head.trimStart();
  const fetchSibling = opts.sibling ?? null;
  if (textStart.startsWith('{')) {
    const vp = opts.parseJson(bytes, 'The presentation');
    if (!isRecord(vp) || !asList(vp.type).includes('VerifiablePresentation')) {
      throw new AppError(
        'unsupported-format',
        'This JSON is not a Verifiable Presentation (verify-export checks exported presentations).',
      );
    }
    const r = await verifyPresentationDoc(vp, opts, fetchSibling, false);
    return finish(
      {
        kind: 'presentation',
        signer: null,
        attachments: [],
        checkedAt,
        holder: r.holder,
        challenge: r.challenge,
        domain: r.domain,
      },
      r.checks,
      r.credentials,
    );
  }
  const token = Buffer.from(bytes).toString('utf8').trim();
  if (bytes.length < 16 * 1024 * 1024 && COMPACT_JWS.test(token)) {
    const r = await verifyJwtPresentation(token, opts, fetchSibling);
    return finish(
      {
        kind: 'presentation-jwt',
        signer: null,
        attachments: [],
        checkedAt,
        holder: r.holder,
        challenge: r.challenge,
        domain: r.domain,
      },
      r.checks,
      r.credentials,
    );
  }
  throw new AppError(
    'unsupported-format',
    'This is not an exported PDF, JSON-LD presentation or vp+jwt.',
  );
}
