// Export use cases: write a portfolio's signed files, verify exported files, and manage the holder's keys (which never leave this process).
import fs from 'node:fs';
import path from 'node:path';
import { errorReport } from '../verify/engine';
import { exportPortfolio } from '../export/export';
import {
  fileKeyStore,
  openHolderKeys,
  SEALED_KEY_FILE_NAME,
  sealedKeyStore,
  sealHolderKeys,
} from '../export/key-file';
import {
  createHolderKeys,
  describeKeys,
  ensureHolderKeys,
  importSigningCertificate,
  rotateHolderKeys,
  type HolderKeys,
  type KeyStore,
} from '../export/keys';
import { writeFileAtomic } from '../export/atomic-write';
import { PDF_LIMITS } from '../export/pdf-verify';
import { verifyExport } from '../export/verify-export';
import { parseCredential } from '../formats/detect';
import { isRecord, parseJsonBytes, parseJsonText } from '../formats/json';
import { isPng, readBakedPng } from '../formats/png';
import { looksLikeSvg, readBakedSvg } from '../formats/svg';
import type { ExportResult, ExportVerification, HolderKeyInfo, Input } from '../shared/contract';
import { AppError, toErrorData } from '../shared/errors';
import type { ServiceContext } from './context';
import { snapshotPortfolio } from './portfolio';
import { verifyEnv, verifySafely } from './verify';

/** A key file or a .p12 is kilobytes; a megabyte is plenty. */
export const MAX_KEY_FILE_BYTES = 1024 * 1024;

/**
 * The key store of this library: in the desktop app, sealed by the operating system's key storage
 * (unless the person gives a passphrase, e.g. where no keyring exists); elsewhere
 * `holder-keys.json` beside the library database, sealed with the passphrase when one is given.
 */
export function keyStoreFor(ctx: ServiceContext, passphrase: string | undefined): KeyStore {
  if (ctx.keySealer !== undefined) {
    // Keys the app already sealed stay there (a passphrase then only seals a backup); without a
    // passphrase new keys are sealed by the OS; with one, a file sealed by it (no keyring needed).
    const sealed = fs.existsSync(path.join(ctx.libraryDir, SEALED_KEY_FILE_NAME));
    if (sealed || passphrase === undefined || passphrase === '') {
      return sealedKeyStore(ctx.libraryDir, ctx.keySealer);
    }
  }
  return fileKeyStore(ctx.libraryDir, passphrase ?? null);
}

async function keyInfo(keys: HolderKeys, store: KeyStore): Promise<HolderKeyInfo> {
  return {
    ...describeKeys(keys),
    storage: { location: store.location, encrypted: (await store.encrypted()) === true },
  };
}

/** The JSON-LD document inside a baked PNG/SVG original (OB 3.0 credentials travel that way). */
function decodeBaked(original: { mediaType: string; bytes: Uint8Array }): unknown {
  const text = isPng(original.bytes)
    ? readBakedPng(original.bytes).text
    : looksLikeSvg(original.bytes)
      ? readBakedSvg(original.bytes).text
      : null;
  if (text === null || !text.startsWith('{')) return null;
  const doc = parseJsonText(text, 'The baked credential');
  return isRecord(doc) ? doc : null;
}

export async function exportPortfolioService(
  ctx: ServiceContext,
  input: Input<'portfolio.export'>,
): Promise<ExportResult> {
  const snapshot = snapshotPortfolio(ctx, input.id);
  const store = keyStoreFor(ctx, input.passphrase);
  const { keys, created } = await ensureHolderKeys(store, {
    now: ctx.now(),
    commonName: snapshot.portfolio.personName,
  });
  const result = await exportPortfolio({
    snapshot,
    keys,
    keysCreated: created,
    targets: { pdf: input.pdf, jsonld: input.jsonld, jwt: input.jwt, jsonResume: input.jsonResume },
    challenge: input.challenge,
    domain: input.domain,
    decodeOriginal: decodeBaked,
    now: ctx.now(),
  });
  if (created) {
    result.warnings.unshift(
      `This first export created your holder key (${keys.holder.did}) and a self-signed certificate, stored in ${store.location}${input.passphrase ? ', encrypted with your passphrase' : ctx.keySealer ? '' : ', readable only by you'}. Keep a backup of them: in the app, Settings → Keys → "Export a key backup…"; from the command line, "skillfolio keys export FILE".`,
    );
  }
  return result;
}

async function readCapped(file: string, max: number, what: string): Promise<Uint8Array> {
  const st = await fs.promises.stat(file).catch(() => null);
  if (!st) throw new AppError('not-found', `There is no file ${file}.`);
  if (!st.isFile()) throw new AppError('bad-input', `${file} is not a file.`);
  if (st.size > max)
    throw new AppError('too-large', `${what} is larger than ${Math.round(max / 1024 / 1024)} MB.`);
  return new Uint8Array(await fs.promises.readFile(file));
}

export async function verifyExportService(
  ctx: ServiceContext,
  input: Input<'export.verify'>,
): Promise<ExportVerification> {
  const bytes =
    input.path !== undefined
      ? await readCapped(input.path, PDF_LIMITS.maxBytes, 'The file')
      : Buffer.from(input.file?.base64 ?? '', 'base64');
  const env = verifyEnv(ctx);
  const folder = input.path !== undefined ? path.dirname(path.resolve(input.path)) : null;
  return verifyExport(bytes, {
    env,
    parseJson: (b, what) => parseJsonBytes(b, what),
    verifyCredential: async (b, name) => {
      try {
        const parsed = await parseCredential(b, { name });
        return (await verifySafely(parsed, env)).report;
      } catch (err) {
        return errorReport(toErrorData(err).message, env.now().toISOString());
      }
    },
    // Only plain names beside the presentation: a name with a folder in it is never followed.
    sibling:
      folder === null
        ? undefined
        : async (name) => {
            if (name !== path.basename(name) || name === '.' || name === '..') return null;
            return readCapped(path.join(folder, name), PDF_LIMITS.maxAttachment, name).catch(
              () => null,
            );
          },
  });
}

export async function showKeysService(
  ctx: ServiceContext,
  input: Input<'keys.show'>,
): Promise<HolderKeyInfo | null> {
  const store = keyStoreFor(ctx, input.passphrase);
  const keys = await store.load();
  return keys ? keyInfo(keys, store) : null;
}

/** A new holder key (and, unless imported, a new self-signed certificate); the old one is gone unless backed up. */
export async function rotateKeysService(
  ctx: ServiceContext,
  input: Input<'keys.rotate'>,
): Promise<HolderKeyInfo> {
  const store = keyStoreFor(ctx, input.passphrase);
  const old = await store.load();
  const opts = { now: ctx.now(), ...(input.commonName ? { commonName: input.commonName } : {}) };
  const keys = old ? rotateHolderKeys(old, opts) : createHolderKeys(opts);
  await store.save(keys);
  return keyInfo(keys, store);
}

/**
 * The bytes of a key backup, always sealed with the passphrase: an unencrypted private key never
 * leaves the library folder. Behind `keys.export` (a file) and `keys.exportFile` (a window's
 * download); `howToGive` tells the person where a passphrase is typed on their surface.
 */
export async function sealedKeyBackup(
  ctx: ServiceContext,
  passphrase: string | undefined,
  howToGive: string,
): Promise<Uint8Array> {
  if (!passphrase) {
    throw new AppError('bad-input', `A key backup is always encrypted: ${howToGive}.`);
  }
  const keys = await keyStoreFor(ctx, passphrase).load();
  if (!keys)
    throw new AppError(
      'not-found',
      'There are no holder keys yet: they are created by the first export.',
    );
  return sealHolderKeys(keys, passphrase);
}

export async function exportKeysService(
  ctx: ServiceContext,
  input: Input<'keys.export'>,
): Promise<{ path: string; encrypted: boolean }> {
  const bytes = await sealedKeyBackup(
    ctx,
    input.passphrase,
    'give a passphrase with --passphrase or SKILLFOLIO_PASSPHRASE',
  );
  const target = path.resolve(input.path);
  await writeFileAtomic(target, bytes, { mode: 0o600 });
  return { path: target, encrypted: true };
}

/**
 * Restores a key backup (replacing both keys), or makes a .p12/.pfx the PDF signing certificate
 * (keeping the holder did:key, or creating one if there is none yet): the one implementation
 * behind `keys.import` (a path) and `keys.importFile` (a window's bytes). A backup opens with
 * `password` when one is given (a window has one field for the file's secret), else `passphrase`.
 */
export async function importKeyBytes(
  ctx: ServiceContext,
  bytes: Uint8Array,
  name: string,
  input: { password?: string | undefined; passphrase?: string | undefined },
): Promise<HolderKeyInfo> {
  if (bytes.length === 0) throw new AppError('bad-input', `${name} is empty.`);
  if (bytes.length > MAX_KEY_FILE_BYTES) {
    throw new AppError(
      'too-large',
      `${name} is larger than a certificate or key backup can be (1 MB).`,
    );
  }
  const store = keyStoreFor(ctx, input.passphrase);
  let keys: HolderKeys;
  if (bytes[0] === 0x7b /* { */) {
    keys = openHolderKeys(bytes, input.password || input.passphrase || null).keys;
  } else {
    const current = (await store.load()) ?? createHolderKeys({ now: ctx.now() });
    keys = importSigningCertificate(current, bytes, input.password ?? '', ctx.now());
  }
  await store.save(keys);
  return keyInfo(keys, store);
}

export async function importKeysService(
  ctx: ServiceContext,
  input: Input<'keys.import'>,
): Promise<HolderKeyInfo> {
  const bytes = await readCapped(input.path, MAX_KEY_FILE_BYTES, 'The key file');
  return importKeyBytes(ctx, bytes, path.basename(input.path), input);
}
