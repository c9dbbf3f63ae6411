// Types for the JSON-LD and encoding libraries the verifier uses; they ship none, and we use little of each.

declare module 'jsonld' {
  export type RemoteDocument = {
    contextUrl: string | null;
    documentUrl: string;
    document: unknown;
    /** 'static' lets jsonld keep the resolved context in its process-wide cache. */
    tag?: string;
  };
  export type DocumentLoader = (url: string) => Promise<RemoteDocument>;
  export type Quad = Record<string, unknown>;
  export type ToRdfOptions = {
    documentLoader: DocumentLoader;
    safe?: boolean;
    base?: string | null;
    produceGeneralizedRdf?: boolean;
    rdfDirection?: string;
  };
  type JsonLd = {
    toRDF(input: unknown, options: ToRdfOptions): Promise<Quad[]>;
    expand(input: unknown, options: ToRdfOptions): Promise<unknown[]>;
  };
  const jsonld: JsonLd;
  export = jsonld;
}

declare module 'rdf-canonize' {
  export type CanonizeOptions = {
    algorithm: 'RDFC-1.0' | 'URDNA2015';
    format?: 'application/n-quads';
    /** How much work (as a power of the number of blank nodes) before giving up on a poisoned graph. */
    maxWorkFactor?: number;
    maxDeepIterations?: number;
    signal?: AbortSignal;
  };
  export function canonize(input: unknown, options: CanonizeOptions): Promise<string>;
  export function _canonizeSync(input: unknown, options: CanonizeOptions): string;
}

declare module 'base58-universal' {
  export function encode(input: Uint8Array, maxline?: number): string;
  export function decode(input: string): Uint8Array;
}
