// Profiles: one separate library per person (an adviser keeps one per client) — list, create, switch explicitly, remove after confirming.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ProfileInfo, ProfileList } from '../../core/profile';
import { invoke } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { formatDate } from '../labels';
import { plain } from '../text';

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

function displayName(p: ProfileInfo): string {
  return p.isDefault ? 'Default' : plain(p.name, 100);
}

export function ProfilesScreen({
  version,
  onSwitched,
  onOpenLibrary,
}: {
  /** Changes when something else changed the library or the profile in use. */
  version: number;
  /** The profile in use changed: everything showing the library reloads. */
  onSwitched: () => void;
  onOpenLibrary: () => void;
}) {
  const [list, setList] = useState<ProfileList | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const [name, setName] = useState('');
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [actionError, setActionError] = useState<string | null>(null);
  const [removing, setRemoving] = useState<ProfileInfo | null>(null);
  const [removeError, setRemoveError] = useState<string | null>(null);
  const nameInput = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const titleId = useId();

  useEffect(() => {
    let live = true;
    invoke('profile.list', {})
      .then((l) => {
        if (!live) return;
        setList(l);
        setLoadError(null);
      })
      .catch((err: unknown) => {
        if (live) setLoadError(errorText(err));
      });
    return () => {
      live = false;
    };
  }, [version, reload]);

  const create = (e: FormEvent): void => {
    e.preventDefault();
    const wanted = name.trim();
    if (wanted === '' || creating) return;
    setCreating(true);
    setCreateError(null);
    invoke('profile.create', { name: wanted })
      .then((p) => {
        setName('');
        setNotice(`Created the profile “${plain(p.name, 100)}”. Switch to it to fill its library.`);
        setReload((n) => n + 1);
      })
      .catch((err: unknown) => {
        setCreateError(errorText(err));
        nameInput.current?.focus();
      })
      .finally(() => setCreating(false));
  };

  const switchTo = (p: ProfileInfo): void => {
    setBusy(p.name);
    setActionError(null);
    invoke('profile.switch', { name: p.name })
      .then((chosen) => {
        setNotice(
          `Now using “${chosen.isDefault ? 'Default' : plain(chosen.name, 100)}”. The library, skills and portfolios are this profile’s.`,
        );
        setReload((n) => n + 1);
        onSwitched();
      })
      .catch((err: unknown) => setActionError(errorText(err)))
      .finally(() => setBusy(null));
  };

  const remove = (): void => {
    if (!removing) return;
    setBusy(removing.name);
    setRemoveError(null);
    invoke('profile.remove', { name: removing.name })
      .then((result) => {
        setNotice(`Removed the profile “${plain(result.removed.name, 100)}” and its library.`);
        setRemoving(null);
        setReload((n) => n + 1);
      })
      .catch((err: unknown) => setRemoveError(errorText(err)))
      .finally(() => setBusy(null));
  };

  const active = list?.profiles.find((p) => p.active) ?? null;

  return (
    <div className="page profiles">
      <header className="screen-header">
        <div>
          <h1 id={titleId}>Profiles</h1>
          <p className="muted">
            Each profile is a separate library with its own identities, settings and signing key.
            Advisers keep one per client; nothing is shared between them.
          </p>
        </div>
      </header>

      <div className="page-body">
        <p className="notice" role="status">
          {notice}
        </p>
        {(loadError || actionError) && (
          <p className="error-text" role="alert">
            {loadError ?? actionError}
          </p>
        )}

        {active && (
          <section className="card current-profile" aria-label="Profile in use">
            <div className="current-profile-mark" aria-hidden="true">
              {displayName(active).slice(0, 1).toUpperCase()}
            </div>
            <div className="current-profile-text">
              <p className="muted">In use</p>
              <h2 className="clip" dir="auto">
                {displayName(active)}
              </h2>
              <p className="muted clip" dir="auto" title={active.path}>
                {plain(active.path, 500)}
              </p>
            </div>
            <button type="button" className="button secondary" onClick={onOpenLibrary}>
              Open its library
            </button>
          </section>
        )}

        {list && (
          <section className="card" aria-labelledby={`${titleId}-all`}>
            <h2 id={`${titleId}-all`}>All profiles</h2>
            <ul className="profile-list" aria-label="Profiles">
              {list.profiles.map((p) => (
                <li key={p.name} className={`profile-row${p.active ? ' active' : ''}`}>
                  <span className="profile-name">
                    <span className="clip" dir="auto">
                      {displayName(p)}
                    </span>
                    <span className="muted profile-meta">
                      {p.isDefault
                        ? 'The original library'
                        : p.createdAt
                          ? `Created ${formatDate(p.createdAt)}`
                          : ''}
                    </span>
                  </span>
                  {p.active ? (
                    <span className="trust trust-info">In use</span>
                  ) : (
                    <span className="profile-actions">
                      <button
                        type="button"
                        className="button secondary"
                        onClick={() => switchTo(p)}
                        disabled={busy !== null}
                        aria-label={`Switch to ${displayName(p)}`}
                      >
                        {busy === p.name && !removing ? 'Switching…' : 'Switch to'}
                      </button>
                      {!p.isDefault && (
                        <button
                          type="button"
                          className="button ghost danger-text"
                          onClick={() => {
                            setRemoveError(null);
                            setRemoving(p);
                          }}
                          disabled={busy !== null}
                          aria-label={`Remove ${displayName(p)}…`}
                        >
                          Remove…
                        </button>
                      )}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          </section>
        )}

        <section className="card" aria-labelledby={`${titleId}-new`}>
          <h2 id={`${titleId}-new`}>New profile</h2>
          <form className="inline-form" onSubmit={create}>
            <label htmlFor={inputId} className="muted">
              Name (for example the client’s name)
            </label>
            <div className="inline-row">
              <input
                ref={nameInput}
                id={inputId}
                className="text-input"
                value={name}
                maxLength={64}
                autoComplete="off"
                onChange={(e) => setName(e.target.value)}
                aria-invalid={createError !== null}
                aria-describedby={createError ? `${inputId}-error` : undefined}
              />
              <button
                type="submit"
                className="button primary"
                disabled={creating || name.trim() === ''}
              >
                {creating ? 'Creating…' : 'Create profile'}
              </button>
            </div>
            {createError && (
              <p id={`${inputId}-error`} className="field-error" role="alert">
                {createError}
              </p>
            )}
          </form>
        </section>
      </div>

      {removing && (
        <ConfirmDialog
          title={`Remove the profile “${displayName(removing)}”?`}
          confirm="Remove profile"
          busy={busy !== null}
          error={removeError}
          onConfirm={remove}
          onCancel={() => setRemoving(null)}
        >
          <p>
            Its library — every credential, skill, portfolio, identity and its signing key — is
            deleted from this computer. This cannot be undone.
          </p>
          <p className="muted">To keep a copy, switch to it and make a backup in Settings first.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
