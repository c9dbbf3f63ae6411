// The verification vocabulary of FORMATS.md: verdicts, checks, and how a report's verdict is derived.

export const VERDICTS = [
  'error',
  'invalid',
  'revoked',
  'suspended',
  'expired',
  'not-yet-valid',
  'unverified',
  'verified',
] as const;
export type Verdict = (typeof VERDICTS)[number];

export const CHECK_STATUSES = ['pass', 'fail', 'warn', 'skip'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

export type Check = { id: string; status: CheckStatus; message: string };

export type VerificationReport = {
  verdict: Verdict;
  checks: Check[];
  /** ISO time the report was produced. */
  checkedAt: string;
};

/**
 * Whether a verified report owes its integrity to the issuer's hosted copy (an OB 2.0 assertion
 * re-fetched and compared, a certificate page confirming it) rather than to a signature: the two
 * are told apart on every surface ("Issuer-hosted" beside "Verified").
 */
export function isIssuerHosted(report: Pick<VerificationReport, 'verdict' | 'checks'>): boolean {
  return (
    report.verdict === 'verified' &&
    report.checks.some((c) => c.id === 'hosted' && c.status === 'pass') &&
    !report.checks.some((c) => c.id === 'proof' && c.status === 'pass')
  );
}

/** Lower index = more severe. */
export function severity(v: Verdict): number {
  return VERDICTS.indexOf(v);
}

/** The most severe of the given verdicts (the report's verdict rule). */
export function mostSevere(verdicts: readonly Verdict[]): Verdict {
  let worst: Verdict = 'verified';
  for (const v of verdicts) if (severity(v) < severity(worst)) worst = v;
  return worst;
}

/** The report import records until the verification engine exists: never `verified`. */
export function unverifiedReport(checkedAt: string): VerificationReport {
  return {
    verdict: 'unverified',
    checks: [
      { id: 'parse', status: 'pass', message: 'Read and understood the credential.' },
      {
        id: 'proof',
        status: 'skip',
        message: 'Not checked: verification is not available in this version of Skillfolio.',
      },
    ],
    checkedAt,
  };
}
