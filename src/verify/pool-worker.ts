// A verification worker thread: checks self-contained credentials (no network needed) so proofs use every core.
import { parentPort } from 'node:worker_threads';
import type { ParsedCredential } from '../core/credential';
import { verifyParsedTree } from './engine';
import { createFetcher } from './fetcher';
import type { VerifyEnv } from './types';

export type PoolRequest = { id: number; parsed: ParsedCredential; now: string };
export type PoolResponse =
  | { id: number; tree: Awaited<ReturnType<typeof verifyParsedTree>> }
  | { id: number; error: string };

// Only credentials that need no network are sent here; an offline door makes sure of it.
const fetcher = createFetcher({ offline: true, allowPrivateNetwork: false });

parentPort?.on('message', (req: PoolRequest) => {
  const env: VerifyEnv = { fetcher, now: () => new Date(req.now), identities: [] };
  verifyParsedTree(req.parsed, env).then(
    (tree) => parentPort?.postMessage({ id: req.id, tree } satisfies PoolResponse),
    (err: unknown) =>
      parentPort?.postMessage({
        id: req.id,
        error: err instanceof Error ? err.message : String(err),
      } satisfies PoolResponse),
  );
});
parentPort?.postMessage({ ready: true });
