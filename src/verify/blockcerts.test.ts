// Blockcerts verification end to end: certificates issued in the test (hash, Merkle tree, receipts), checked offline and against a local explorer.
import { afterEach, describe, expect, it } from 'vitest';
import type { Check, VerificationReport } from '../core/verification';
import { parseCredential } from '../formats/detect';
import {
  encodeMerkleProof2019,
  issueV2,
  issueV3,
  v2Document,
  v3Document,
} from '../../test/helpers/blockcerts';
import { caught } from '../../test/helpers/errors';
import {
  startTestServer,
  type TestHandler,
  type TestRoutes,
  type TestServer,
} from '../../test/helpers/http-server';
import { newIssuerKey, signDi } from '../../test/helpers/signing';
import {
  ANCHOR_EXPLORERS_VARIABLE,
  merkleRootOf,
  parseAnchorExplorers,
  readAnchorTransaction,
  type AnchorExplorer,
  type BlockcertsEnv,
} from './blockcerts';
import { verifyParsed } from './engine';
import { createFetcher } from './fetcher';

type Doc = Record<string, unknown>;

const NOW = new Date('2026-01-01T00:00:00Z');
const ISSUING_ADDRESS = '1AwdUWQzJgfDDjeKtpPzMfYMHejFBrxZfo';
const TX = 'ab'.repeat(32);

function offline(): BlockcertsEnv {
  return {
    fetcher: createFetcher({ offline: true, allowPrivateNetwork: false }),
    now: () => NOW,
    identities: [],
  };
}

function online(explorers?: AnchorExplorer[], allowPrivateNetwork = true): BlockcertsEnv {
  return {
    fetcher: createFetcher({ offline: false, allowPrivateNetwork, timeoutMs: 5000 }),
    now: () => NOW,
    identities: [],
    ...(explorers ? { anchorExplorers: explorers } : {}),
  };
}

async function verify(doc: unknown, env: BlockcertsEnv): Promise<VerificationReport> {
  const parsed = await parseCredential(new TextEncoder().encode(JSON.stringify(doc)), {
    name: 'certificate.json',
  });
  expect(parsed.format).toBe('blockcerts');
  return verifyParsed(parsed, env);
}

function check(r: VerificationReport, id: string): Check | undefined {
  return r.checks.find((c) => c.id === id);
}

/** A copy with `edit` applied to a deep clone (the issued certificate stays intact). */
function edited(doc: Doc, edit: (d: Doc) => void): Doc {
  const copy = structuredClone(doc);
  edit(copy);
  return copy;
}

function first<T>(list: T[]): T {
  const item = list[0];
  if (item === undefined) throw new Error('empty batch');
  return item;
}

describe('Blockcerts v2 offline', () => {
  it('checks every certificate of a batch locally and leaves the anchor to the network', async () => {
    const { certs, root } = await issueV2([1, 2, 3, 4, 5].map((n) => v2Document(n)));
    for (const cert of certs) {
      const r = await verify(cert, offline());
      expect(r.verdict).toBe('unverified');
      expect(check(r, 'proof')).toMatchObject({ status: 'pass' });
      expect(check(r, 'proof')?.message).toContain(root.slice(0, 12));
      expect(check(r, 'anchor')).toMatchObject({ status: 'skip' });
      expect(check(r, 'anchor')?.message).toMatch(
        /^Not checked: offline\. .*bitcoin mainnet transaction abab/,
      );
      expect(check(r, 'issuer')?.status).toBe('skip');
      expect(check(r, 'status')?.message).toMatch(/^Not checked: offline/);
    }
  });

  it('finds a certificate changed after issuing: invalid', async () => {
    const { certs } = await issueV2([1, 2, 3].map((n) => v2Document(n)));
    const forged = edited(first(certs), (d) => {
      (d.recipientProfile as Doc).name = 'Mallory';
    });
    const r = await verify(forged, offline());
    expect(r.verdict).toBe('invalid');
    expect(check(r, 'proof')?.message).toMatch(
      /does not match its Merkle receipt .*changed after it was issued/,
    );
    expect(check(r, 'anchor')).toBeUndefined();
  });

  it('finds a wrong Merkle path: invalid', async () => {
    const { certs } = await issueV2([1, 2, 3, 4].map((n) => v2Document(n)));
    const broken = edited(first(certs), (d) => {
      const steps = (d.signature as Doc).proof as Record<string, string>[];
      steps[0] = { right: 'ef'.repeat(32) };
    });
    const r = await verify(broken, offline());
    expect(r.verdict).toBe('invalid');
    expect(check(r, 'proof')?.message).toMatch(
      /Merkle path .* leads to .*not to the root it names/,
    );
  });

  it("refuses another certificate's receipt", async () => {
    const { certs } = await issueV2([1, 2].map((n) => v2Document(n)));
    const [a, b] = [first(certs), certs[1] as Doc];
    const r = await verify({ ...a, signature: b.signature }, offline());
    expect(r.verdict).toBe('invalid');
  });

  it('reports an expired certificate as expired once its receipt holds', async () => {
    const { certs } = await issueV2([v2Document(1, { validUntil: '2025-06-01T00:00:00Z' })]);
    const r = await verify(first(certs), offline());
    expect(r.verdict).toBe('expired');
    expect(check(r, 'validity')?.status).toBe('fail');
  });

  it('calls a mock-chain certificate a test certificate, never verified', async () => {
    const { certs } = await issueV2([v2Document(1)], {
      sourceId: '',
      type: 'BTCOpReturn',
      chain: 'mockchain',
    });
    const r = await verify(first(certs), online([]));
    expect(r.verdict).toBe('unverified');
    expect(check(r, 'anchor')?.message).toMatch(/test certificate: .*mock chain/);
  });

  it.each([
    [
      'a huge Merkle path',
      (s: Doc) => (s.proof = Array(50_000).fill({ left: 'aa'.repeat(32) })),
      /50000 steps/,
    ],
    ['a path of strings', (s: Doc) => (s.proof = ['aa'.repeat(32)]), /step 1 .* not an object/],
    ['a number as targetHash', (s: Doc) => (s.targetHash = 7), /targetHash is not a SHA-256 hash/],
    [
      'an anchor on an unknown chain',
      (s: Doc) => (s.anchors = [{ sourceId: TX, chain: 'x' }]),
      /unknown chain/,
    ],
  ])('reports %s as a broken receipt: invalid, nothing fetched', async (_what, edit, message) => {
    const { certs } = await issueV2([v2Document(1)]);
    const bad = edited(first(certs), (d) => edit(d.signature as Doc));
    const r = await verify(bad, offline());
    expect(r.verdict).toBe('invalid');
    expect(check(r, 'proof')?.message).toMatch(message);
  });
});

describe('Blockcerts v3 offline', () => {
  it('checks each credential of a batch locally: unverified until anchored', async () => {
    const { certs } = await issueV3([1, 2, 3].map((n) => v3Document(n)));
    for (const cert of certs) {
      const r = await verify(cert, offline());
      expect(r.verdict).toBe('unverified');
      expect(check(r, 'proof')?.status).toBe('pass');
      expect(check(r, 'anchor')?.message).toMatch(/^Not checked: offline/);
    }
  });

  it('applies the validity window once the receipt holds', async () => {
    const { certs } = await issueV3([
      v3Document(1, { validUntil: '2025-01-01T00:00:00Z' }),
      v3Document(2, { validFrom: '2039-07-13T00:00:00Z' }),
    ]);
    expect((await verify(first(certs), offline())).verdict).toBe('expired');
    expect((await verify(certs[1], offline())).verdict).toBe('not-yet-valid');
  });

  it('finds a changed credential and a wrong path: invalid', async () => {
    const { certs } = await issueV3([1, 2, 3].map((n) => v3Document(n)));
    const forged = edited(first(certs), (d) => {
      (d.credentialSubject as Doc).name = 'Mallory';
    });
    expect((await verify(forged, offline())).verdict).toBe('invalid');

    const decoy = await issueV3([4, 5].map((n) => v3Document(n)));
    // Right hash, but the path of a different batch: it cannot reach this receipt's root.
    const proof = first(certs).proof as Doc;
    const other = first(decoy.certs).proof as Doc;
    const mixed = encodeMerkleProof2019({
      targetHash: '00'.repeat(32),
      merkleRoot: '11'.repeat(32),
      path: [{ right: '22'.repeat(32) }],
      anchors: [{ chain: 0, network: 1, tx: TX }],
    });
    expect(proof.proofValue).not.toBe(other.proofValue);
    const r = await verify({ ...first(certs), proof: { ...proof, proofValue: mixed } }, offline());
    expect(r.verdict).toBe('invalid');
  });

  it.each([
    ['a malformed proofValue', { proofValue: 'z0OIl' }, /not valid base58btc/],
    ['a proofValue that is a number', { proofValue: 12 }, /must start with "z"/],
    ['CBOR that is not a receipt', { proofValue: 'z2' }, /does not hold a list of fields/],
  ])('reports %s as invalid', async (_what, change, message) => {
    const { certs } = await issueV3([v3Document(1)]);
    const bad = edited(first(certs), (d) => Object.assign(d.proof as Doc, change));
    const r = await verify(bad, offline());
    expect(r.verdict).toBe('invalid');
    expect(check(r, 'proof')?.message).toMatch(message);
  });

  it('reports proofs of the wrong type as invalid', async () => {
    const { certs } = await issueV3([v3Document(1)]);
    const r = await verify({ ...first(certs), proof: [first(certs).proof, 'a string'] }, offline());
    expect(r.verdict).toBe('invalid');
    expect(check(r, 'proof')?.message).toMatch(/not a JSON object/);
  });

  it('is verified offline when an issuer signature sits under the receipt (proof chain)', async () => {
    const key = newIssuerKey();
    const signed = await signDi(v3Document(1, { issuer: key.did }), key);
    const { certs } = await issueV3([signed]);
    const cert = first(certs);
    expect(Array.isArray(cert.proof)).toBe(true);
    const r = await verify(cert, offline());
    expect(r.verdict).toBe('verified');
    expect(r.checks.filter((c) => c.id === 'proof').map((c) => c.status)).toEqual(['pass', 'pass']);
    expect(check(r, 'issuer')?.status).toBe('pass');
    expect(check(r, 'anchor')?.status).toBe('skip');

    const forged = edited(cert, (d) => {
      (d.credentialSubject as Doc).name = 'Mallory';
    });
    expect((await verify(forged, offline())).verdict).toBe('invalid');
  });
});

describe('Blockcerts anchors online', () => {
  let server: TestServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  function esplora(root: string, o: { sender?: string; confirmed?: boolean } = {}): string {
    return JSON.stringify({
      txid: TX,
      vin: [{ prevout: { scriptpubkey_address: o.sender ?? ISSUING_ADDRESS } }],
      vout: [
        {
          scriptpubkey: '76a914' + '00'.repeat(20) + '88ac',
          scriptpubkey_address: ISSUING_ADDRESS,
        },
        { scriptpubkey: `6a20${root}`, scriptpubkey_type: 'op_return' },
      ],
      status: { confirmed: o.confirmed ?? true, block_time: 1_709_287_800 }, // 2024-03-01T10:10:00Z
    });
  }

  function profile(
    keys: unknown[] = [
      { id: `ecdsa-koblitz-pubkey:${ISSUING_ADDRESS}`, created: '2024-01-01T00:00:00Z' },
    ],
  ): string {
    return JSON.stringify({
      '@context': ['https://w3id.org/openbadges/v2', 'https://w3id.org/blockcerts/v2'],
      type: 'Profile',
      id: 'issuer',
      name: 'University of Testing',
      publicKey: keys,
      revocationList: `${server?.url ?? ''}/revocation.json`,
    });
  }

  const revocations = (ids: string[]) =>
    JSON.stringify({
      type: 'RevocationList',
      revokedAssertions: ids.map((id) => ({ id, revocationReason: 'Issued in error.' })),
    });

  async function serve(
    routes: (url: string) => TestRoutes,
  ): Promise<{ url: string; explorers: AnchorExplorer[] }> {
    const holder: { routes: TestRoutes } = { routes: {} };
    // The routes need the server's address, so they are looked up when a request arrives.
    const paths = ['/issuer.json', '/revocation.json', `/api/tx/${TX}`, `/eth/0x${TX}`];
    const handler: TestHandler = (req, res) => {
      const answer = holder.routes[(req.url ?? '').split('?')[0] ?? ''];
      if (typeof answer === 'function') return answer(req, res);
      res.writeHead(answer ? (answer.status ?? 200) : 404, { 'content-type': 'application/json' });
      res.end(answer?.body ?? '');
    };
    server = await startTestServer(Object.fromEntries(paths.map((p) => [p, handler])));
    holder.routes = routes(server.url);
    return {
      url: server.url,
      explorers: [
        { chain: 'bitcoin', network: 'mainnet', url: `${server.url}/api/tx/{txid}` },
        { chain: 'ethereum', network: 'sepolia', url: `${server.url}/eth/{txid}` },
      ],
    };
  }

  async function v2Issued(url: string, o: { revoked?: boolean } = {}) {
    const { certs, root } = await issueV2(
      [1, 2, 3].map((n) => v2Document(n, { issuerUrl: `${url}/issuer.json` })),
      {
        sourceId: TX,
        type: 'BTCOpReturn',
        chain: 'bitcoinMainnet',
      },
    );
    return { cert: first(certs), root, revoked: o.revoked ? [String(first(certs).id)] : [] };
  }

  it('verifies a v2 certificate whose root is in the transaction, sent from a listed address', async () => {
    let root = '';
    const { url, explorers } = await serve(() => ({
      [`/api/tx/${TX}`]: (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(esplora(root));
      },
      '/issuer.json': { body: profile() },
      '/revocation.json': { body: revocations(['urn:uuid:someone-else']) },
    }));
    const issued = await v2Issued(url);
    root = issued.root;
    const r = await verify(issued.cert, online(explorers));
    expect(r.verdict).toBe('verified');
    expect(check(r, 'anchor')).toMatchObject({ status: 'pass' });
    expect(check(r, 'anchor')?.message).toContain('block time 2024-03-01T10:10:00.000Z');
    expect(check(r, 'issuer')).toMatchObject({ status: 'pass' });
    expect(check(r, 'issuer')?.message).toContain(ISSUING_ADDRESS);
    expect(check(r, 'status')).toMatchObject({ status: 'pass' });
    expect(server?.hits).toContain(`/api/tx/${TX}`);
  });

  it('says revoked when the issuer revocation list names the certificate', async () => {
    let issued: Awaited<ReturnType<typeof v2Issued>> | null = null;
    const { url, explorers } = await serve(() => ({
      [`/api/tx/${TX}`]: (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(esplora(issued?.root ?? ''));
      },
      '/issuer.json': { body: profile() },
      '/revocation.json': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(revocations(issued?.revoked ?? []));
      },
    }));
    issued = await v2Issued(url, { revoked: true });
    const r = await verify(issued.cert, online(explorers));
    expect(r.verdict).toBe('revoked');
    expect(check(r, 'status')?.message).toMatch(/^Revoked: .*"Issued in error\."/);
  });

  it.each([
    [
      'records another root',
      { root: 'ee'.repeat(32) },
      'invalid',
      'anchor',
      /records eeee.*not this certificate's Merkle root/,
    ],
    [
      'was sent from an address the issuer does not list',
      { sender: '1EvilEvilEvilEvilEvilEvilEvil' },
      'invalid',
      'issuer',
      /does not list: not issued by this issuer/,
    ],
    ['is not yet confirmed', { confirmed: false }, 'unverified', 'anchor', /not yet confirmed/],
    [
      'is unknown to the explorer',
      { missing: true },
      'unverified',
      'anchor',
      /could not be looked up .*HTTP 404/,
    ],
    [
      'comes from a key the issuer revoked first',
      {
        keys: [
          {
            id: `ecdsa-koblitz-pubkey:${ISSUING_ADDRESS}`,
            created: '2023-01-01T00:00:00Z',
            revoked: '2024-02-01T00:00:00Z',
          },
        ],
      },
      'invalid',
      'issuer',
      /had been revoked by the issuer/,
    ],
    [
      'comes from a key added after it',
      {
        keys: [{ id: `ecdsa-koblitz-pubkey:${ISSUING_ADDRESS}`, created: '2025-01-01T00:00:00Z' }],
      },
      'invalid',
      'issuer',
      /only on 2025-01-01/,
    ],
  ] as const)('a transaction that %s', async (_what, o, verdict, id, message) => {
    let root = '';
    const opts = o as {
      root?: string;
      sender?: string;
      confirmed?: boolean;
      missing?: boolean;
      keys?: unknown[];
    };
    const { url, explorers } = await serve(() => ({
      [`/api/tx/${TX}`]: opts.missing
        ? { status: 404 }
        : (_req, res) => {
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(esplora(opts.root ?? root, opts));
          },
      '/issuer.json': { body: profile(opts.keys) },
      '/revocation.json': { body: revocations([]) },
    }));
    const issued = await v2Issued(url);
    root = issued.root;
    const r = await verify(issued.cert, online(explorers));
    expect(r.verdict).toBe(verdict);
    expect(check(r, id)?.message).toMatch(message);
  });

  it('verifies a v3 credential anchored on Ethereum through an Etherscan-style explorer', async () => {
    let root = '';
    const { url, explorers } = await serve(() => ({
      [`/eth/0x${TX}`]: (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            jsonrpc: '2.0',
            result: {
              hash: `0x${TX}`,
              from: '0x40Cf9B7DB6FCc742ad0a76B8588C7f8De2b54a60',
              input: `0x${root}`,
              blockNumber: '0x10',
            },
          }),
        );
      },
      '/issuer.json': {
        body: JSON.stringify({
          id: 'x',
          publicKey: [{ id: 'ecdsa-koblitz-pubkey:0x40cf9b7db6fcc742ad0a76b8588c7f8de2b54a60' }],
        }),
      },
    }));
    const issued = await issueV3([v3Document(1, { issuer: `${url}/issuer.json` })], {
      chain: 1,
      network: 11155111,
      tx: `0x${TX}`,
    });
    root = issued.root;
    const r = await verify(first(issued.certs), online(explorers));
    expect(r.verdict).toBe('verified');
    expect(check(r, 'anchor')?.message).toMatch(/^Anchored: ethereum sepolia transaction 0xabab/);
    expect(check(r, 'issuer')?.status).toBe('pass');
  });

  it('looks nothing up when offline, and never contacts a private address unless allowed', async () => {
    const { url, explorers } = await serve(() => ({}));
    const issued = await v2Issued(url);
    const off = await verify(issued.cert, { ...offline(), anchorExplorers: explorers });
    expect(off.verdict).toBe('unverified');
    const blocked = await verify(issued.cert, online(explorers, false));
    expect(blocked.verdict).toBe('unverified');
    expect(check(blocked, 'anchor')?.message).toMatch(/private or local network address/);
    expect(server?.hits).toEqual([]);
  });

  it('says when no explorer is configured for the chain', async () => {
    const issued = await issueV3([v3Document(1)], { chain: 1, network: 1, tx: `0x${TX}` });
    const r = await verify(first(issued.certs), online());
    expect(r.verdict).toBe('unverified');
    expect(check(r, 'anchor')?.message).toContain(
      `no blockchain explorer is configured for ethereum mainnet`,
    );
    expect(check(r, 'anchor')?.message).toContain(ANCHOR_EXPLORERS_VARIABLE);
  });
});

describe('explorer settings and answers', () => {
  it('reads "off" and a JSON list, and says what is wrong with a bad one', () => {
    expect(parseAnchorExplorers('off')).toEqual([]);
    expect(
      parseAnchorExplorers(
        '[{"chain":"bitcoin","network":"testnet","url":"https://x.example/tx/{txid}"}]',
      ),
    ).toEqual([{ chain: 'bitcoin', network: 'testnet', url: 'https://x.example/tx/{txid}' }]);
    expect(caught(() => parseAnchorExplorers('{')).code).toBe('bad-input');
    expect(
      caught(() =>
        parseAnchorExplorers(
          '[{"chain":"bitcoin","network":"mainnet","url":"https://x.example/"}]',
        ),
      ).message,
    ).toMatch(/containing \{txid\}/);
    expect(caught(() => parseAnchorExplorers('[{"chain":"dogecoin"}]')).message).toMatch(
      /no known chain/,
    );
  });

  it('refuses explorer answers that are not transactions', () => {
    expect(caught(() => readAnchorTransaction([], 'bitcoin')).code).toBe('malformed');
    expect(caught(() => readAnchorTransaction({ vout: 'x' }, 'bitcoin')).code).toBe('malformed');
    expect(caught(() => readAnchorTransaction({ result: {} }, 'ethereum')).code).toBe('malformed');
  });

  it('computes a Merkle root from either side', () => {
    const leaf = '00'.repeat(32);
    const sib = '11'.repeat(32);
    expect(merkleRootOf(leaf, [{ side: 'right', hash: sib }])).not.toBe(
      merkleRootOf(leaf, [{ side: 'left', hash: sib }]),
    );
    expect(merkleRootOf(leaf, [])).toBe(leaf);
  });
});
