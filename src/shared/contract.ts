// Every operation the UI, the CLI and browser mode can perform: one name, one zod input schema, one output type.
import { z } from 'zod';
import { FORMAT_IDS, type FormatId } from '../core/credential';
import type { Identity } from '../core/identity';
import type {
  CredentialDetail,
  ImportResult,
  ListPage,
  SkillCount,
} from '../core/library';
import { LIST_SORTS } from '../core/library';
import type { LibraryFacets } from '../core/facets';
import { VERDICTS, type Check, type Verdict } from '../core/verification';

const id = z.number().int().positive();

/** Where an import item comes from. `path` is for local adapters only (CLI, main-process dialogs). */
export const importSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('path'), path: z.string().min(1).max(4096) }),
  z.object({ kind: z.literal('url'), url: z.string().min(1).max(8192) }),
  z.object({
    kind: z.literal('text'),
    text: z.string().min(1).max(16 * 1024 * 1024),
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
    namesFiles: (input: { sources: ImportSource[] }) => input.sources.some((s) => s.kind === 'path'),
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
  'skills.list': { input: z.object({}).strict() },
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
} as const;

export type Method = keyof typeof contract;
export type Input<M extends Method> = z.infer<(typeof contract)[M]['input']>;

export type Outputs = {
  'library.info': LibraryInfo;
  'library.import': ImportResult;
  'library.list': ListPage;
  'library.get': CredentialDetail;
  'library.original': Blob64;
  'library.image': Blob64 | null;
  'skills.list': SkillCount[];
  'library.facets': LibraryFacets;
  'library.delete': DeleteResult;
  'credential.verify': VerifyResult[];
  'library.reverify': ReverifyResult;
  'identity.add': { identity: Identity; added: boolean };
  'identity.list': Identity[];
  'identity.remove': { removed: Identity };
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
