import { decodeProtectedHeader, jwtVerify } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  dbVerifyCredential,
  exportFixture,
  NAMES,
  type ExportFixture,
} from '../../test/helpers/export-fixtures';
import { publicKeyFromMultibase } from '../verify/keys';
import { buildPresentation } from './jsonld';
import { buildPresentationJwt } from './jwt';
import { createHolderKeys, type HolderKeys } from './keys';
import { buildExportModel } from './model';

type Doc = Record<string, unknown>;

let fx: ExportFixture;
let keys: HolderKeys;
beforeAll(async () => {
  fx = await exportFixture();
  keys = createHolderKeys({ now: new Date('2025-03-01T09:00:00Z') });
});

/** The holder's public key, read from nothing but the did:key in the token's kid. */
function keyFromKid(kid: string) {
  const [did, fragment] = kid.split('#');
  expect(fragment).toBe(did?.slice('did:key:'.length));
  return publicKeyFromMultibase(fragment ?? '');
}

describe('vp+jwt export', () => {
  it('verifies with jose and the did:key named in its kid', async () => {
    const built = await buildPresentation(buildExportModel(fx.snapshot), {
      keys,
      challenge: 'n-1',
      domain: 'hr.example.com',
    });
    const jwt = await buildPresentationJwt(built, keys, new Date('2025-03-01T09:30:00Z'));
    const header = decodeProtectedHeader(jwt.token);
    expect(header).toEqual({
      alg: 'EdDSA',
      kid: keys.holder.verificationMethod,
      typ: 'vp+jwt',
      cty: 'vp',
    });
    const { payload } = await jwtVerify(jwt.token, keyFromKid(String(header.kid)), {
      algorithms: ['EdDSA'],
      typ: 'vp+jwt',
      audience: 'hr.example.com',
    });
    expect(payload).toMatchObject({
      type: ['VerifiablePresentation'],
      holder: keys.holder.did,
      nonce: 'n-1',
      iat: Math.floor(Date.parse('2025-03-01T09:30:00Z') / 1000),
    });
    // A token signed by another key does not pass for the holder's.
    const other = createHolderKeys({ now: new Date() });
    const forged = await buildPresentationJwt(
      built,
      { ...keys, holder: { ...other.holder, verificationMethod: keys.holder.verificationMethod } },
      new Date(),
    );
    await expect(
      jwtVerify(forged.token, keyFromKid(keys.holder.verificationMethod), {
        algorithms: ['EdDSA'],
      }),
    ).rejects.toThrow();
  });

  it('carries JWT credentials as enveloped credentials and the Data Integrity ones unchanged', async () => {
    const built = await buildPresentation(buildExportModel(fx.snapshot), { keys });
    const jwt = await buildPresentationJwt(built, keys, new Date());
    const { payload } = await jwtVerify(jwt.token, keys.holder.publicKey, {
      algorithms: ['EdDSA'],
    });
    const vcs = payload.verifiableCredential as Doc[];
    expect(vcs).toHaveLength(5);
    const envelope = vcs.find((v) => v.type === 'EnvelopedVerifiableCredential')!;
    expect(envelope.id).toBe(`data:application/vc+jwt,${fx.jwt}`);
    const inner = String(envelope.id).slice('data:application/vc+jwt,'.length);
    const issuerKid = String(decodeProtectedHeader(inner).kid);
    const { payload: credential } = await jwtVerify(inner, keyFromKid(issuerKid), {
      algorithms: ['EdDSA'],
    });
    expect(credential.name).toBe(NAMES.jwtTitle);
    expect(jwt.enveloped.map((i) => i.ref)).toEqual([14]);
    for (const v of vcs.filter((x) => x.type !== 'EnvelopedVerifiableCredential')) {
      expect((await dbVerifyCredential(v)).verified, String(v.name)).toBe(true);
    }
  });
});
