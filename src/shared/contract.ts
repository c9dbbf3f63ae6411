// Every operation the UI, the CLI and browser mode can perform: one name, one zod input schema, one output type.
import { z } from 'zod';
import { FORMAT_IDS, type FormatId } from '../core/credential';
import type { Identity } from '../core/identity';
import type { ExportResult } from '../core/export-result';
import type { CredentialDetail, ImportResult, ListPage } from '../core/library';
import { LIST_SORTS } from '../core/library';
import type { LibraryFacets } from '../core/facets';
import { VERDICTS, type Check, type Verdict } from '../core/verification';
import {
  HIDEABLE_FIELDS,
  type PortfolioPreviewData,
  type PortfolioSnapshot,
} from '../core/portfolio';
import type { PortfolioListItem, PortfolioView } from '../core/portfolio-view';
import type { SkillView } from '../core/skills';
import type { ProfileInfo, ProfileList } from '../core/profile';

const id = z.number().int().positive();
/** Text the person typed (a name, a title): capped here, checked in full by the service. */
const typed = z.string().max(1000);
const longText = z.string().max(40_000);
/** A skill's key or shown name. */
const skillRef = z.string().min(1).max(1000);
/** 0-based place in an ordered list. */
const position = z.number().int().min(0).max(1_000_000);
/** Portfolio header fields; null clears one. */
const portfolioFields = {
  personName: typed.nullable().optional(),
  headline: typed.nullable().optional(),
  email: typed.nullable().optional(),
  links: z.array(z.string().max(4096)).max(100).optional(),
  targetRole: typed.nullable().optional(),
  summary: longText.nullable().optional(),
};

/** Where an import item comes from. `path` is for local adapters only (CLI, main-process dialogs). */
export const importSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('path'), path: z.string().min(1).max(4096) }),
  z.object({ kind: z.literal('url'), url: z.string().min(1).max(8192) }),
  z.object({
    kind: z.literal('text'),
    text: z
      .string()
      .min(1)
      .max(16 * 1024 * 1024),
    name: z.string().max(1024).optional(),
  }),
  z.object({
    kind: z.literal('bytes'),
    name: z.string().min(1).max(1024),
    base64: z.string().max(96 * 1024 * 1024),
  }),
]);
export type ImportSource = z.infer<typeof importSource>;

/** One verified input, exactly the `skillfolio verify --json` element of FORMATS.md. */
export type VerifyResult = {
  source: string;
  /** Null when the input could not be read as a credential (verdict `error`). */
  format: FormatId | null;
  verdict: Verdict;
  checks: Check[];
  credential: {
    title: string;
    issuer: string | null;
    issuedOn: string | null;
    validUntil: string | null;
  } | null;
};

export type ReverifiedItem = { id: number; title: string; previous: Verdict; verdict: Verdict };
export type ReverifyResult = {
  reverified: ReverifiedItem[];
  /** Ids asked for that are not in the library, or whose original could no longer be read. */
  failed: Array<{ id: number; error: { code: string; message: string } }>;
};

export type LibraryInfo = { path: string; credentials: number; schemaVersion: number };
export type Blob64 = { mediaType: string; base64: string };

export type { ExportResult } from '../core/export-result';

/** What the window may ask `portfolio.exportFiles` for: the same files `portfolio.export` writes. */
export const EXPORT_FORMATS = ['pdf', 'jsonld', 'jwt', 'jsonResume'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** One exported file handed to the window, which saves it (a download, or the desktop's save dialog). */
export type ExportedFile = {
  kind: ExportResult['files'][number]['kind'];
  /** A plain file name (no folder); originals keep the name the presentation records for them. */
  name: string;
  mediaType: string;
  base64: string;
  bytes: number;
  sha256: string;
};

/** `portfolio.exportFiles`: an export's report, with the files' bytes instead of paths on disk. */
export type ExportedFiles = Omit<ExportResult, 'files'> & { files: ExportedFile[] };

/** `verify-export`: the export's own verdict and checks, and the verdict of each credential it carries. */
export type ExportVerification = {
  kind: 'pdf' | 'presentation' | 'presentation-jwt';
  verdict: Verdict;
  checks: Check[];
  holder: string | null;
  challenge: string | null;
  domain: string | null;
  signer: {
    subject: string;
    issuer: string;
    uris: string[];
    selfSigned: boolean;
    sha256Fingerprint: string;
    signedAt: string | null;
  } | null;
  credentials: Array<{
    source: 'presentation' | 'attachment' | 'enveloped';
    name: string;
    id: string | null;
    verdict: Verdict;
    checks: Check[];
  }>;
  attachments: string[];
  checkedAt: string;
};

/** The holder's keys as any surface may see them: public keys and fingerprints, never private keys. */
export type HolderKeyInfo = {
  createdAt: string;
  did: string;
  verificationMethod: string;
  publicKeyMultibase: string;
  certificate: {
    source: 'self-signed' | 'imported';
    subject: string;
    issuer: string;
    serialNumber: string;
    notBefore: string;
    notAfter: string;
    sha256Fingerprint: string;
    subjectAltNames: string[];
  };
  storage: { location: string; encrypted: boolean };
};

/** Network choices saved in the library folder (each profile has its own), and what this run does. */
export type AppSettings = {
  offline: boolean;
  allowPrivateNetwork: boolean;
  /** What this window actually does: a start-up flag (`--offline`) can force a setting on. */
  effective: { offline: boolean; allowPrivateNetwork: boolean };
  /** Why the saved settings could not be read (then Skillfolio stays offline), or null. */
  problem: string | null;
};

/** A consistent copy of the library database: its bytes for a window, or where it was written. */
export type LibraryBackup = {
  name: string;
  bytes: number;
  sha256: string;
  createdAt: string;
  /** Set when the backup was written to a file the caller named (CLI). */
  path: string | null;
  /** Set when the caller gets the bytes (a window saves them as a download). */
  base64: string | null;
};

/** What `library.restore` put in place, and where the library it replaced was kept. */
export type RestoreResult = {
  credentials: number;
  portfolios: number;
  /** The schema version the backup was written with (it is brought up to date on restore). */
  schemaVersion: number;
  /** The replaced library, kept beside it so nothing is lost. */
  previous: string;
};

/** `library.importSamples`: the import of the bundled samples and the sample portfolio made from them. */
export type SamplesResult = {
  import: ImportResult;
  portfolio: { id: number; name: string } | null;
};

const exportPath = z.string().min(1).max(4096);
const keyPassphrase = z.string().min(1).max(1024);

/** A file the window hands over as bytes, since it names no paths: up to `maxBase64` characters of base64. */
const handedFile = (maxBase64: number) =>
  z.object({ name: z.string().min(1).max(1024), base64: z.string().max(maxBase64) }).strict();

/** A file to read: its path (from an adapter the user drives) or its bytes (from the window), exactly one. */
const pathOrBytes = (what: string) =>
  z
    .object({ path: exportPath.optional(), file: handedFile(280 * 1024 * 1024).optional() })
    .strict()
    .refine((v) => (v.path === undefined) !== (v.file === undefined), {
      message: `give either the path or the bytes of ${what}`,
    });

/** For `namesFiles`: an optional path names a file only when given. */
const namesPath = (input: { path?: string }): boolean => input.path !== undefined;

/** What a delete removed: the credential and, for a bundle, everything nested in it. */
export type DeleteResult = { deleted: number; title: string };

/**
 * The contract. `namesFiles` tells whether an input names files on disk: only adapters the user
 * drives directly (the CLI, main-process dialogs) may send such input, never a renderer.
 */
export const contract = {
  'library.info': { input: z.object({}).strict() },
  'library.import': {
    input: z.object({ sources: z.array(importSource).min(1).max(100_000) }).strict(),
    namesFiles: (input: { sources: ImportSource[] }) =>
      input.sources.some((s) => s.kind === 'path'),
  },
  /** One credential typed in by hand (always self-reported); the service checks each field in full. */
  'library.addManual': {
    input: z
      .object({
        title: typed,
        issuer: typed,
        date: z.string().max(100),
        url: z.string().max(4096).optional(),
        description: longText.optional(),
        skills: z.array(typed).max(200).optional(),
      })
      .strict(),
  },
  'library.list': {
    input: z
      .object({
        query: z.string().max(500).optional(),
        skill: z.string().max(500).optional(),
        verdict: z.enum(VERDICTS).optional(),
        format: z.enum(FORMAT_IDS).optional(),
        issuer: z.string().max(500).optional(),
        sort: z.enum(LIST_SORTS).optional(),
        limit: z.number().int().min(1).max(500).optional(),
        offset: z.number().int().min(0).optional(),
      })
      .strict(),
  },
  'library.get': { input: z.object({ id }).strict() },
  'library.original': { input: z.object({ id }).strict() },
  'library.image': { input: z.object({ id }).strict() },
  'skills.list': {
    input: z
      .object({
        includeHidden: z.boolean().optional(),
        perSkill: z.number().int().min(1).max(100_000).optional(),
      })
      .strict(),
  },
  'skills.rename': { input: z.object({ skill: skillRef, name: typed }).strict() },
  'skills.merge': {
    input: z.object({ skills: z.array(skillRef).min(1).max(1000), into: skillRef }).strict(),
  },
  'skills.hide': { input: z.object({ skill: skillRef, hidden: z.boolean().optional() }).strict() },
  'skills.add': {
    input: z.object({ name: typed, credentialIds: z.array(id).max(10_000).optional() }).strict(),
  },
  'skills.attach': {
    input: z.object({ skill: skillRef, credentialIds: z.array(id).min(1).max(10_000) }).strict(),
  },
  'skills.detach': {
    input: z.object({ skill: skillRef, credentialIds: z.array(id).min(1).max(10_000) }).strict(),
  },
  'profile.list': { input: z.object({}).strict() },
  'profile.create': { input: z.object({ name: typed }).strict() },
  'profile.switch': { input: z.object({ name: typed }).strict() },
  'profile.remove': { input: z.object({ name: typed }).strict() },
  'portfolio.list': { input: z.object({}).strict() },
  'portfolio.get': { input: z.object({ id }).strict() },
  'portfolio.create': { input: z.object({ name: typed, ...portfolioFields }).strict() },
  'portfolio.update': {
    input: z.object({ id, name: typed.optional(), ...portfolioFields }).strict(),
  },
  'portfolio.duplicate': { input: z.object({ id, name: typed.optional() }).strict() },
  'portfolio.delete': { input: z.object({ id }).strict() },
  'portfolio.addEntries': {
    input: z
      .object({
        id,
        credentialIds: z.array(id).min(1).max(10_000),
        sectionId: id.optional(),
        section: typed.optional(),
        index: position.optional(),
      })
      .strict()
      .refine((v) => v.sectionId === undefined || v.section === undefined, {
        message: 'name the section by id or by title, not both',
      }),
  },
  'portfolio.removeEntry': { input: z.object({ id, credentialId: id }).strict() },
  'portfolio.moveEntry': {
    input: z.object({ id, credentialId: id, sectionId: id.optional(), index: position }).strict(),
  },
  'portfolio.setEntryNote': {
    input: z.object({ id, credentialId: id, note: longText.nullable() }).strict(),
  },
  'portfolio.setEntryHidden': {
    input: z
      .object({ id, credentialId: id, hidden: z.array(z.enum(HIDEABLE_FIELDS)).max(20) })
      .strict(),
  },
  'portfolio.addSection': {
    input: z
      .object({
        id,
        title: typed.optional(),
        skill: skillRef.optional(),
        index: position.optional(),
      })
      .strict()
      .refine((v) => v.title !== undefined || v.skill !== undefined, {
        message: 'give the section a title or a skill',
      }),
  },
  'portfolio.renameSection': { input: z.object({ id, sectionId: id, title: typed }).strict() },
  'portfolio.removeSection': { input: z.object({ id, sectionId: id }).strict() },
  'portfolio.moveSection': { input: z.object({ id, sectionId: id, index: position }).strict() },
  'portfolio.snapshot': { input: z.object({ id }).strict() },
  'portfolio.preview': { input: z.object({ id }).strict() },
  'library.facets': { input: z.object({}).strict() },
  'library.delete': { input: z.object({ id }).strict() },
  'credential.verify': {
    input: z
      .object({
        sources: z.array(importSource).max(10_000).optional(),
        ids: z.array(id).max(100_000).optional(),
        refresh: z.boolean().optional(),
      })
      .strict()
      .refine((v) => (v.sources?.length ?? 0) + (v.ids?.length ?? 0) > 0, {
        message: 'name at least one source or credential id to verify',
      }),
    namesFiles: (input: { sources?: ImportSource[] }) =>
      (input.sources ?? []).some((s) => s.kind === 'path'),
  },
  'library.reverify': {
    input: z
      .object({
        all: z.boolean().optional(),
        ids: z.array(id).max(100_000).optional(),
        refresh: z.boolean().optional(),
      })
      .strict()
      .refine((v) => v.all === true || (v.ids?.length ?? 0) > 0, {
        message: 'say which credentials to re-verify (ids) or all of them (all: true)',
      }),
  },
  'identity.add': { input: z.object({ value: z.string().min(1).max(1024) }).strict() },
  'identity.list': { input: z.object({}).strict() },
  'identity.remove': {
    input: z
      .object({ id: id.optional(), value: z.string().min(1).max(1024).optional() })
      .strict()
      .refine((v) => (v.id === undefined) !== (v.value === undefined), {
        message: 'give either the id or the value of the identity to remove',
      }),
  },
  'portfolio.export': {
    input: z
      .object({
        id,
        pdf: exportPath.optional(),
        jsonld: exportPath.optional(),
        jwt: exportPath.optional(),
        jsonResume: exportPath.optional(),
        challenge: z.string().min(1).max(512).optional(),
        domain: z.string().min(1).max(512).optional(),
        passphrase: keyPassphrase.optional(),
      })
      .strict()
      .refine((v) => [v.pdf, v.jsonld, v.jwt, v.jsonResume].some((t) => t !== undefined), {
        message: 'name at least one file to write (pdf, jsonld, jwt or jsonResume)',
      }),
    namesFiles: () => true,
  },
  'portfolio.exportFiles': {
    input: z
      .object({
        id,
        formats: z.array(z.enum(EXPORT_FORMATS)).min(1).max(EXPORT_FORMATS.length),
        challenge: z.string().min(1).max(512).optional(),
        domain: z.string().min(1).max(512).optional(),
        passphrase: keyPassphrase.optional(),
      })
      .strict()
      .refine((v) => new Set(v.formats).size === v.formats.length, {
        message: 'name each format once',
      }),
  },
  'export.verify': {
    input: pathOrBytes('the file to verify'),
    namesFiles: namesPath,
  },
  'keys.show': { input: z.object({ passphrase: keyPassphrase.optional() }).strict() },
  'keys.rotate': {
    input: z
      .object({ passphrase: keyPassphrase.optional(), commonName: typed.optional() })
      .strict(),
  },
  'keys.export': {
    input: z.object({ path: exportPath, passphrase: keyPassphrase.optional() }).strict(),
    namesFiles: () => true,
  },
  'keys.import': {
    input: z
      .object({
        path: exportPath,
        password: z.string().max(1024).optional(),
        passphrase: keyPassphrase.optional(),
      })
      .strict(),
    namesFiles: () => true,
  },
  'keys.importFile': {
    input: z
      .object({
        file: handedFile(2 * 1024 * 1024),
        password: z.string().max(1024).optional(),
        passphrase: keyPassphrase.optional(),
      })
      .strict(),
  },
  /** A key backup for the window to save: always sealed with the passphrase (as `keys.export`). */
  'keys.exportFile': { input: z.object({ passphrase: keyPassphrase.optional() }).strict() },
  'settings.get': { input: z.object({}).strict() },
  'settings.set': {
    input: z
      .object({ offline: z.boolean().optional(), allowPrivateNetwork: z.boolean().optional() })
      .strict()
      .refine((v) => v.offline !== undefined || v.allowPrivateNetwork !== undefined, {
        message: 'name a setting to change (offline or allowPrivateNetwork)',
      }),
  },
  'library.backup': {
    input: z.object({ path: exportPath.optional() }).strict(),
    namesFiles: namesPath,
  },
  'library.restore': {
    input: pathOrBytes('the backup to restore'),
    namesFiles: namesPath,
  },
  'library.importSamples': { input: z.object({}).strict() },
} as const;

export type Method = keyof typeof contract;
export type Input<M extends Method> = z.infer<(typeof contract)[M]['input']>;

export type Outputs = {
  'library.info': LibraryInfo;
  'library.import': ImportResult;
  'library.addManual': ImportResult;
  'library.list': ListPage;
  'library.get': CredentialDetail;
  'library.original': Blob64;
  'library.image': Blob64 | null;
  'skills.list': SkillView[];
  'skills.rename': SkillView;
  'skills.merge': SkillView;
  'skills.hide': SkillView;
  'skills.add': SkillView;
  'skills.attach': SkillView;
  /** Null when the skill had no other credential and was read from credentials (it is gone). */
  'skills.detach': SkillView | null;
  'profile.list': ProfileList;
  'profile.create': ProfileInfo;
  'profile.switch': ProfileInfo;
  'profile.remove': { removed: ProfileInfo; active: string };
  'portfolio.list': PortfolioListItem[];
  'portfolio.get': PortfolioView;
  'portfolio.create': PortfolioView;
  'portfolio.update': PortfolioView;
  'portfolio.duplicate': PortfolioView;
  'portfolio.delete': { deleted: { id: number; name: string } };
  'portfolio.addEntries': PortfolioView;
  'portfolio.removeEntry': PortfolioView;
  'portfolio.moveEntry': PortfolioView;
  'portfolio.setEntryNote': PortfolioView;
  'portfolio.setEntryHidden': PortfolioView;
  'portfolio.addSection': PortfolioView;
  'portfolio.renameSection': PortfolioView;
  'portfolio.removeSection': PortfolioView;
  'portfolio.moveSection': PortfolioView;
  'portfolio.snapshot': PortfolioSnapshot;
  'portfolio.preview': PortfolioPreviewData;
  'library.facets': LibraryFacets;
  'library.delete': DeleteResult;
  'credential.verify': VerifyResult[];
  'library.reverify': ReverifyResult;
  'identity.add': { identity: Identity; added: boolean };
  'identity.list': Identity[];
  'identity.remove': { removed: Identity };
  'portfolio.export': ExportResult;
  'portfolio.exportFiles': ExportedFiles;
  'export.verify': ExportVerification;
  /** Null until the first export (or keys rotate) creates the keys. */
  'keys.show': HolderKeyInfo | null;
  'keys.rotate': HolderKeyInfo;
  'keys.export': { path: string; encrypted: boolean };
  'keys.import': HolderKeyInfo;
  'keys.importFile': HolderKeyInfo;
  /** The backup's file name and its bytes, sealed with the passphrase. */
  'keys.exportFile': { name: string; base64: string };
  'settings.get': AppSettings;
  /** The saved settings; `applied` is false where the window must be restarted to use them. */
  'settings.set': AppSettings & { applied: boolean };
  'library.backup': LibraryBackup;
  'library.restore': RestoreResult;
  'library.importSamples': SamplesResult;
};
export type Output<M extends Method> = Outputs[M];

export function isMethod(name: string): name is Method {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

/** Progress of long operations, pushed to whoever started them. */
export type ProgressEvent = {
  type: 'progress';
  operation: 'import' | 'reverify';
  phase: 'reading' | 'verifying' | 'saving' | 'done';
  done: number;
  total: number;
};
