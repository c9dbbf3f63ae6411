// The on-disk form of holder keys (the CLI key file and backups): owner-only, scrypt + AES-256-GCM sealed when a passphrase is given.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../shared/errors';
import { writeFileAtomic } from './atomic-write';
import { holderKeyFromPrivate, type HolderKeys, type KeySealer, type KeyStore } from './keys';

export const KEY_FILE_NAME = 'holder-keys.json';
/** The desktop app's copy, sealed by the operating system's key storage. */
export const SEALED_KEY_FILE_NAME = 'holder-keys.sealed.json';
const FORMAT = 'skillfolio-holder-keys';
/** A key file is a few kilobytes; anything much larger is not ours. */
const MAX_KEY_FILE_BYTES = 256 * 1024;
/** scrypt cost: about 0.1 s and 32 MiB here, so guessing passphrases is slow. */
const SCRYPT = { N: 1 << 15, r: 8, p: 1 } as const;
const MAX_SCRYPT_N = 1 << 20;

const b64 = z
  .string()
  .max(MAX_KEY_FILE_BYTES)
  .regex(/^[A-Za-z0-9+/=]*$/);
const pem = z.string().max(64 * 1024);

const keysSchema = z
  .object({
    createdAt: z.string().max(64),
    holder: z.object({ privateKeyPkcs8: b64 }).strict(),
    signing: z
      .object({
        source: z.enum(['self-signed', 'imported']),
        privateKeyPem: pem,
        certificatesPem: z.array(pem).min(1).max(16),
      })
      .strict(),
  })
  .strict();

const fileSchema = z.discriminatedUnion('encrypted', [
  z
    .object({
      format: z.literal(FORMAT),
      version: z.literal(1),
      encrypted: z.literal(false),
      keys: z.unknown(),
    })
    .strict(),
  z
    .object({
      format: z.literal(FORMAT),
      version: z.literal(1),
      encrypted: z.literal(true),
      kdf: z
        .object({
          name: z.literal('scrypt'),
          N: z.number().int().min(1024).max(MAX_SCRYPT_N),
          r: z.number().int().min(1).max(32),
          p: z.number().int().min(1).max(16),
          salt: b64,
        })
        .strict(),
      cipher: z.object({ name: z.literal('aes-256-gcm'), iv: b64, tag: b64 }).strict(),
      ciphertext: b64,
    })
    .strict(),
]);

function keysToJson(keys: HolderKeys): z.infer<typeof keysSchema> {
  return {
    createdAt: keys.createdAt,
    holder: {
      privateKeyPkcs8: keys.holder.privateKey
        .export({ format: 'der', type: 'pkcs8' })
        .toString('base64'),
    },
    signing: {
      source: keys.signing.source,
      privateKeyPem: keys.signing.privateKeyPem,
      certificatesPem: keys.signing.certificatesPem,
    },
  };
}

function keysFromJson(value: unknown): HolderKeys {
  const parsed = keysSchema.safeParse(value);
  if (!parsed.success) throw notAKeyFile();
  const k = parsed.data;
  let privateKey: crypto.KeyObject;
  try {
    privateKey = crypto.createPrivateKey({
      key: Buffer.from(k.holder.privateKeyPkcs8, 'base64'),
      format: 'der',
      type: 'pkcs8',
    });
    crypto.createPrivateKey(k.signing.privateKeyPem);
  } catch {
    throw notAKeyFile();
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw notAKeyFile();
  return {
    createdAt: k.createdAt,
    holder: holderKeyFromPrivate(privateKey),
    signing: { ...k.signing },
  };
}

function notAKeyFile(): AppError {
  return new AppError('malformed', 'This is not a Skillfolio key file, or it is damaged.');
}

/** Keys as file bytes; sealed with the passphrase when one is given. */
export function sealHolderKeys(keys: HolderKeys, passphrase: string | null): Uint8Array {
  const inner = keysToJson(keys);
  if (passphrase === null || passphrase === '') {
    return Buffer.from(
      JSON.stringify({ format: FORMAT, version: 1, encrypted: false, keys: inner }, null, 2) + '\n',
    );
  }
  const salt = crypto.randomBytes(16);
  const iv = crypto.randomBytes(12);
  const key = crypto.scryptSync(passphrase.normalize('NFC'), salt, 32, {
    ...SCRYPT,
    maxmem: 64 * 1024 * 1024,
  });
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(FORMAT));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(inner), 'utf8'), cipher.final()]);
  const file = {
    format: FORMAT,
    version: 1,
    encrypted: true,
    kdf: { name: 'scrypt', ...SCRYPT, salt: salt.toString('base64') },
    cipher: {
      name: 'aes-256-gcm',
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
    },
    ciphertext: ciphertext.toString('base64'),
  };
  return Buffer.from(JSON.stringify(file, null, 2) + '\n');
}

/** Reads key file bytes (ours or a backup); a sealed file needs its passphrase. */
export function openHolderKeys(
  bytes: Uint8Array,
  passphrase: string | null,
): { keys: HolderKeys; encrypted: boolean } {
  if (bytes.length > MAX_KEY_FILE_BYTES) throw notAKeyFile();
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw notAKeyFile();
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) throw notAKeyFile();
  const file = parsed.data;
  if (!file.encrypted) return { keys: keysFromJson(file.keys), encrypted: false };
  if (passphrase === null || passphrase === '') {
    throw new AppError(
      'bad-input',
      'The key file is encrypted: give its passphrase (in the app, in the passphrase field it shows; on the command line, with --passphrase or SKILLFOLIO_PASSPHRASE).',
    );
  }
  let plain: string;
  try {
    const key = crypto.scryptSync(
      passphrase.normalize('NFC'),
      Buffer.from(file.kdf.salt, 'base64'),
      32,
      {
        N: file.kdf.N,
        r: file.kdf.r,
        p: file.kdf.p,
        maxmem: 256 * 1024 * 1024,
      },
    );
    const decipher = crypto.createDecipheriv(
      'aes-256-gcm',
      key,
      Buffer.from(file.cipher.iv, 'base64'),
    );
    decipher.setAAD(Buffer.from(FORMAT));
    decipher.setAuthTag(Buffer.from(file.cipher.tag, 'base64'));
    plain = Buffer.concat([
      decipher.update(Buffer.from(file.ciphertext, 'base64')),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new AppError(
      'bad-input',
      'The passphrase does not open the key file (or the file was changed).',
    );
  }
  let inner: unknown;
  try {
    inner = JSON.parse(plain);
  } catch {
    throw notAKeyFile();
  }
  return { keys: keysFromJson(inner), encrypted: true };
}

/**
 * The CLI's key store: `holder-keys.json` in the library folder, readable only by the user
 * (0600), sealed with the passphrase when one is given. The desktop app seals them with the
 * operating system instead (sealedKeyStore).
 */
export function fileKeyStore(libraryDir: string, passphrase: string | null): KeyStore {
  const file = path.join(libraryDir, KEY_FILE_NAME);
  return {
    location: file,
    async load() {
      let bytes: Buffer;
      try {
        bytes = await fs.promises.readFile(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
          throw new AppError(
            'library',
            `Could not read the key file ${file}: ${(err as Error).message}`,
          );
        }
        if (fs.existsSync(path.join(libraryDir, SEALED_KEY_FILE_NAME))) {
          // Making new keys here would give this person a second identity behind their back.
          throw new AppError(
            'bad-input',
            'The keys of this library are sealed by the Skillfolio desktop app with your operating system\'s key storage, which the command line cannot open. In the app, export them (Settings → Keys and certificate → Export a key backup…) and import that file here with "skillfolio keys import FILE --passphrase P".',
          );
        }
        return null;
      }
      return openHolderKeys(bytes, passphrase).keys;
    },
    async encrypted() {
      const bytes = await fs.promises.readFile(file).catch(() => null);
      if (!bytes) return null;
      try {
        return (JSON.parse(bytes.toString('utf8')) as { encrypted?: unknown }).encrypted === true;
      } catch {
        return null;
      }
    },
    async save(keys) {
      await fs.promises.mkdir(libraryDir, { recursive: true });
      await writeFileAtomic(file, sealHolderKeys(keys, passphrase), { mode: 0o600 });
    },
  };
}

const sealedFileSchema = z
  .object({
    format: z.literal(FORMAT),
    version: z.literal(1),
    encrypted: z.literal(true),
    sealer: z.literal('os-key-storage'),
    sealed: b64,
  })
  .strict();

/**
 * The desktop app's key store: the keys sealed by the operating system's key storage (Electron
 * safeStorage), in `holder-keys.sealed.json` beside the library. Keys the CLI made earlier
 * (`holder-keys.json`, unsealed) are still found, so the app and the CLI sign as the same person.
 */
export function sealedKeyStore(libraryDir: string, sealer: KeySealer): KeyStore {
  const file = path.join(libraryDir, SEALED_KEY_FILE_NAME);
  const cliFile = fileKeyStore(libraryDir, null);
  const read = async (): Promise<Buffer | null> => {
    try {
      return await fs.promises.readFile(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new AppError(
        'library',
        `Could not read the key file ${file}: ${(err as Error).message}`,
      );
    }
  };
  return {
    location: `${file} (sealed by ${sealer.name})`,
    async load() {
      const bytes = await read();
      if (bytes === null) {
        return fs.existsSync(path.join(libraryDir, KEY_FILE_NAME)) ? cliFile.load() : null;
      }
      if (bytes.length > MAX_KEY_FILE_BYTES) throw notAKeyFile();
      let raw: unknown;
      try {
        raw = JSON.parse(bytes.toString('utf8'));
      } catch {
        throw notAKeyFile();
      }
      const parsed = sealedFileSchema.safeParse(raw);
      if (!parsed.success) throw notAKeyFile();
      let plain: string;
      try {
        plain = await sealer.open(Buffer.from(parsed.data.sealed, 'base64'));
      } catch {
        throw new AppError(
          'bad-input',
          `${sealer.name} could not open the keys of this library: they were sealed by another user account or machine. Import a key backup (Settings → Keys and certificate → Import a certificate…).`,
        );
      }
      let inner: unknown;
      try {
        inner = JSON.parse(plain);
      } catch {
        throw notAKeyFile();
      }
      return keysFromJson(inner);
    },
    async encrypted() {
      if ((await read()) !== null) return true;
      return cliFile.encrypted();
    },
    async save(keys) {
      const sealed = await sealer.seal(JSON.stringify(keysToJson(keys)));
      const body = {
        format: FORMAT,
        version: 1,
        encrypted: true,
        sealer: 'os-key-storage',
        sealed: sealed.toString('base64'),
      };
      await fs.promises.mkdir(libraryDir, { recursive: true });
      await writeFileAtomic(file, Buffer.from(JSON.stringify(body, null, 2) + '\n'), {
        mode: 0o600,
      });
    },
  };
}
