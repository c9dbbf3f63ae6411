// `keys.importFile` and `keys.exportFile`: a window's way to the keys, as bytes (it may never name a file on disk).
import type { HolderKeyInfo, Input, Output } from '../shared/contract';
import type { ServiceContext } from './context';
import { importKeyBytes, sealedKeyBackup } from './export';

/**
 * Same rules as `keys.import`: a Skillfolio key backup (JSON) replaces both keys; a PKCS#12 file
 * becomes the PDF signing certificate, keeping the holder did:key (or creating one if there is none).
 */
export async function importKeyFileService(
  ctx: ServiceContext,
  input: Input<'keys.importFile'>,
): Promise<HolderKeyInfo> {
  const bytes = new Uint8Array(Buffer.from(input.file.base64, 'base64'));
  return importKeyBytes(ctx, bytes, input.file.name, input);
}

/** "2025-03-01": the day in the backup's name, so several backups sort and tell apart. */
const day = (now: Date): string => now.toISOString().slice(0, 10);

/** Same backup as `keys.export`, handed to the window to save as a download. */
export async function exportKeyFileService(
  ctx: ServiceContext,
  input: Input<'keys.exportFile'>,
): Promise<Output<'keys.exportFile'>> {
  const bytes = await sealedKeyBackup(ctx, input.passphrase, 'type a passphrase for it');
  return {
    name: `skillfolio-keys-${day(ctx.now())}.json`,
    base64: Buffer.from(bytes).toString('base64'),
  };
}
