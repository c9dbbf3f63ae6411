// One entry to verification: routes a parsed credential to its proof suite, adds status, validity and nested checks, and derives the verdict.
import type { FormatId, ParsedCredential } from '../core/credential';
import {
  mostSevere,
  severity,
  type Check,
  type Verdict,
  type VerificationReport,
} from '../core/verification';
import { isRecord } from '../formats/json';
import { readDate, typesOf } from '../formats/text';
import { credentialFromVcClaim } from '../formats/vc';
import { AppError, toErrorData } from '../shared/errors';
import { verifyBlockcerts } from './blockcerts';
import { hasDataIntegrityProof, verifyDataIntegrity } from './data-integrity';
import { europassDocument, isEuropassSeal, verifyEuropassSeal } from './europass';
import { verifyVcJwt } from './jws';
import { verifyOb2 } from './ob2';
import { compactTokenOf } from './original-token';
import { verifyPdfCertificate } from './pdf-certificate';
import { checkStatus } from './status';
import type { CheckResult, VerifyEnv } from './types';
import { checkValidity } from './validity';
import { formatLabel } from '../core/labels';

/** A report for one credential and, for a bundle (CLR), one per nested credential in order. */
export type ReportTree = { report: VerificationReport; children: ReportTree[] };

function plain(c: CheckResult): Check {
  return { id: c.id, status: c.status, message: c.message };
}

/** Verdicts that FORMATS.md defines as "proof fine, but …": they need integrity to have been established. */
const NEEDS_INTEGRITY: ReadonlySet<Verdict> = new Set<Verdict>(['expired', 'not-yet-valid']);

/**
 * The verdict rule of VERIFY-API.md, read with FORMATS.md's definitions: the most severe verdict
 * any check implies wins; `verified` needs a passing check that established integrity (a proof, a
 * matching hosted copy), otherwise the result is `unverified`. `expired` and `not-yet-valid` mean
 * "proof fine, but the window has ended / not started", so without integrity they give way to
 * `unverified` (the failing `validity` check still says why); `revoked`, `suspended` and `invalid`
 * apply whatever the proof.
 */
export function reportFromChecks(checks: CheckResult[], checkedAt: string): VerificationReport {
  const integrity = checks.some((c) => c.establishesIntegrity === true && c.status === 'pass');
  const implied = checks
    .map((c) => c.implies)
    .filter((v): v is Verdict => v !== undefined && (integrity || !NEEDS_INTEGRITY.has(v)));
  let verdict = mostSevere(implied);
  if (severity(verdict) >= severity('unverified')) {
    verdict = integrity && verdict === 'verified' ? 'verified' : 'unverified';
  }
  return { verdict, checks: checks.map(plain), checkedAt };
}

/** The report for something that could not be read at all (parse failure): verdict `error`. */
export function errorReport(message: string, checkedAt: string): VerificationReport {
  return { verdict: 'error', checks: [{ id: 'parse', status: 'fail', message }], checkedAt };
}

/** Date fields present in the document but not readable as dates (the parser left them out). */
function unreadableDates(doc: Record<string, unknown> | null, format: FormatId): string[] {
  if (!doc) return [];
  const fields =
    format === 'ob2'
      ? ['issuedOn', 'expires']
      : ['validFrom', 'validUntil', 'issuanceDate', 'expirationDate'];
  return fields
    .filter((f) => doc[f] !== undefined && doc[f] !== null && readDate(doc[f]) === null)
    .map((f) => `${f} "${String(JSON.stringify(doc[f])).slice(0, 40)}"`);
}

/** A check for a suite that threw instead of answering: never an import failure, never a false "verified". */
function thrownCheck(err: unknown, what: string): CheckResult {
  if (err instanceof AppError) {
    if (err.code === 'offline') {
      return { id: 'proof', status: 'skip', message: `Not checked: offline. ${err.message}` };
    }
    if (err.code === 'network' || err.code === 'blocked-address' || err.code === 'not-found') {
      return {
        id: 'proof',
        status: 'skip',
        message: `The ${what} could not be checked: ${err.message}`,
      };
    }
    if (err.code === 'malformed' || err.code === 'unsafe-content' || err.code === 'too-large') {
      return {
        id: 'proof',
        status: 'fail',
        implies: 'invalid',
        message: `The ${what} is broken: ${err.message}`,
      };
    }
  }
  return {
    id: 'proof',
    status: 'skip',
    message: `The ${what} could not be checked because of an unexpected problem in Skillfolio (${toErrorData(err).message}).`,
  };
}

async function guarded(what: string, run: () => Promise<CheckResult[]>): Promise<CheckResult[]> {
  try {
    return await run();
  } catch (err) {
    return [thrownCheck(err, what)];
  }
}

/** The proof checks for a W3C VC (OB 3.0, CLR 2.0, others): VC-JWT, Data Integrity, or unsigned. */
async function vcProofChecks(
  parsed: ParsedCredential,
  doc: Record<string, unknown> | null,
  token: string | null,
  env: VerifyEnv,
): Promise<CheckResult[]> {
  if (token !== null) return verifyVcJwt(token, env);
  if (parsed.mediaType === 'application/jose+json') {
    return [
      {
        id: 'proof',
        status: 'skip',
        message:
          'Not checked: JWS JSON seals (JAdES) are not verified in this version of Skillfolio.',
      },
    ];
  }
  if (doc && hasDataIntegrityProof(doc)) return verifyDataIntegrity(doc, env);
  if (doc && doc['proof'] !== undefined && doc['proof'] !== null) {
    const types = [doc['proof']].flat().flatMap((p) => typesOf(p));
    const named = types.length > 0 ? ` (${types.join(', ').slice(0, 80)})` : '';
    return [
      {
        id: 'proof',
        status: 'skip',
        message: `Not checked: this kind of proof${named} is not supported, so the credential's origin could not be confirmed.`,
      },
    ];
  }
  return [
    {
      id: 'proof',
      status: 'skip',
      message: 'Unsigned: the credential carries no proof, so its origin cannot be confirmed.',
    },
  ];
}

const NESTED_STATUS: Record<Verdict, CheckResult['status']> = {
  verified: 'pass',
  unverified: 'warn',
  'not-yet-valid': 'warn',
  expired: 'warn',
  suspended: 'warn',
  revoked: 'warn',
  invalid: 'fail',
  error: 'fail',
};

/**
 * One `nested:<n>` check per credential inside a bundle. A forged or unreadable part (child
 * `invalid`/`error`) makes the bundle `invalid`: its issuer vouches for something false. A part
 * that is merely revoked, suspended, expired, not yet valid or unverified is a `warn` that names
 * it: the bundle remains a true record, and the part carries its own verdict in the library.
 */
function nestedCheck(n: number, child: ParsedCredential, report: VerificationReport): CheckResult {
  const title =
    child.credential.title.length > 80
      ? `${child.credential.title.slice(0, 80)}…`
      : child.credential.title;
  const status = NESTED_STATUS[report.verdict];
  const check: CheckResult = {
    id: `nested:${n}`,
    status,
    message: `Nested credential ${n}, "${title}": ${report.verdict}.`,
  };
  if (status === 'fail') check.implies = 'invalid';
  return check;
}

async function verifyTree(
  parsed: ParsedCredential,
  env: VerifyEnv,
): Promise<{ checks: CheckResult[]; children: ReportTree[] }> {
  const checks: CheckResult[] = [
    {
      id: 'parse',
      status: 'pass',
      message: `Read and understood the credential (${formatLabel(parsed.format)}).`,
    },
  ];
  let token: string | null = null;
  let doc: Record<string, unknown> | null = null;
  let unreadable: string[] = [];
  let lookError: unknown = null;
  try {
    // A Europass JAdES seal is the JWS JSON; the credential (status, dates) is its payload.
    const raw = !isRecord(parsed.document)
      ? null
      : parsed.format === 'europass'
        ? europassDocument(parsed.document)
        : parsed.document;
    // Only a W3C VC is verified as a token here (OB 2.0 signatures are verifyOb2's business), and a
    // document carrying its own proof was JSON, not a token: no need to read a baked image again.
    const vcLike =
      parsed.format === 'ob3' ||
      parsed.format === 'vc' ||
      parsed.format === 'clr2' ||
      parsed.format === 'europass';
    const inlineProof = raw !== null && raw['proof'] !== undefined;
    token = vcLike && !inlineProof ? compactTokenOf(parsed) : null;
    // A VC-JWT 1.1 carries the credential in its `vc` claim, completed by the registered claims.
    doc = raw && token !== null && isRecord(raw['vc']) ? credentialFromVcClaim(raw) : raw;
    unreadable = unreadableDates(doc, parsed.format);
  } catch (err) {
    // A document that cannot even be looked at leaves the proof suites nothing to check.
    lookError = err;
  }

  const proofChecks = guarded('proof', async () => {
    if (lookError !== null) throw lookError;
    if (parsed.format === 'ob2') return verifyOb2(parsed, env);
    if (parsed.format === 'blockcerts') return verifyBlockcerts(parsed, env);
    if (parsed.format === 'pdf-certificate') return verifyPdfCertificate(parsed, env);
    if (parsed.format === 'europass' && isEuropassSeal(parsed)) return verifyEuropassSeal(parsed);
    if (parsed.format === 'self-reported') {
      return [
        {
          id: 'proof',
          status: 'skip',
          message: 'Self-reported: entered by hand, nothing to verify.',
        },
      ];
    }
    return vcProofChecks(parsed, doc, token, env);
  });
  checks.push(...(await proofChecks));

  // OB 2.0 revocation lists belong to the issuer profile (verifyOb2 checks them); VCs name theirs.
  if (parsed.format !== 'ob2' && doc) {
    const statusDoc = doc;
    try {
      checks.push(...(await checkStatus(statusDoc, env)));
    } catch (err) {
      checks.push({
        id: 'status',
        status: 'warn',
        message: `The status could not be checked because of an unexpected problem (${toErrorData(err).message}).`,
      });
    }
  }
  checks.push(checkValidity(parsed.credential, env.now(), { unreadable }));

  const children: ReportTree[] = [];
  for (const [i, child] of parsed.children.entries()) {
    const tree = await verifyTree(child, env);
    const report = reportFromChecks(tree.checks, env.now().toISOString());
    children.push({ report, children: tree.children });
    checks.push(nestedCheck(i + 1, child, report));
  }
  return { checks, children };
}

/** The report for `parsed` and for each credential nested in it. Never throws for a credential problem. */
export async function verifyParsedTree(
  parsed: ParsedCredential,
  env: VerifyEnv,
): Promise<ReportTree> {
  const { checks, children } = await verifyTree(parsed, env);
  return { report: reportFromChecks(checks, env.now().toISOString()), children };
}

/** Routes by format and shape (OB 2.0, VC-JWT, Data Integrity, unsigned); a CLR gets one `nested:<n>` check per child. */
export async function verifyParsed(
  parsed: ParsedCredential,
  env: VerifyEnv,
): Promise<VerificationReport> {
  return (await verifyParsedTree(parsed, env)).report;
}
