// Seals the holder keys with the operating system's key storage through Electron safeStorage, and refuses where that would protect nothing.
import type { KeySealer } from '../../src/services/context';
import { AppError } from '../../src/shared/errors';

/** The part of Electron's safeStorage used here (structural, so tests need no Electron). */
export type SafeStorageLike = {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string }>;
  getSelectedStorageBackend(): string;
};

const PASSPHRASE_INSTEAD =
  'Give a passphrase when you export, and Skillfolio keeps the keys in a file sealed with it instead.';

function backendName(platform: NodeJS.Platform, backend: string | null): string {
  if (platform === 'darwin') return 'the macOS Keychain';
  if (platform === 'win32') return 'Windows Data Protection (DPAPI)';
  return `your desktop's key storage (${backend ?? 'unknown'})`;
}

/**
 * On Linux, Electron falls back to `basic_text` — a key written in Chromium's source — when no
 * keyring (GNOME Keyring, KWallet) is running: "sealed" keys would be readable by anyone who copies
 * the file, so the app refuses and says what to do rather than pretend.
 */
export function createSafeStorageSealer(
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform,
): KeySealer {
  const backend = (): string | null =>
    platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null;
  const ensureSafe = async (): Promise<void> => {
    const chosen = backend();
    if (chosen === 'basic_text') {
      throw new AppError(
        'bad-input',
        `Skillfolio will not store your signing keys: this desktop has no keyring (Electron reports the "basic_text" backend, which protects nothing). Start GNOME Keyring or KWallet and restart Skillfolio, or: ${PASSPHRASE_INSTEAD}`,
      );
    }
    if (!(await safeStorage.isAsyncEncryptionAvailable())) {
      throw new AppError(
        'bad-input',
        `Skillfolio cannot store your signing keys safely: ${backendName(platform, chosen)} is not available right now. ${PASSPHRASE_INSTEAD}`,
      );
    }
  };
  return {
    get name() {
      return backendName(platform, backend());
    },
    async seal(plain) {
      await ensureSafe();
      return safeStorage.encryptStringAsync(plain);
    },
    async open(sealed) {
      return (await safeStorage.decryptStringAsync(sealed)).result;
    },
  };
}
