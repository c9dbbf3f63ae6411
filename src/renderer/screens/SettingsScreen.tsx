// Settings of the profile in use: identities, keys and certificate, network, backup and restore, and the theme.
import {
  useEffect,
  useId,
  useRef,
  useState,
  type ChangeEvent,
  type FormEvent,
  type ReactNode,
} from 'react';
import type { Identity } from '../../core/identity';
import type { AppSettings, HolderKeyInfo, RestoreResult } from '../../shared/contract';
import { invoke, isBrowserMode } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ThemeSwitch } from '../components/ThemeSwitch';
import { toSource } from '../files';
import { formatDate, formatDateTime } from '../labels';
import { saveExported } from '../save-exported';
import { plain } from '../text';

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

const KIND_NAMES: Record<Identity['kind'], string> = {
  email: 'E-mail',
  url: 'Web address',
  phone: 'Phone',
};

/** Restores through a window travel as base64 in one request (browser mode caps a request at 128 MB). */
const MAX_RESTORE_FILE = 90 * 1024 * 1024;

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function Card({
  id,
  title,
  intro,
  children,
}: {
  id: string;
  title: string;
  intro: string;
  children: ReactNode;
}) {
  return (
    <section className="card settings-card" aria-labelledby={id}>
      <div className="settings-card-head">
        <h2 id={id}>{title}</h2>
        <p className="muted">{intro}</p>
      </div>
      {children}
    </section>
  );
}

function Identities() {
  const [list, setList] = useState<Identity[] | null>(null);
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);

  const load = (): void => {
    invoke('identity.list', {})
      .then(setList)
      .catch((err: unknown) => setError(errorText(err)));
  };
  useEffect(load, []);

  const add = (e: FormEvent): void => {
    e.preventDefault();
    if (value.trim() === '' || busy) return;
    setBusy(true);
    setError(null);
    invoke('identity.add', { value })
      .then((r) => {
        setValue('');
        setNotice(
          r.added
            ? `Added ${plain(r.identity.value, 200)}.`
            : `${plain(r.identity.value, 200)} was already one of your identities.`,
        );
        load();
      })
      .catch((err: unknown) => {
        setError(errorText(err));
        input.current?.focus();
      })
      .finally(() => setBusy(false));
  };

  const remove = (identity: Identity): void => {
    setBusy(true);
    setError(null);
    invoke('identity.remove', { id: identity.id })
      .then((r) => {
        setNotice(`Removed ${plain(r.removed.value, 200)}.`);
        load();
        input.current?.focus();
      })
      .catch((err: unknown) => setError(errorText(err)))
      .finally(() => setBusy(false));
  };

  return (
    <>
      {list && list.length === 0 && (
        <p className="muted">No identities yet: recipients are not checked against you.</p>
      )}
      {list && list.length > 0 && (
        <ul className="settings-list" aria-label="Your identities">
          {list.map((i) => (
            <li key={i.id}>
              <span className="settings-list-kind">{KIND_NAMES[i.kind]}</span>
              <span className="clip mono" dir="auto">
                {plain(i.value, 400)}
              </span>
              <button
                type="button"
                className="button ghost danger-text"
                onClick={() => remove(i)}
                disabled={busy}
                aria-label={`Remove ${plain(i.value, 200)}`}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="inline-form" onSubmit={add}>
        <label htmlFor={inputId} className="muted">
          E-mail address, web address or phone number
        </label>
        <div className="inline-row">
          <input
            ref={input}
            id={inputId}
            className="text-input"
            value={value}
            maxLength={1024}
            autoComplete="off"
            spellCheck={false}
            placeholder="you@example.com"
            onChange={(e) => setValue(e.target.value)}
            aria-invalid={error !== null}
            aria-describedby={error ? `${inputId}-error` : undefined}
          />
          <button type="submit" className="button secondary" disabled={busy || value.trim() === ''}>
            Add identity
          </button>
        </div>
        {error && (
          <p id={`${inputId}-error`} className="field-error" role="alert">
            {error}
          </p>
        )}
      </form>
      <p className="settings-note" role="status">
        {notice}
      </p>
    </>
  );
}

function Network() {
  const [settings, setSettings] = useState<AppSettings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const offlineId = useId();
  const privateId = useId();

  useEffect(() => {
    invoke('settings.get', {})
      .then(setSettings)
      .catch((err: unknown) => setError(errorText(err)));
  }, []);

  const change = (patch: { offline?: boolean; allowPrivateNetwork?: boolean }): void => {
    // The switch moves at once; what the app reads back afterwards is what stays.
    setSettings((s) => (s ? { ...s, ...patch } : s));
    setBusy(true);
    setError(null);
    setNote('');
    invoke('settings.set', patch)
      .then((saved) => {
        setNote(
          saved.applied ? 'Saved.' : 'Saved. Restart Skillfolio for the change to take effect.',
        );
      })
      .catch((err: unknown) => setError(errorText(err)))
      .then(() => invoke('settings.get', {}))
      .then(setSettings)
      .catch((err: unknown) => setError(errorText(err)))
      .finally(() => setBusy(false));
  };

  if (!settings) {
    return error ? <p className="field-error">{error}</p> : <p className="muted">Loading…</p>;
  }
  const forcedOffline = settings.effective.offline && !settings.offline;
  const forcedPrivate = settings.effective.allowPrivateNetwork && !settings.allowPrivateNetwork;
  return (
    <>
      {settings.problem && (
        <p className="warn-text" role="alert">
          {plain(settings.problem, 1000)}
        </p>
      )}
      <div className="toggle-row">
        <input
          id={offlineId}
          type="checkbox"
          className="toggle"
          checked={settings.offline}
          disabled={busy}
          onChange={(e) => change({ offline: e.target.checked })}
          aria-describedby={`${offlineId}-help`}
        />
        <div>
          <label htmlFor={offlineId}>Work offline</label>
          <p id={`${offlineId}-help`} className="muted">
            Skillfolio never touches the network. Checks that need it (hosted badges, status lists,
            did:web keys) say “not checked: offline”.
            {forcedOffline &&
              ' Skillfolio was started offline, so it stays offline until restarted.'}
          </p>
        </div>
      </div>
      <div className="toggle-row">
        <input
          id={privateId}
          type="checkbox"
          className="toggle"
          checked={settings.allowPrivateNetwork}
          disabled={busy}
          onChange={(e) => change({ allowPrivateNetwork: e.target.checked })}
          aria-describedby={`${privateId}-help`}
        />
        <div>
          <label htmlFor={privateId}>Allow private network addresses</label>
          <p id={`${privateId}-help`} className="muted">
            Lets Skillfolio reach issuers on your own network (intranet, localhost, 10.x,
            192.168.x). Leave it off unless an issuer you trust lives there: a credential could
            otherwise make Skillfolio probe your network.
            {forcedPrivate && ' Skillfolio was started with private addresses allowed.'}
          </p>
        </div>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <p className="settings-note" role="status">
        {note}
      </p>
    </>
  );
}

function Keys() {
  const [keys, setKeys] = useState<HolderKeyInfo | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [locked, setLocked] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [confirmRotate, setConfirmRotate] = useState(false);
  const [busy, setBusy] = useState(false);
  const [importing, setImporting] = useState(false);
  const [p12, setP12] = useState<File | null>(null);
  const [password, setPassword] = useState('');
  const [importError, setImportError] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const [backupPass, setBackupPass] = useState('');
  const [backupAgain, setBackupAgain] = useState('');
  const [exportError, setExportError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const ids = useId();
  const browser = isBrowserMode();

  const withPassphrase = locked && passphrase !== '' ? { passphrase } : {};

  const load = (): void => {
    setError(null);
    invoke('keys.show', withPassphrase)
      .then((k) => {
        setKeys(k);
        setLocked(false);
      })
      .catch((err: unknown) => {
        const msg = errorText(err);
        if (/passphrase/i.test(msg)) setLocked(true);
        setError(msg);
      });
  };
  // Once on opening; an unlock loads again explicitly.
  useEffect(load, []);

  const rotate = (): void => {
    setBusy(true);
    invoke('keys.rotate', withPassphrase)
      .then((k) => {
        setKeys(k);
        setConfirmRotate(false);
        setNote(
          keys
            ? 'New keys made. New exports are signed with them.'
            : 'Keys made. Exports will be signed with them.',
        );
      })
      .catch((err: unknown) => setError(errorText(err)))
      .finally(() => setBusy(false));
  };

  const importFile = (e: FormEvent): void => {
    e.preventDefault();
    if (!p12) return;
    setBusy(true);
    setImportError(null);
    toSource({ file: p12, name: p12.name })
      .then((source) =>
        source.kind === 'bytes'
          ? invoke('keys.importFile', {
              file: { name: source.name, base64: source.base64 },
              ...(password !== '' ? { password } : {}),
              ...withPassphrase,
            })
          : Promise.reject(new Error('The file could not be read.')),
      )
      .then((k) => {
        setKeys(k);
        setError(null);
        setImporting(false);
        setP12(null);
        setPassword('');
        setNote(
          k.certificate.source === 'imported'
            ? `PDFs are now signed with the certificate of ${plain(k.certificate.subject, 200)}.`
            : 'Keys restored from the backup.',
        );
      })
      .catch((err: unknown) => setImportError(errorText(err)))
      .finally(() => setBusy(false));
  };

  const pick = (e: ChangeEvent<HTMLInputElement>): void => {
    setP12(e.target.files?.[0] ?? null);
    setImportError(null);
  };

  const exportBackup = (e: FormEvent): void => {
    e.preventDefault();
    if (backupPass === '' || busy) return;
    if (backupPass !== backupAgain) {
      setExportError('The two passphrases are not the same: type it again.');
      return;
    }
    setBusy(true);
    setExportError(null);
    setNote('');
    invoke('keys.exportFile', { passphrase: backupPass })
      .then((b) =>
        saveExported([{ name: b.name, mediaType: 'application/json', base64: b.base64 }]),
      )
      .then((outcome) => {
        if (outcome.where === 'nowhere') {
          setNote('Key backup not saved.');
          return;
        }
        setExporting(false);
        setBackupPass('');
        setBackupAgain('');
        const where =
          outcome.where === 'folder'
            ? `Saved the key backup to ${outcome.paths.join(', ')}.`
            : `Downloaded the key backup ${outcome.names.join(', ')}.`;
        setNote(`${where} Keep it and its passphrase apart: together they can sign as you.`);
      })
      .catch((err: unknown) => setExportError(errorText(err)))
      .finally(() => setBusy(false));
  };

  return (
    <>
      {locked && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            load();
          }}
        >
          <label htmlFor={`${ids}-pass`} className="muted">
            Your keys are sealed with a passphrase
          </label>
          <div className="inline-row">
            <input
              id={`${ids}-pass`}
              type="password"
              className="text-input"
              value={passphrase}
              autoComplete="current-password"
              onChange={(e) => setPassphrase(e.target.value)}
            />
            <button type="submit" className="button secondary" disabled={passphrase === ''}>
              Unlock
            </button>
          </div>
        </form>
      )}
      {error && !locked && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {keys === null && (
        <p className="muted">
          No keys yet: they are made by your first export, or now with “Create keys”.
        </p>
      )}
      {keys && (
        <dl className="fields key-fields">
          <dt>Holder (did:key)</dt>
          <dd className="mono clip" title={keys.did}>
            {keys.did}
          </dd>
          <dt>PDF certificate</dt>
          <dd dir="auto">
            {plain(keys.certificate.subject, 300)}{' '}
            <span className="muted">
              ({keys.certificate.source === 'imported' ? 'imported' : 'self-signed'})
            </span>
          </dd>
          <dt>Valid</dt>
          <dd>
            {formatDate(keys.certificate.notBefore)} – {formatDate(keys.certificate.notAfter)}
          </dd>
          <dt>Fingerprint</dt>
          <dd className="mono fingerprint">{keys.certificate.sha256Fingerprint}</dd>
          <dt>Created</dt>
          <dd>{formatDateTime(keys.createdAt)}</dd>
          <dt>Stored</dt>
          <dd className="clip" dir="auto" title={keys.storage.location}>
            {keys.storage.encrypted ? 'Encrypted, in ' : 'In '}
            {plain(keys.storage.location, 500)}
          </dd>
        </dl>
      )}
      {/* Keys that cannot be opened here (sealed on another machine) come back from a key backup. */}
      {(keys !== undefined || (error !== null && !locked)) && (
        <div className="actions">
          {keys !== undefined && (
            <button
              type="button"
              className="button secondary"
              onClick={() => (keys ? setConfirmRotate(true) : rotate())}
              disabled={busy}
            >
              {keys ? 'Replace keys…' : 'Create keys'}
            </button>
          )}
          <button
            type="button"
            className="button secondary"
            onClick={() => setImporting((v) => !v)}
            aria-expanded={importing}
            disabled={busy}
          >
            Import a certificate…
          </button>
          {keys && (
            <button
              type="button"
              className="button secondary"
              onClick={() => {
                setExporting((v) => !v);
                setExportError(null);
              }}
              aria-expanded={exporting}
              disabled={busy}
            >
              Export a key backup…
            </button>
          )}
        </div>
      )}
      {exporting && keys && (
        <form className="inline-form key-import" onSubmit={exportBackup}>
          <p className="muted">
            Both keys in one file, encrypted with a passphrase you choose. Bring them back here with
            “Import a certificate…” (on this or another computer), or with “skillfolio keys import”.
          </p>
          <label htmlFor={`${ids}-backup-pass`} className="muted">
            Passphrase for the backup
          </label>
          <input
            id={`${ids}-backup-pass`}
            type="password"
            className="text-input"
            value={backupPass}
            maxLength={1024}
            autoComplete="new-password"
            onChange={(e) => {
              setBackupPass(e.target.value);
              setExportError(null);
            }}
          />
          <label htmlFor={`${ids}-backup-again`} className="muted">
            The passphrase again
          </label>
          <div className="inline-row">
            <input
              id={`${ids}-backup-again`}
              type="password"
              className="text-input"
              value={backupAgain}
              maxLength={1024}
              autoComplete="new-password"
              onChange={(e) => {
                setBackupAgain(e.target.value);
                setExportError(null);
              }}
              aria-invalid={exportError !== null}
              aria-describedby={exportError ? `${ids}-backup-error` : undefined}
            />
            <button
              type="submit"
              className="button primary"
              disabled={busy || backupPass === '' || backupAgain === ''}
            >
              {busy ? 'Saving…' : browser ? 'Download the backup' : 'Save the backup…'}
            </button>
          </div>
          {exportError && (
            <p id={`${ids}-backup-error`} className="field-error" role="alert">
              {exportError}
            </p>
          )}
        </form>
      )}
      {importing && (
        <form className="inline-form key-import" onSubmit={importFile}>
          <p className="muted">
            A .p12 or .pfx file with your certificate and its private key (from your organisation or
            a certificate authority). PDFs are then signed with it; your did:key stays. A key backup
            (.json, from “Export a key backup…”) brings back both keys: type its passphrase as the
            password.
          </p>
          <input
            ref={fileInput}
            type="file"
            accept=".p12,.pfx,.json,application/x-pkcs12"
            hidden
            onChange={pick}
            aria-label="Choose a certificate file"
          />
          <div className="inline-row">
            <button
              type="button"
              className="button secondary"
              onClick={() => fileInput.current?.click()}
            >
              Choose file…
            </button>
            <span className="clip muted" dir="auto">
              {p12 ? plain(p12.name, 200) : 'No file chosen'}
            </span>
          </div>
          <label htmlFor={`${ids}-pw`} className="muted">
            The file’s password
          </label>
          <div className="inline-row">
            <input
              id={`${ids}-pw`}
              type="password"
              className="text-input"
              value={password}
              autoComplete="off"
              onChange={(e) => setPassword(e.target.value)}
            />
            <button type="submit" className="button primary" disabled={!p12 || busy}>
              {busy ? 'Importing…' : 'Import'}
            </button>
          </div>
          {importError && (
            <p className="field-error" role="alert">
              {importError}
            </p>
          )}
        </form>
      )}
      <p className="settings-note" role="status">
        {note}
      </p>
      {confirmRotate && (
        <ConfirmDialog
          title="Replace your keys?"
          confirm="Replace keys"
          busy={busy}
          error={error}
          onConfirm={rotate}
          onCancel={() => setConfirmRotate(false)}
        >
          <p>
            Skillfolio makes a new holder key and a new self-signed certificate. Files you exported
            before stay valid, but new exports are signed by a different did:key.
          </p>
          <p className="muted">There is no undo unless you have a backup of the current keys.</p>
        </ConfirmDialog>
      )}
    </>
  );
}

function Backup({ onRestored }: { onRestored: () => void }) {
  const [busy, setBusy] = useState<'backup' | 'restore' | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<File | null>(null);
  const [restored, setRestored] = useState<RestoreResult | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const browser = isBrowserMode();

  const backup = (): void => {
    setBusy('backup');
    setError(null);
    setNote('');
    invoke('library.backup', {})
      .then(async (b) => {
        if (b.base64 === null) throw new Error('The backup came back without its bytes.');
        const outcome = await saveExported([
          { name: b.name, mediaType: 'application/vnd.sqlite3', base64: b.base64 },
        ]);
        if (outcome.where === 'nowhere') setNote('Backup not saved.');
        else if (outcome.where === 'folder')
          setNote(`Saved the backup (${size(b.bytes)}) to ${outcome.paths.join(', ')}.`);
        else setNote(`Downloaded the backup ${b.name} (${size(b.bytes)}).`);
      })
      .catch((err: unknown) => setError(errorText(err)))
      .finally(() => setBusy(null));
  };

  const pick = (e: ChangeEvent<HTMLInputElement>): void => {
    const file = e.target.files?.[0] ?? null;
    e.target.value = '';
    setError(null);
    setRestored(null);
    if (file && file.size > MAX_RESTORE_FILE) {
      setError(
        `${file.name} is ${size(file.size)}, more than a window can send (${size(MAX_RESTORE_FILE)}). Restore it with the skillfolio command instead.`,
      );
      return;
    }
    setChosen(file);
  };

  const restore = (): void => {
    if (!chosen) return;
    setBusy('restore');
    setError(null);
    toSource({ file: chosen, name: chosen.name })
      .then((source) =>
        source.kind === 'bytes'
          ? invoke('library.restore', { file: { name: source.name, base64: source.base64 } })
          : Promise.reject(new Error('The file could not be read.')),
      )
      .then((r) => {
        setRestored(r);
        setChosen(null);
        onRestored();
      })
      .catch((err: unknown) => {
        setError(errorText(err));
        setChosen(null);
      })
      .finally(() => setBusy(null));
  };

  return (
    <>
      <div className="actions">
        <button type="button" className="button primary" onClick={backup} disabled={busy !== null}>
          {busy === 'backup' ? 'Backing up…' : browser ? 'Download a backup' : 'Back up…'}
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".sqlite,.bak,.db,application/vnd.sqlite3"
          hidden
          onChange={pick}
          aria-label="Choose a backup to restore"
        />
        <button
          type="button"
          className="button secondary"
          onClick={() => fileInput.current?.click()}
          disabled={busy !== null}
        >
          {busy === 'restore' ? 'Restoring…' : 'Restore from a backup…'}
        </button>
      </div>
      <p className="muted">
        A backup is the whole library of this profile: credentials with their original files,
        reports, skills and portfolios. Your signing keys are not in it.
      </p>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <p className="settings-note" role="status">
        {restored
          ? `Restored ${restored.credentials.toLocaleString()} ${restored.credentials === 1 ? 'credential' : 'credentials'} and ${restored.portfolios.toLocaleString()} ${restored.portfolios === 1 ? 'portfolio' : 'portfolios'}. The library it replaced is kept in ${restored.previous}.`
          : note}
      </p>
      {chosen && (
        <ConfirmDialog
          title="Replace this library with the backup?"
          confirm="Restore"
          busy={busy !== null}
          error={null}
          onConfirm={restore}
          onCancel={() => setChosen(null)}
        >
          <p>
            Everything in this profile’s library now is replaced by{' '}
            <strong dir="auto">{plain(chosen.name, 200)}</strong> ({size(chosen.size)}).
          </p>
          <p className="muted">
            The backup is checked first; if it is not a whole Skillfolio library, nothing changes.
            The current library is kept beside it as a .bak file, so nothing is lost.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}

export function SettingsScreen({ onLibraryChanged }: { onLibraryChanged: () => void }) {
  const id = useId();
  return (
    <div className="page settings">
      <header className="screen-header">
        <div>
          <h1>Settings</h1>
          <p className="muted">For the profile in use; each profile keeps its own.</p>
        </div>
      </header>
      <div className="page-body">
        <Card
          id={`${id}-identities`}
          title="Your identities"
          intro="Badges name their recipient by e-mail, web address or phone. Skillfolio checks each credential’s recipient against these."
        >
          <Identities />
        </Card>
        <Card
          id={`${id}-network`}
          title="Network"
          intro="Verification may fetch an issuer’s copy, a status list or a key. Nothing else ever leaves this computer."
        >
          <Network />
        </Card>
        <Card
          id={`${id}-keys`}
          title="Keys and certificate"
          intro="Your exports are signed with these: a did:key for JSON-LD and a certificate for PDFs. Private keys never leave Skillfolio."
        >
          <Keys />
        </Card>
        <Card
          id={`${id}-backup`}
          title="Backup and restore"
          intro="Keep a copy of your library somewhere safe, and bring it back on this or another computer."
        >
          <Backup onRestored={onLibraryChanged} />
        </Card>
        <Card
          id={`${id}-appearance`}
          title="Theme"
          intro="Light, dark, or the system’s choice (the same switch as at the foot of the sidebar)."
        >
          <ThemeSwitch inline />
        </Card>
      </div>
    </div>
  );
}
