// What an export wrote and what the person should know (EXPORTS.md): built by src/export, carried by the contract.

export type WrittenFile = {
  kind: 'pdf' | 'jsonld' | 'jwt' | 'json-resume' | 'original';
  path: string;
  bytes: number;
  sha256: string;
};

export type ExportResult = {
  files: WrittenFile[];
  warnings: string[];
  holder: { did: string; certificateFingerprint: string; created: boolean };
  challenge: string | null;
  domain: string | null;
  /** Each credential exported: whether it travels inside the presentation, and its "Add to LinkedIn" link. */
  credentials: Array<{
    id: number;
    title: string;
    trust: string;
    inside: boolean;
    linkedIn: string;
  }>;
};
