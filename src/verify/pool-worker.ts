// A verification worker thread (built as verify-worker.js): checks self-contained credentials and expands and canonicalises JSON-LD for the main thread, so proofs use every core.
import { parentPort } from 'node:worker_threads';
import type { ParsedCredential } from '../core/credential';
import {
  canonicalRdfInline,
  expandJsonLdInline,
  type CanonicalRdf,
  type ExpandedJsonLd,
} from './canonical-rdf';
import { verifyParsedTree, type ReportTree } from './engine';
import { createFetcher } from './fetcher';
import type { VerifyEnv } from './types';

export type PoolRequest =
  | { id: number; kind: 'verify'; parsed: ParsedCredential; now: string }
  | { id: number; kind: 'canonicalise'; doc: unknown }
  | { id: number; kind: 'expand'; docs: unknown[] };
export type PoolResponse =
  | { id: number; tree: ReportTree }
  | { id: number; rdf: CanonicalRdf }
  | { id: number; expanded: ExpandedJsonLd[] }
  | { id: number; error: string };

// Only credentials that need no network are sent here; an offline door makes sure of it.
const fetcher = createFetcher({ offline: true, allowPrivateNetwork: false });

function answer(req: PoolRequest): Promise<PoolResponse> {
  if (req.kind === 'canonicalise') {
    return canonicalRdfInline(req.doc).then((rdf) => ({ id: req.id, rdf }));
  }
  if (req.kind === 'expand') {
    return Promise.all(req.docs.map(expandJsonLdInline)).then((expanded) => ({
      id: req.id,
      expanded,
    }));
  }
  const env: VerifyEnv = { fetcher, now: () => new Date(req.now), identities: [] };
  return verifyParsedTree(req.parsed, env).then((tree) => ({ id: req.id, tree }));
}

parentPort?.on('message', (req: PoolRequest) => {
  answer(req).then(
    (res) => parentPort?.postMessage(res),
    (err: unknown) =>
      parentPort?.postMessage({
        id: req.id,
        error: err instanceof Error ? err.message : String(err),
      } satisfies PoolResponse),
  );
});
parentPort?.postMessage({ ready: true });
