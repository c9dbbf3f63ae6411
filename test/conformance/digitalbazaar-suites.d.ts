// Types for the two Digital Bazaar packages only the Data Integrity cross-check uses; they ship none.

declare module '@digitalbazaar/ed25519-signature-2020' {
  export class Ed25519Signature2020 {
    constructor(options?: Record<string, unknown>);
  }
}

declare module '@digitalbazaar/ed25519-verification-key-2020' {
  export class Ed25519VerificationKey2020 {
    static from(options: Record<string, unknown>): Promise<Ed25519VerificationKey2020>;
    export(options: { publicKey?: boolean; includeContext?: boolean }): Record<string, unknown>;
  }
}
