// `keys.importFile`: a window hands over the bytes of a .p12/.pfx or a key backup (it may never name a file on disk).
import { openHolderKeys } from '../export/key-file';
import {
  createHolderKeys,
  describeKeys,
  importSigningCertificate,
  type HolderKeys,
} from '../export/keys';
import type { HolderKeyInfo, Input } from '../shared/contract';
import { AppError } from '../shared/errors';
import type { ServiceContext } from './context';
import { keyStoreFor } from './export';

/** A certificate file or a key backup is kilobytes; the contract's cap leaves room, this is the real one. */
export const MAX_KEY_FILE_BYTES = 1024 * 1024;

/**
 * Same rules as `keys.import`: a Skillfolio key backup (JSON) replaces both keys; a PKCS#12 file
 * becomes the PDF signing certificate, keeping the holder did:key (or creating one if there is none).
 */
export async function importKeyFileService(
  ctx: ServiceContext,
  input: Input<'keys.importFile'>,
): Promise<HolderKeyInfo> {
  const bytes = new Uint8Array(Buffer.from(input.file.base64, 'base64'));
  if (bytes.length === 0) throw new AppError('bad-input', `${input.file.name} is empty.`);
  if (bytes.length > MAX_KEY_FILE_BYTES) {
    throw new AppError(
      'too-large',
      `${input.file.name} is larger than a certificate or key backup can be (1 MB).`,
    );
  }
  const store = keyStoreFor(ctx, input.passphrase);
  let keys: HolderKeys;
  if (bytes[0] === 0x7b /* { */) {
    keys = openHolderKeys(bytes, input.passphrase ?? null).keys;
  } else {
    const current = (await store.load()) ?? createHolderKeys({ now: ctx.now() });
    keys = importSigningCertificate(current, bytes, input.password ?? '', ctx.now());
  }
  await store.save(keys);
  return {
    ...describeKeys(keys),
    storage: { location: store.location, encrypted: (await store.encrypted()) === true },
  };
}
