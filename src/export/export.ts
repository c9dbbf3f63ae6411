// One export run: every requested file built in memory from one snapshot, then each written atomically, with a list of what was written and why anything is missing.
import type { ExportResult, WrittenFile } from '../core/export-result';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { PortfolioSnapshot } from '../core/portfolio';
import { AppError } from '../shared/errors';
import { writeFileAtomic } from './atomic-write';
import { buildJsonResume } from './json-resume';
import {
  buildPresentation,
  planPresentation,
  type BuiltPresentation,
  type OriginalDecoder,
} from './jsonld';
import { buildPresentationJwt } from './jwt';
import { describeCertificate, type HolderKeys } from './keys';
import { linkedInAddUrl } from './linkedin';
import { buildExportModel } from './model';
import { buildSignedPdf, type BuiltPdf } from './pdf';

export type ExportTargets = { pdf?: string; jsonld?: string; jwt?: string; jsonResume?: string };

export type ExportRequest = {
  snapshot: PortfolioSnapshot;
  keys: HolderKeys;
  /** True when the keys were made for this export (first export). */
  keysCreated?: boolean;
  targets: ExportTargets;
  challenge?: string;
  domain?: string;
  decodeOriginal?: OriginalDecoder;
  /** The moment the PDF is signed. */
  now: Date;
};

export type { ExportResult, WrittenFile };

type Pending = { kind: WrittenFile['kind']; path: string; bytes: Uint8Array };

function distinctTargets(targets: ExportTargets): void {
  const given = Object.values(targets).filter((t): t is string => typeof t === 'string');
  if (given.length === 0) {
    throw new AppError(
      'bad-input',
      'Say which files to write: --pdf, --jsonld, --jwt and/or --json-resume.',
    );
  }
  const resolved = given.map((t) => path.resolve(t));
  if (new Set(resolved).size !== resolved.length) {
    throw new AppError('bad-input', 'Each export format needs its own file name.');
  }
}

function json(value: unknown): Uint8Array {
  return Buffer.from(JSON.stringify(value, null, 2) + '\n', 'utf8');
}

/** Every target folder must exist before the first write, so a typo does not leave half an export. */
async function foldersExist(paths: string[]): Promise<void> {
  for (const dir of new Set(paths.map((p) => path.dirname(path.resolve(p))))) {
    const st = await fs.promises.stat(dir).catch(() => null);
    if (!st?.isDirectory())
      throw new AppError('bad-input', `The folder ${dir} does not exist; nothing was written.`);
  }
}

/**
 * Builds every requested file first (nothing is written if any of them cannot be made), then
 * writes each atomically: the originals beside a presentation first, the main files last.
 */
export async function exportPortfolio(req: ExportRequest): Promise<ExportResult> {
  const { targets, keys } = req;
  distinctTargets(targets);
  const model = buildExportModel(req.snapshot);
  const warnings = [...model.warnings];
  const resumeJson = json(buildJsonResume(model));
  const needsPresentation =
    targets.pdf !== undefined || targets.jsonld !== undefined || targets.jwt !== undefined;
  let vp: BuiltPresentation | null = null;
  let pdf: BuiltPdf | null = null;
  if (needsPresentation) {
    const plan = planPresentation(model, req.decodeOriginal);
    const building = buildPresentation(model, {
      keys,
      challenge: req.challenge,
      domain: req.domain,
      decodeOriginal: req.decodeOriginal,
      plan,
    });
    // The PDF is laid out while the presentation is canonicalised and signed (on a verification
    // thread when one is free); it waits for the presentation's bytes only to attach them.
    const inside = (embedded: BuiltPresentation['embedded']) =>
      new Set(embedded.map((e) => e.item.ref));
    const laying =
      targets.pdf === undefined
        ? null
        : buildSignedPdf({
            model,
            keys,
            resumeJson,
            signingTime: req.now,
            embeddedRefs: inside(plan.embedded),
            originals: plan.beside,
            presentationBytes: building.then((built) => built.bytes),
          });
    [vp, pdf] = await Promise.all([building, laying]);
    warnings.push(...vp.warnings);
    if (pdf && vp.embedded.length !== plan.embedded.length) {
      // Signing sent a credential beside after all (terms Skillfolio does not ship): the appendix
      // and the attachments must say so, so the PDF is laid out again.
      pdf = await buildSignedPdf({
        model,
        keys,
        resumeJson,
        signingTime: req.now,
        presentation: { bytes: vp.bytes, embeddedRefs: inside(vp.embedded) },
        originals: vp.beside,
      });
    }
  }
  const pending: Pending[] = [];
  const main: Pending[] = [];
  if (vp && (targets.jsonld !== undefined || targets.jwt !== undefined)) {
    // Originals bound by digest travel beside the presentation, under the names it records.
    const dirs = new Set(
      [targets.jsonld, targets.jwt]
        .filter((t): t is string => t !== undefined)
        .map((t) => path.dirname(path.resolve(t))),
    );
    for (const dir of dirs) {
      for (const item of vp.beside)
        pending.push({
          kind: 'original',
          path: path.join(dir, item.fileName),
          bytes: item.original.bytes,
        });
    }
  }
  if (vp && targets.jsonld !== undefined)
    main.push({ kind: 'jsonld', path: targets.jsonld, bytes: vp.bytes });
  if (vp && targets.jwt !== undefined) {
    const jwt = await buildPresentationJwt(vp, keys, req.now);
    main.push({ kind: 'jwt', path: targets.jwt, bytes: jwt.bytes });
  }
  if (targets.jsonResume !== undefined)
    main.push({ kind: 'json-resume', path: targets.jsonResume, bytes: resumeJson });
  if (pdf && targets.pdf !== undefined) {
    warnings.push(...pdf.warnings);
    main.push({ kind: 'pdf', path: targets.pdf, bytes: pdf.bytes });
  }
  await foldersExist([...pending, ...main].map((f) => f.path));
  const mainPaths = new Set(main.map((m) => path.resolve(m.path)));
  const files: WrittenFile[] = [];
  for (const f of [...pending.filter((p) => !mainPaths.has(path.resolve(p.path))), ...main]) {
    await writeFileAtomic(f.path, f.bytes);
    files.push({
      kind: f.kind,
      path: path.resolve(f.path),
      bytes: f.bytes.length,
      sha256: crypto.createHash('sha256').update(f.bytes).digest('hex'),
    });
  }
  const inside = new Set(vp?.embedded.map((e) => e.item.ref) ?? []);
  return {
    files,
    warnings,
    holder: {
      did: keys.holder.did,
      certificateFingerprint: describeCertificate(keys.signing).sha256Fingerprint,
      created: req.keysCreated === true,
    },
    challenge: vp?.challenge ?? null,
    domain: vp?.domain ?? null,
    credentials: model.items.map((i) => ({
      id: i.ref,
      title: i.title,
      trust: i.trust,
      inside: inside.has(i.ref),
      linkedIn: linkedInAddUrl({
        title: i.title,
        issuer: i.issuer,
        issuedOn: i.issuedOn,
        validUntil: i.validUntil,
        url: i.verifyUrl,
        credentialId: i.credentialId,
      }),
    })),
  };
}
