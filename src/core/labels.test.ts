// The words a credential is labelled with: a signature and an issuer's hosted copy are told apart, everywhere.
import { describe, expect, it } from 'vitest';
import { trustLabel } from './labels';
import { isIssuerHosted, type Check } from './verification';

const pass = (id: string): Check => ({ id, status: 'pass', message: '' });
const skip = (id: string): Check => ({ id, status: 'skip', message: '' });

describe('trust labels', () => {
  it('say "Issuer-hosted" when the issuer’s hosted copy, not a signature, established integrity', () => {
    const hosted = {
      verdict: 'verified' as const,
      checks: [pass('parse'), skip('proof'), pass('hosted')],
    };
    expect(isIssuerHosted(hosted)).toBe(true);
    expect(trustLabel('verified', 'ob2', isIssuerHosted(hosted))).toEqual({
      text: 'Issuer-hosted',
      tone: 'good',
    });
  });

  it('say "Verified" when a signature passed, even if a hosted copy also matched', () => {
    const signed = { verdict: 'verified' as const, checks: [pass('proof'), pass('hosted')] };
    expect(isIssuerHosted(signed)).toBe(false);
    expect(trustLabel('verified', 'ob2', isIssuerHosted(signed)).text).toBe('Verified');
  });

  it('let a problem win over how the credential was checked', () => {
    const revoked = { verdict: 'revoked' as const, checks: [pass('hosted')] };
    expect(isIssuerHosted(revoked)).toBe(false);
    expect(trustLabel('revoked', 'ob2', true).text).toBe('Revoked');
    expect(trustLabel('verified', 'self-reported', true).text).toBe('Self-reported');
  });
});
