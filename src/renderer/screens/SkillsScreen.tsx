// The skills the library's credentials prove, each with the credentials behind it, and the person's edits: rename, merge, hide, add, attach, detach.
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { SkillSource, SkillView } from '../../core/skills';
import { invoke } from '../api';
import { CredentialPicker } from '../components/CredentialPicker';
import { ModalDialog } from '../components/ModalDialog';
import { ScreenNotices } from '../components/ScreenNotices';
import { SearchInput } from '../components/SearchInput';
import { TextDialog } from '../components/TextDialog';
import { plain } from '../text';

/** Credentials listed per skill; a skill with more says how many more. */
const PER_SKILL = 200;

const SOURCE_LABELS: Record<SkillSource, string> = {
  alignment: 'Alignment',
  tag: 'Tag',
  field: 'Field of study',
  competency: 'Competency',
  criteria: 'Criteria',
  user: 'Added by you',
};

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));
const plural = (n: number, one: string, many: string): string =>
  `${n.toLocaleString()} ${n === 1 ? one : many}`;

type Dialog = 'add' | 'rename' | 'merge' | 'attach' | null;

function MergeDialog({
  skills,
  busy,
  error,
  onMerge,
  onCancel,
}: {
  skills: SkillView[];
  busy: boolean;
  error: string | null;
  onMerge: (into: string) => void;
  onCancel: () => void;
}) {
  const [into, setInto] = useState(skills[0]?.key ?? '');
  const titleId = useId();
  const name = useId();

  return (
    <ModalDialog className="dialog" aria-labelledby={titleId} busy={busy} onCancel={onCancel}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy && into) onMerge(into);
        }}
      >
        <h2 id={titleId}>Merge {skills.length} skills</h2>
        <div className="dialog-body">
          <p>
            They become one skill, backed by the credentials of all of them. Your choice is kept
            when credentials are imported again.
          </p>
          <fieldset className="choice-list">
            <legend className="field-label">Keep which name?</legend>
            {skills.map((s) => (
              <label key={s.key} className="choice">
                <input
                  type="radio"
                  name={name}
                  value={s.key}
                  checked={into === s.key}
                  onChange={() => setInto(s.key)}
                />
                <span className="clip" dir="auto">
                  {plain(s.name, 200)}
                </span>
                <span className="muted">{plural(s.count, 'credential', 'credentials')}</span>
              </label>
            ))}
          </fieldset>
        </div>
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button secondary" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={busy || !into}>
            {busy ? 'Working…' : 'Merge'}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}

function SkillDetail({
  skill,
  onClose,
  onRename,
  onToggleHidden,
  onAttach,
  onDetach,
  onOpenCredential,
  busy,
}: {
  skill: SkillView;
  onClose: () => void;
  onRename: () => void;
  onToggleHidden: () => void;
  onAttach: () => void;
  onDetach: (id: number, title: string) => void;
  onOpenCredential: (id: number) => void;
  busy: boolean;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  const focusedFor = useRef<string | null>(null);

  useEffect(() => {
    if (focusedFor.current !== skill.key) {
      focusedFor.current = skill.key;
      heading.current?.focus();
    }
  }, [skill.key]);

  const more = skill.count - skill.credentials.length;
  return (
    <aside className="detail skill-detail" aria-label="Skill details">
      <div className="detail-toolbar">
        <button type="button" className="button ghost" onClick={onRename} disabled={busy}>
          Rename…
        </button>
        <button type="button" className="button ghost" onClick={onToggleHidden} disabled={busy}>
          {skill.hidden ? 'Show' : 'Hide'}
        </button>
        <button type="button" className="button ghost" onClick={onClose} aria-label="Close details">
          ✕
        </button>
      </div>
      <div className="detail-heading skill-heading">
        <h2 dir="auto" tabIndex={-1} ref={heading} className="clip-lines">
          {plain(skill.name, 300)}
        </h2>
        <p className="muted">
          {plural(skill.count, 'credential backs', 'credentials back')} this skill
          {skill.userAdded ? ' · added by you' : ''}
          {skill.hidden ? ' · hidden' : ''}
        </p>
        {skill.hidden && (
          <p className="hint">
            Hidden skills stay in your library but are left out of the skill filter and of new
            portfolio sections.
          </p>
        )}
        {skill.merged.length > 0 && (
          <p className="muted clip-lines" dir="auto">
            Also includes: {skill.mergedNames.map((m) => plain(m, 100)).join(', ')}
          </p>
        )}
      </div>

      <section className="detail-section">
        <div className="section-head">
          <h3>Credentials</h3>
          <button
            type="button"
            className="button secondary small"
            onClick={onAttach}
            disabled={busy}
          >
            Attach credentials…
          </button>
        </div>
        {skill.credentials.length === 0 ? (
          <p className="muted">
            No credential backs this skill yet. Attach the credentials that prove it.
          </p>
        ) : (
          <ul className="backing-list" aria-label={`Credentials behind ${plain(skill.name, 100)}`}>
            {skill.credentials.map((c) => (
              <li key={c.id} className="backing">
                <div className="backing-main">
                  <button
                    type="button"
                    className="link-button clip"
                    dir="auto"
                    onClick={() => onOpenCredential(c.id)}
                  >
                    {plain(c.title, 300)}
                  </button>
                  <span className="row-meta">
                    <span className="clip" dir="auto">
                      {c.issuerName ? plain(c.issuerName, 200) : 'Issuer not stated'}
                    </span>
                  </span>
                </div>
                <span className="chip subtle" title="Where this link comes from">
                  {SOURCE_LABELS[c.source]}
                </span>
                <button
                  type="button"
                  className="button ghost small"
                  disabled={busy}
                  aria-label={`Detach ${plain(c.title, 100)}`}
                  onClick={() => onDetach(c.id, c.title)}
                >
                  Detach
                </button>
              </li>
            ))}
          </ul>
        )}
        {more > 0 && (
          <p className="muted">
            and {plural(more, 'more credential', 'more credentials')}: filter the library by this
            skill to see them all.
          </p>
        )}
      </section>
    </aside>
  );
}

export function SkillsScreen({
  version,
  onChanged,
  onOpenCredential,
  onImport,
}: {
  /** Changes when the library changes (an import, a delete), so the skills reload. */
  version: number;
  /** Tells the app the skills changed here (the library's skill filter reads them). */
  onChanged: () => void;
  onOpenCredential: (id: number) => void;
  onImport: () => void;
}) {
  const [skills, setSkills] = useState<SkillView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const [filter, setFilter] = useState('');
  const [showHidden, setShowHidden] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [checked, setChecked] = useState<string[]>([]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState(false);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const listRef = useRef<HTMLUListElement>(null);
  /** A skill to open once the list that holds it has loaded (one just added or merged into). */
  const openNext = useRef<string | null>(null);

  useEffect(() => {
    let live = true;
    invoke('skills.list', { includeHidden: true, perSkill: PER_SKILL })
      .then((list) => {
        if (!live) return;
        setSkills(list);
        setError(null);
        if (openNext.current !== null) {
          setSelected(openNext.current);
          openNext.current = null;
        }
      })
      .catch((err: unknown) => {
        if (live) setError(errorText(err));
      });
    return () => {
      live = false;
    };
  }, [version, reload]);

  const byKey = useMemo(() => new Map((skills ?? []).map((s) => [s.key, s])), [skills]);
  const current = selected === null ? null : (byKey.get(selected) ?? null);
  const hiddenCount = (skills ?? []).filter((s) => s.hidden).length;
  const shown = useMemo(() => {
    const q = filter.trim().toLocaleLowerCase();
    return (skills ?? []).filter(
      (s) =>
        (showHidden || !s.hidden) &&
        (q === '' || s.name.toLocaleLowerCase().includes(q) || s.key.includes(q)),
    );
  }, [skills, filter, showHidden]);
  const checkedSkills = checked.map((k) => byKey.get(k)).filter((s): s is SkillView => !!s);

  // Keys that no longer exist (merged away, detached to nothing) drop out of the selection.
  useEffect(() => {
    if (skills === null) return;
    setChecked((c) => (c.every((k) => byKey.has(k)) ? c : c.filter((k) => byKey.has(k))));
    if (selected !== null && !byKey.has(selected)) setSelected(null);
  }, [skills, byKey, selected]);

  // Escape closes the details unless a dialog is open (it closes that first).
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || document.querySelector('dialog[open]')) return;
      if (e.key === 'Escape' && selected !== null) {
        e.preventDefault();
        const key = selected;
        setSelected(null);
        listRef.current?.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`)?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [selected]);

  const closeDialog = (): void => {
    setDialog(null);
    setDialogError(null);
  };

  /** Runs one edit; on success reloads, says what happened and closes the dialog. */
  const edit = useCallback(
    (run: () => Promise<string>, after?: () => void): void => {
      setBusy(true);
      setDialogError(null);
      run()
        .then((message) => {
          setError(null);
          setNotice(message);
          setDialog(null);
          setReload((n) => n + 1);
          onChanged();
          after?.();
        })
        .catch((err: unknown) => {
          if (dialog !== null) {
            setDialogError(errorText(err));
            return;
          }
          setNotice('');
          setError(errorText(err));
        })
        .finally(() => setBusy(false));
    },
    [dialog, onChanged],
  );

  const name = (s: { name: string }, max = 80): string => `“${plain(s.name, max)}”`;

  if (skills === null) {
    return (
      <div className="skills" aria-busy={error === null}>
        <header className="screen-header">
          <h1>Skills</h1>
        </header>
        {error ? (
          <p className="error-text" role="alert">
            {error}
          </p>
        ) : (
          <p className="muted screen-pad">Loading…</p>
        )}
      </div>
    );
  }

  const none = skills.length === 0;
  return (
    <div className={`skills${current ? ' with-detail' : ''}`}>
      <section className="skills-main" aria-labelledby="skills-title">
        <header className="screen-header">
          <div>
            <h1 id="skills-title">Skills</h1>
            <p className="muted count" aria-live="polite">
              {none
                ? ''
                : `${plural(skills.length - hiddenCount, 'skill', 'skills')}${hiddenCount > 0 ? ` · ${hiddenCount.toLocaleString()} hidden` : ''}`}
            </p>
          </div>
          <div className="header-actions">
            {!none && (
              <SearchInput
                className="search"
                placeholder="Filter skills…"
                aria-label="Filter skills"
                value={filter}
                maxLength={200}
                onValue={setFilter}
              />
            )}
            {!none && (
              <button
                type="button"
                className="button primary"
                onClick={() => {
                  setDialogError(null);
                  setDialog('add');
                }}
              >
                Add skill…
              </button>
            )}
          </div>
        </header>

        {!none && (
          <div className="toolbar">
            <label className="check-option">
              <input
                type="checkbox"
                checked={showHidden}
                onChange={(e) => setShowHidden(e.target.checked)}
              />
              Show hidden skills
            </label>
            <div className="merge-bar" aria-live="polite">
              {checked.length > 0 && (
                <>
                  <span className="muted">{checked.length} selected</span>
                  <button
                    type="button"
                    className="button secondary"
                    disabled={checked.length < 2}
                    title={checked.length < 2 ? 'Select two or more skills to merge' : undefined}
                    onClick={() => {
                      setDialogError(null);
                      setDialog('merge');
                    }}
                  >
                    Merge…
                  </button>
                  <button type="button" className="button ghost" onClick={() => setChecked([])}>
                    Clear selection
                  </button>
                </>
              )}
            </div>
          </div>
        )}

        <ScreenNotices notice={notice} error={error} />

        {none && (
          <div className="empty">
            <div className="empty-art" aria-hidden="true">
              ◎
            </div>
            <h2>No skills yet</h2>
            <p>
              Skills are read from your credentials as they are imported: alignments, tags, fields
              of study and the competencies they name. Each skill lists the credentials that back
              it.
            </p>
            <p className="muted">
              Import credentials, or add a skill of your own and attach the credentials that prove
              it.
            </p>
            <div className="actions">
              <button type="button" className="button primary" onClick={onImport}>
                Import credentials
              </button>
              <button
                type="button"
                className="button secondary"
                onClick={() => {
                  setDialogError(null);
                  setDialog('add');
                }}
              >
                Add a skill
              </button>
            </div>
          </div>
        )}

        {!none && shown.length === 0 && (
          <div className="empty small">
            <p>
              {filter.trim() ? (
                <>
                  No skills match &ldquo;<span dir="auto">{plain(filter, 200)}</span>&rdquo;.
                </>
              ) : (
                'Every skill is hidden. Tick “Show hidden skills” to see them.'
              )}
            </p>
          </div>
        )}

        {shown.length > 0 && (
          <div className="skills-scroller">
            <ul className="skill-list" aria-label="Skills" ref={listRef}>
              {shown.map((s) => {
                const isChecked = checked.includes(s.key);
                return (
                  <li
                    key={s.key}
                    className={`skill-row${s.key === selected ? ' selected' : ''}${s.hidden ? ' is-hidden' : ''}`}
                  >
                    <input
                      type="checkbox"
                      className="skill-check"
                      checked={isChecked}
                      aria-label={`Select ${plain(s.name, 100)} to merge`}
                      onChange={(e) =>
                        setChecked((c) =>
                          e.target.checked ? [...c, s.key] : c.filter((k) => k !== s.key),
                        )
                      }
                    />
                    <button
                      type="button"
                      className="skill-open"
                      data-key={s.key}
                      aria-current={s.key === selected ? 'true' : undefined}
                      onClick={() => setSelected(s.key)}
                    >
                      <span className="skill-text">
                        <span className="skill-name clip" dir="auto">
                          {plain(s.name, 300)}
                        </span>
                        {s.credentials.length > 0 && (
                          <span className="skill-backers clip" dir="auto">
                            {s.credentials
                              .slice(0, 3)
                              .map((c) => plain(c.title, 80))
                              .join(' · ')}
                            {s.count > 3 ? ` · and ${(s.count - 3).toLocaleString()} more` : ''}
                          </span>
                        )}
                      </span>
                      <span className="skill-tags">
                        {s.userAdded && <span className="chip subtle">Added by you</span>}
                        {s.merged.length > 0 && (
                          <span className="chip subtle">
                            {plural(s.merged.length + 1, 'skill', 'skills')} merged
                          </span>
                        )}
                        {s.hidden && <span className="chip subtle">Hidden</span>}
                      </span>
                      <span className="skill-count">
                        {plural(s.count, 'credential', 'credentials')}
                      </span>
                    </button>
                  </li>
                );
              })}
            </ul>
          </div>
        )}
      </section>

      {current && (
        <SkillDetail
          skill={current}
          busy={busy}
          onClose={() => setSelected(null)}
          onOpenCredential={onOpenCredential}
          onRename={() => {
            setDialogError(null);
            setDialog('rename');
          }}
          onAttach={() => {
            setDialogError(null);
            setDialog('attach');
          }}
          onToggleHidden={() =>
            edit(async () => {
              const v = await invoke('skills.hide', {
                skill: current.key,
                hidden: !current.hidden,
              });
              return v.hidden
                ? `Hid ${name(v)}.${showHidden ? '' : ' Tick “Show hidden skills” to see it again.'}`
                : `${name(v)} is shown again.`;
            })
          }
          onDetach={(id, title) =>
            edit(async () => {
              const v = await invoke('skills.detach', { skill: current.key, credentialIds: [id] });
              return v === null
                ? `Detached “${plain(title, 80)}”; no credential backs ${name(current)} any more, so it is gone.`
                : `Detached “${plain(title, 80)}” from ${name(v)}.`;
            })
          }
        />
      )}

      {dialog === 'add' && (
        <TextDialog
          title="Add a skill"
          label="Skill name"
          submit="Add skill"
          busy={busy}
          error={dialogError}
          onCancel={closeDialog}
          onSubmit={(value) =>
            edit(async () => {
              const v = await invoke('skills.add', { name: value });
              openNext.current = v.key;
              return `Added ${name(v)}. Attach the credentials that prove it.`;
            })
          }
        >
          <p className="muted">
            A skill of your own, for something your credentials prove but do not name.
          </p>
        </TextDialog>
      )}

      {dialog === 'rename' && current && (
        <TextDialog
          title={`Rename ${name(current, 60)}`}
          label="New name"
          initial={current.name}
          submit="Rename"
          busy={busy}
          error={dialogError}
          onCancel={closeDialog}
          onSubmit={(value) =>
            edit(async () => {
              const v = await invoke('skills.rename', { skill: current.key, name: value });
              return `Renamed ${name(current)} to ${name(v)}.`;
            })
          }
        >
          <p className="muted">The new name is kept when credentials are imported again.</p>
        </TextDialog>
      )}

      {dialog === 'merge' && checkedSkills.length >= 2 && (
        <MergeDialog
          skills={checkedSkills}
          busy={busy}
          error={dialogError}
          onCancel={closeDialog}
          onMerge={(into) =>
            edit(
              async () => {
                const others = checkedSkills.filter((s) => s.key !== into).map((s) => s.key);
                const v = await invoke('skills.merge', { skills: others, into });
                openNext.current = v.key;
                return `Merged ${checkedSkills.length} skills into ${name(v)}.`;
              },
              () => setChecked([]),
            )
          }
        />
      )}

      {dialog === 'attach' && current && (
        <CredentialPicker
          title={`Attach credentials to ${name(current, 60)}`}
          submit={(n) => (n === 0 ? 'Attach' : `Attach ${n}`)}
          taken={new Set(current.credentials.map((c) => c.id))}
          takenLabel="Already attached"
          busy={busy}
          error={dialogError}
          onCancel={closeDialog}
          onPick={(ids) =>
            edit(async () => {
              const v = await invoke('skills.attach', { skill: current.key, credentialIds: ids });
              return `Attached ${plural(ids.length, 'credential', 'credentials')} to ${name(v)}.`;
            })
          }
        />
      )}
    </div>
  );
}
