import { describe, expect, it } from 'vitest';
import { linkedInAddUrl } from './linkedin';

const params = (url: string) => Object.fromEntries(new URL(url).searchParams.entries());

describe('Add to LinkedIn link', () => {
  it('fills in name, organisation, dates, URL and credential id', () => {
    const url = linkedInAddUrl({
      title: 'Analiza danych — Łódź & Co',
      issuer: 'Politechnika Łódzka',
      issuedOn: '2024-03-15T00:00:00Z',
      validUntil: '2027-11-30',
      url: 'https://badges.example.org/assertions/42?x=1&y=2',
      credentialId: 'https://badges.example.org/assertions/42?x=1&y=2',
    });
    expect(
      url.startsWith('https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&'),
    ).toBe(true);
    expect(params(url)).toEqual({
      startTask: 'CERTIFICATION_NAME',
      name: 'Analiza danych — Łódź & Co',
      organizationName: 'Politechnika Łódzka',
      issueYear: '2024',
      issueMonth: '3',
      expirationYear: '2027',
      expirationMonth: '11',
      certUrl: 'https://badges.example.org/assertions/42?x=1&y=2',
      certId: 'https://badges.example.org/assertions/42?x=1&y=2',
    });
    expect(url).not.toMatch(/[ &]Co&/);
  });

  it('leaves out what is unknown and never passes on a non-web link', () => {
    const url = linkedInAddUrl({
      title: 'First aid',
      issuer: null,
      issuedOn: 'sometime',
      validUntil: null,
      url: 'javascript:alert(1)',
      credentialId: 'urn:uuid:0c7e8d52-4ab5-4d6e-9c1a-7d3e7a1f2b3c',
    });
    expect(params(url)).toEqual({
      startTask: 'CERTIFICATION_NAME',
      name: 'First aid',
      certId: 'urn:uuid:0c7e8d52-4ab5-4d6e-9c1a-7d3e7a1f2b3c',
    });
  });

  it('prefers a numeric organisation id and clips very long names', () => {
    const url = linkedInAddUrl({
      title: 'x'.repeat(5000),
      issuer: 'Acme',
      issuedOn: null,
      validUntil: null,
      url: null,
      credentialId: null,
      organizationId: '1035',
    });
    const p = params(url);
    expect(p.organizationId).toBe('1035');
    expect(p.organizationName).toBeUndefined();
    expect(Array.from(p.name ?? '')).toHaveLength(200);
    expect(p.name?.endsWith('…')).toBe(true);
  });
});
