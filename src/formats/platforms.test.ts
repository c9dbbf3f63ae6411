// Which public badge pages Skillfolio knows how to read, and where each keeps its Open Badges document.
import { describe, expect, it } from 'vitest';
import { platformAssertionFor, platformOf } from './platforms';

describe('platformAssertionFor', () => {
  it.each([
    [
      'https://www.credly.com/badges/bba0bb9b-02cb-4468-a943-6c5d92d5a0e1',
      'https://api.credly.com/v1/obi/v2/badge_assertions/bba0bb9b-02cb-4468-a943-6c5d92d5a0e1',
    ],
    [
      'https://www.credly.com/badges/BBA0BB9B-02cb-4468-a943-6c5d92d5a0e1/linked_in_profile',
      'https://api.credly.com/v1/obi/v2/badge_assertions/bba0bb9b-02cb-4468-a943-6c5d92d5a0e1',
    ],
    [
      'https://www.youracclaim.com/badges/5e02ea9f-cf2e-4847-a88b-f2498834a156/public_url',
      'https://api.credly.com/v1/obi/v2/badge_assertions/5e02ea9f-cf2e-4847-a88b-f2498834a156',
    ],
    [
      'https://api.credly.com/v1/obi/v2/badge_assertions/54a07c5c-89f9-4c33-9731-e1b0d34f88b9',
      'https://api.credly.com/v1/obi/v2/badge_assertions/54a07c5c-89f9-4c33-9731-e1b0d34f88b9',
    ],
    [
      'https://www.credential.net/53726c6f-a162-47f9-aaba-4e2988f78240',
      'https://api.accredible.com/v1/obi/badge_assertions/53726c6f-a162-47f9-aaba-4e2988f78240',
    ],
    [
      'https://badgr.com/public/assertions/m4wSklfxSFmV3qUXLbwvaw',
      'https://api.badgr.io/public/assertions/m4wSklfxSFmV3qUXLbwvaw',
    ],
    [
      'https://api.badgr.io/public/assertions/1c6de3ea-b91e-4ce8-b735-ca9504faafe5.json',
      'https://api.badgr.io/public/assertions/1c6de3ea-b91e-4ce8-b735-ca9504faafe5',
    ],
    [
      'https://eu.badgr.com/public/assertions/SsCfI7FlTr6hAJe4irXnfQ',
      'https://api.eu.badgr.io/public/assertions/SsCfI7FlTr6hAJe4irXnfQ',
    ],
  ])('%s → %s', (page, assertion) => {
    expect(platformAssertionFor(page)?.assertionUrl).toBe(assertion);
  });

  it.each([
    'https://www.credly.com/users/jordan-lee/badges',
    'https://www.credly.com/badges/not-a-uuid',
    'https://www.credential.net/aaqjj8kx',
    'https://www.credential.net/profile/jordanlee/wallet',
    'https://badgr.com/public/badges/K829IK8RS6ercwkpeFOn-Q',
    'https://credly.com.evil.example/badges/bba0bb9b-02cb-4468-a943-6c5d92d5a0e1',
    'https://evil.example/?https://www.credly.com/badges/bba0bb9b-02cb-4468-a943-6c5d92d5a0e1',
    'javascript:alert(1)',
    'not a url',
    'http://api.credly.com:8080/v1/obi/v2/badge_assertions/54a07c5c-89f9-4c33-9731-e1b0d34f88b9',
  ])('has no rule for %s', (url) => {
    expect(platformAssertionFor(url)).toBeNull();
  });

  it('names the platform of a page it has no rule for, for messages', () => {
    expect(platformOf('https://www.credential.net/aaqjj8kx')?.name).toBe('Accredible');
    expect(platformOf('https://constructor/x')).toBeNull();
  });
});
