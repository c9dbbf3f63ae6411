// Types for the Digital Bazaar libraries the tests use as an independent verifier; they ship none.

declare module '@digitalbazaar/vc' {
  type Loader = (
    url: string,
  ) => Promise<{ contextUrl: null; documentUrl: string; document: unknown }>;
  export function verify(options: {
    presentation: Record<string, unknown>;
    challenge?: string;
    domain?: string;
    suite: unknown;
    documentLoader: Loader;
  }): Promise<unknown>;
  export function signPresentation(options: {
    presentation: Record<string, unknown>;
    challenge?: string;
    domain?: string;
    suite: unknown;
    documentLoader: Loader;
  }): Promise<Record<string, unknown>>;
  export function verifyCredential(options: {
    credential: Record<string, unknown>;
    suite: unknown;
    documentLoader: Loader;
  }): Promise<unknown>;
}

declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof {
    constructor(options: { cryptosuite: unknown; signer?: unknown });
  }
}

declare module '@digitalbazaar/ed25519-multikey' {
  export function generate(options?: { id?: string; controller?: string }): Promise<{
    id?: string;
    controller?: string;
    publicKeyMultibase: string;
    signer(): unknown;
  }>;
}

declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: unknown;
}
