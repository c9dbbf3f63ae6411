// The JSON-LD contexts Skillfolio knows (resources/contexts, copied from their npm packages): a context is never fetched.
import bundle from '../../resources/contexts/contexts.json';
import { AppError } from '../shared/errors';

export type LoadedDocument = {
  contextUrl: null;
  documentUrl: string;
  document: unknown;
  /** Marks the context as unchanging, so jsonld keeps it processed in its process-wide cache. */
  tag: 'static';
};

type BundledContext = { url: string; source: string; sha256: string; document: unknown };

const byUrl: ReadonlyMap<string, BundledContext> = new Map(
  (bundle as { contexts: BundledContext[] }).contexts.map((c) => [c.url, c]),
);

/** An `@context` URL that is not bundled. Verification fails on it; Skillfolio never fetches one. */
export class UnknownContextError extends AppError {
  readonly url: string;
  constructor(url: string) {
    super(
      'unsafe-content',
      `Unknown JSON-LD context ${clip(url)} (Skillfolio never fetches contexts, and this one is not among those it ships).`,
    );
    this.name = 'UnknownContextError';
    this.url = url;
  }
}

function clip(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** True when `url` is one of the bundled contexts. */
export function isKnownContext(url: string): boolean {
  return byUrl.has(url);
}

/** Where a bundled context came from (e.g. `npm:credentials-context@2.0.0`), for reports and audits. */
export function contextSource(url: string): string | null {
  return byUrl.get(url)?.source ?? null;
}

/**
 * A jsonld document loader over the bundled contexts only. Each call gets its own copy: jsonld
 * rewrites context URLs in place while resolving, and the bundled originals must stay pristine.
 */
export function documentLoader(url: string): Promise<LoadedDocument> {
  const found = byUrl.get(url);
  if (!found) return Promise.reject(new UnknownContextError(url));
  return Promise.resolve({
    contextUrl: null,
    documentUrl: url,
    document: structuredClone(found.document),
    tag: 'static',
  });
}

export function knownContexts(): string[] {
  return [...byUrl.keys()];
}
