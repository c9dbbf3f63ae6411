import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { matchRecipient, NO_IDENTITIES_MESSAGE } from './recipient';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const md5 = (s: string) => createHash('md5').update(s).digest('hex');

describe('matchRecipient', () => {
  it('matches a salted sha256 hash against one of the identities', () => {
    const recipient = {
      type: 'email',
      hashed: true,
      salt: 'deadsea',
      identity: `sha256$${sha256('ada@example.org' + 'deadsea')}`,
    };
    const check = matchRecipient(recipient, ['someone@else.org', 'ada@example.org']);
    expect(check).toEqual({
      id: 'recipient',
      status: 'pass',
      message: expect.stringContaining('ada@example.org') as string,
    });
    expect(check.implies).toBeUndefined();
  });

  it('matches the 1EdTech validator test vectors (sha256, with and without a hashed flag)', () => {
    // From openbadges-validator-core: OB 2.0 basic assertion and OB 0.5.1 (hash in a bare string).
    expect(
      matchRecipient(
        {
          type: 'email',
          hashed: true,
          salt: 'deadsea',
          identity: 'sha256$ecf5409f3f4b91ab60cc5ef4c02aef7032354375e70cf4d8e43f6a1d29891942',
        },
        ['nobody@example.org'],
      ).status,
    ).toBe('pass');
    expect(
      matchRecipient(
        {
          identity: 'sha256$85c4196c5516561cef673642157499b70066cb1070852b2a37fdbf3cc599b087',
          salt: 'sel gris',
        },
        ['test@example.com'],
      ).status,
    ).toBe('pass');
  });

  it('matches md5 hashes with a salt', () => {
    const recipient = {
      hashed: true,
      salt: 'pepper',
      identity: `md5$${md5('ada@example.org' + 'pepper')}`,
    };
    expect(matchRecipient(recipient, ['ada@example.org']).status).toBe('pass');
    expect(matchRecipient(recipient, ['bob@example.org']).status).toBe('warn');
  });

  it('compares the hash case-insensitively and tolerates an identity typed in another case', () => {
    const hex = sha256('ada@example.org' + 's');
    const upper = { hashed: true, salt: 's', identity: `SHA256$${hex.toUpperCase()}` };
    expect(matchRecipient(upper, ['ada@example.org']).status).toBe('pass');
    expect(
      matchRecipient({ ...upper, identity: `sha256$${hex}` }, ['Ada@Example.org']).status,
    ).toBe('pass');
  });

  it('hashes without a salt when none is given', () => {
    const recipient = { hashed: true, identity: `sha256$${sha256('ada@example.org')}` };
    expect(matchRecipient(recipient, ['ada@example.org']).status).toBe('pass');
  });

  it('warns, never fails, when nothing matches', () => {
    const recipient = {
      hashed: true,
      salt: 'x',
      identity: `sha256$${sha256('ada@example.org' + 'x')}`,
    };
    const check = matchRecipient(recipient, ['bob@example.org']);
    expect(check.status).toBe('warn');
    expect(check.implies).toBeUndefined();
    expect(check.message).toMatch(/none of your 1 identity/);
  });

  it('compares plain identities directly, ignoring case', () => {
    const recipient = { type: 'email', hashed: false, identity: 'Ada@Example.org' };
    expect(matchRecipient(recipient, ['ada@example.org']).status).toBe('pass');
    const other = matchRecipient(recipient, ['bob@example.org']);
    expect(other.status).toBe('warn');
    expect(other.message).toBe('Awarded to Ada@Example.org, which is not one of your identities.');
  });

  it('skips with a pointer to Settings when no identity is configured', () => {
    const check = matchRecipient({ identity: 'ada@example.org' }, []);
    expect(check).toEqual({ id: 'recipient', status: 'skip', message: NO_IDENTITIES_MESSAGE });
    expect(check.message).toContain(
      'add your e-mail in Settings → Your identities to check the recipient',
    );
    expect(matchRecipient({ identity: 'ada@example.org' }, ['  ']).status).toBe('skip');
  });

  it('warns on a hash algorithm it cannot compute instead of guessing', () => {
    const check = matchRecipient({ hashed: true, identity: 'sha512$abcdef' }, ['ada@example.org']);
    expect(check.status).toBe('warn');
    expect(check.message).toContain('sha512');
  });

  it('does not accept a truncated hash as a match', () => {
    const hex = sha256('ada@example.org');
    const check = matchRecipient({ hashed: true, identity: `sha256$${hex.slice(0, 32)}` }, [
      'ada@example.org',
    ]);
    expect(check.status).toBe('warn');
  });
});
