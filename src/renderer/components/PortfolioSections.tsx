// A portfolio's sections and their ordered credentials: add from the library, reorder by drag and drop or the keyboard, notes, and fields hidden per entry.
import {
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type DragEvent,
  type KeyboardEvent,
} from 'react';
import { HIDEABLE_FIELDS, type HideableField, type PortfolioEntry } from '../../core/portfolio';
import type { PortfolioView } from '../../core/portfolio-view';
import type { SkillView } from '../../core/skills';
import { invoke } from '../api';
import { formatDate, trustLabel } from '../labels';
import { plain } from '../text';
import { BadgeImage } from './BadgeImage';
import { ConfirmDialog } from './ConfirmDialog';
import { CredentialPicker } from './CredentialPicker';
import { TextDialog } from './TextDialog';
import { TrustBadge } from './TrustBadge';

/** What each hideable field is called where the person chooses what the export shows. */
const FIELD_LABELS: Record<HideableField, string> = {
  issuedOn: 'Issue date',
  validUntil: 'Expiry date',
  description: 'Description',
  criteria: 'Criteria',
  evidence: 'Evidence',
  recipient: 'Recipient (name or e-mail)',
  image: 'Badge image',
};
const FIELD_ORDER: HideableField[] = [
  'issuedOn',
  'validUntil',
  'description',
  'criteria',
  'evidence',
  'recipient',
  'image',
];

/** The drag carries this type, so only our entries (never files) are dropped on the list. */
const DRAG_TYPE = 'application/x-skillfolio-entry';

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));
const quoted = (text: string, max = 80): string => `“${plain(text, max)}”`;

type Place = { sectionId: number; index: number };
type Drop = {
  sectionId: number;
  index: number;
  marker: { credentialId: number | null; after: boolean };
};
type Control = 'handle' | 'up' | 'down';
type FocusTarget = { credentialId: number; control: Control } | { addIn: number };

function isTyping(target: EventTarget): boolean {
  return target instanceof HTMLElement && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
}

function EntryEditor({
  portfolioId,
  entry,
  title,
  onChanged,
}: {
  portfolioId: number;
  entry: PortfolioEntry;
  title: string;
  onChanged: (view: PortfolioView, message: string) => void;
}) {
  const [note, setNote] = useState(entry.note ?? '');
  // Ticks answer at once; the saved list replaces them when the portfolio comes back (or undoes them on an error).
  const [hidden, setHidden] = useState<HideableField[]>(entry.hidden);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => setHidden(entry.hidden), [entry.hidden]);
  const base = useId();

  const saveNote = (): void => {
    const value = note.trim();
    if (value === (entry.note ?? '')) return;
    invoke('portfolio.setEntryNote', {
      id: portfolioId,
      credentialId: entry.credentialId,
      note: value === '' ? null : value,
    })
      .then((v) => {
        setError(null);
        onChanged(
          v,
          value === ''
            ? `Removed the note on ${quoted(title)}.`
            : `Saved the note on ${quoted(title)}.`,
        );
      })
      .catch((err: unknown) => setError(errorText(err)));
  };

  const setShown = (field: HideableField, shown: boolean): void => {
    const next = HIDEABLE_FIELDS.filter((f) => (f === field ? !shown : hidden.includes(f)));
    setHidden(next);
    invoke('portfolio.setEntryHidden', {
      id: portfolioId,
      credentialId: entry.credentialId,
      hidden: next,
    })
      .then((v) => {
        setError(null);
        onChanged(
          v,
          `${FIELD_LABELS[field]} ${shown ? 'shown' : 'hidden'} for ${quoted(title)} in the export.`,
        );
      })
      .catch((err: unknown) => {
        setHidden(entry.hidden);
        setError(errorText(err));
      });
  };

  return (
    <div className="entry-editor">
      <div className="field wide">
        <label htmlFor={`${base}-note`} className="field-label">
          Note
        </label>
        <textarea
          id={`${base}-note`}
          className="text-input"
          dir="auto"
          rows={2}
          maxLength={5000}
          value={note}
          aria-describedby={`${base}-note-hint`}
          onChange={(e) => setNote(e.target.value)}
          onBlur={saveNote}
        />
        <span id={`${base}-note-hint`} className="field-hint">
          Shown under the credential in your résumé, e.g. what you did to earn it.
        </span>
      </div>
      <fieldset className="shown-fields">
        <legend className="field-label">Show in the export</legend>
        {FIELD_ORDER.map((f) => (
          <label key={f} className="check-option">
            <input
              type="checkbox"
              checked={!hidden.includes(f)}
              onChange={(e) => setShown(f, e.target.checked)}
            />
            {FIELD_LABELS[f]}
          </label>
        ))}
      </fieldset>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

export function PortfolioSections({
  view,
  version,
  onChanged,
}: {
  view: PortfolioView;
  /** Changes when the library changes, so the skill list reloads. */
  version: number;
  /** The portfolio after an edit here, and a sentence saying what happened (announced). */
  onChanged: (view: PortfolioView, message: string) => void;
}) {
  const [announcement, setAnnouncement] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<number | null>(null);
  const [picking, setPicking] = useState<{ sectionId: number | null } | null>(null);
  const [pickError, setPickError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [renaming, setRenaming] = useState<{ id: number; title: string } | null>(null);
  const [renameError, setRenameError] = useState<string | null>(null);
  const [removing, setRemoving] = useState<{ id: number; title: string; count: number } | null>(
    null,
  );
  const [skills, setSkills] = useState<SkillView[]>([]);
  const [newTitle, setNewTitle] = useState('');
  const [newSkill, setNewSkill] = useState('');
  const [drop, setDrop] = useState<Drop | null>(null);
  /** The entry picked up with its handle: the arrow keys move it until it is put down. */
  const [lifted, setLifted] = useState<number | null>(null);
  const dragging = useRef<number | null>(null);
  const focusNext = useRef<FocusTarget | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const base = useId();

  useEffect(() => {
    let live = true;
    invoke('skills.list', { perSkill: 1 })
      .then((list) => {
        if (live) setSkills(list);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [version]);

  // After a move the row is drawn again: the focus goes back to the control that moved it.
  useLayoutEffect(() => {
    const target = focusNext.current;
    if (!target || !root.current) return;
    focusNext.current = null;
    let el: HTMLElement | null = null;
    if ('addIn' in target) {
      el = root.current.querySelector(`[data-add-in="${target.addIn}"]`);
    } else {
      const row = root.current.querySelector(`[data-entry="${target.credentialId}"]`);
      const wanted = row?.querySelector<HTMLButtonElement>(`[data-control="${target.control}"]`);
      el =
        wanted && !wanted.disabled
          ? wanted
          : (row?.querySelector('[data-control="handle"]') ?? null);
    }
    el?.focus();
  }, [view]);

  const sections = view.sections;
  const titleOf = (credentialId: number): string =>
    view.credentials[credentialId]?.title ?? `Credential #${credentialId}`;
  const inPortfolio = new Set(sections.flatMap((s) => s.entries.map((e) => e.credentialId)));
  const sectionSkills = new Set(
    sections.map((s) => s.skill).filter((k): k is string => k !== null),
  );

  const say = (v: PortfolioView, message: string): void => {
    setError(null);
    setAnnouncement(message);
    onChanged(v, message);
  };

  const run = (work: () => Promise<void>): void => {
    setBusy(true);
    work()
      .catch((err: unknown) => setError(errorText(err)))
      .finally(() => setBusy(false));
  };

  const move = (credentialId: number, to: Place, focus: Control | null): void => {
    run(async () => {
      const v = await invoke('portfolio.moveEntry', {
        id: view.id,
        credentialId,
        sectionId: to.sectionId,
        index: to.index,
      });
      const section = v.sections.find((s) => s.id === to.sectionId);
      const at = section ? section.entries.findIndex((e) => e.credentialId === credentialId) : -1;
      if (focus) focusNext.current = { credentialId, control: focus };
      say(
        v,
        `Moved ${quoted(titleOf(credentialId))} to position ${at + 1} of ${section?.entries.length ?? 0} in ${quoted(section?.title ?? '')}.`,
      );
    });
  };

  /** One step up or down: within the section, or across into the neighbouring section. */
  const step = (si: number, ei: number, dir: -1 | 1): Place | null => {
    const s = sections[si];
    if (!s) return null;
    if (dir === -1) {
      if (ei > 0) return { sectionId: s.id, index: ei - 1 };
      const prev = sections[si - 1];
      return prev ? { sectionId: prev.id, index: prev.entries.length } : null;
    }
    if (ei < s.entries.length - 1) return { sectionId: s.id, index: ei + 1 };
    const next = sections[si + 1];
    return next ? { sectionId: next.id, index: 0 } : null;
  };

  const where = (si: number, ei: number): string => {
    const s = sections[si];
    return `position ${ei + 1} of ${s?.entries.length ?? 0} in ${quoted(s?.title ?? '')}`;
  };

  const toggleLift = (si: number, ei: number, credentialId: number): void => {
    if (lifted === credentialId) {
      setLifted(null);
      setAnnouncement(`Put down ${quoted(titleOf(credentialId))} at ${where(si, ei)}.`);
    } else {
      setLifted(credentialId);
      setAnnouncement(
        `Picked up ${quoted(titleOf(credentialId))}, ${where(si, ei)}. Press the up or down arrow to move it, Space to put it down.`,
      );
    }
  };

  const onEntryKey = (e: KeyboardEvent, si: number, ei: number, credentialId: number): void => {
    if (isTyping(e.target)) return;
    const liftedHere = lifted === credentialId;
    if (liftedHere && e.key === 'Escape') {
      e.preventDefault();
      toggleLift(si, ei, credentialId);
      return;
    }
    if ((e.key !== 'ArrowUp' && e.key !== 'ArrowDown') || !(e.altKey || liftedHere)) return;
    e.preventDefault();
    const to = step(si, ei, e.key === 'ArrowUp' ? -1 : 1);
    if (!to) {
      setAnnouncement(
        `${quoted(titleOf(credentialId))} is already ${e.key === 'ArrowUp' ? 'first' : 'last'}.`,
      );
      return;
    }
    move(credentialId, to, 'handle');
  };

  // Drag and drop: the row under the pointer says whether the drop goes before or after it.
  const dragOverEntry = (
    e: DragEvent,
    sectionId: number,
    ei: number,
    credentialId: number,
  ): void => {
    if (!e.dataTransfer.types.includes(DRAG_TYPE)) return;
    e.preventDefault();
    e.stopPropagation();
    e.dataTransfer.dropEffect = 'move';
    const rect = e.currentTarget.getBoundingClientRect();
    const after = e.clientY > rect.top + rect.height / 2;
    const index = ei + (after ? 1 : 0);
    if (
      drop?.sectionId !== sectionId ||
      drop.index !== index ||
      drop.marker.credentialId !== credentialId ||
      drop.marker.after !== after
    ) {
      setDrop({ sectionId, index, marker: { credentialId, after } });
    }
  };

  const dragOverSection = (e: DragEvent, sectionId: number, count: number): void => {
    if (!e.dataTransfer.types.includes(DRAG_TYPE)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'move';
    if (drop?.sectionId !== sectionId || drop.marker.credentialId !== null) {
      setDrop({ sectionId, index: count, marker: { credentialId: null, after: true } });
    }
  };

  const dropHere = (e: DragEvent): void => {
    if (!e.dataTransfer.types.includes(DRAG_TYPE)) return;
    // Ours: the window's file drop (which opens the import) must not see it.
    e.preventDefault();
    e.stopPropagation();
    const credentialId = Number(e.dataTransfer.getData(DRAG_TYPE)) || dragging.current;
    const target = drop;
    setDrop(null);
    dragging.current = null;
    if (!credentialId || !target) return;
    const from = sections.findIndex((s) => s.entries.some((x) => x.credentialId === credentialId));
    const fromIndex =
      sections[from]?.entries.findIndex((x) => x.credentialId === credentialId) ?? -1;
    let index = target.index;
    if (sections[from]?.id === target.sectionId) {
      if (index === fromIndex || index === fromIndex + 1) return;
      if (index > fromIndex) index -= 1;
    }
    move(credentialId, { sectionId: target.sectionId, index }, null);
  };

  const remove = (credentialId: number, si: number, ei: number): void => {
    const s = sections[si];
    const next = s?.entries[ei + 1] ?? s?.entries[ei - 1];
    run(async () => {
      const v = await invoke('portfolio.removeEntry', { id: view.id, credentialId });
      focusNext.current = next
        ? { credentialId: next.credentialId, control: 'handle' }
        : { addIn: s?.id ?? 0 };
      if (editing === credentialId) setEditing(null);
      say(v, `Removed ${quoted(titleOf(credentialId))} from the portfolio.`);
    });
  };

  const moveSection = (sectionId: number, index: number, title: string): void => {
    run(async () => {
      const v = await invoke('portfolio.moveSection', { id: view.id, sectionId, index });
      focusNext.current = { addIn: sectionId };
      say(
        v,
        `Moved the section ${quoted(title)} to position ${index + 1} of ${v.sections.length}.`,
      );
    });
  };

  const addSection = (input: { title: string } | { skill: string }): void => {
    run(async () => {
      const v = await invoke('portfolio.addSection', { id: view.id, ...input });
      const added = v.sections[v.sections.length - 1];
      if (added) focusNext.current = { addIn: added.id };
      setNewTitle('');
      setNewSkill('');
      say(v, `Added the section ${quoted(added?.title ?? '')}.`);
    });
  };

  const pickFor = picking?.sectionId ?? null;
  return (
    <div className="sections" ref={root}>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {error && (
        <p className="error-text inline" role="alert">
          {error}
        </p>
      )}
      {sections.length === 0 && (
        <div className="card empty-sections">
          <h2 className="card-title">No credentials yet</h2>
          <p className="muted">
            Pull in the credentials that prove you fit this role. They go into a section; add
            sections for each skill or with headings of your own, and order them as you like.
          </p>
          <div className="actions">
            <button
              type="button"
              className="button primary"
              data-add-in={0}
              onClick={() => {
                setPickError(null);
                setPicking({ sectionId: null });
              }}
            >
              Add credentials…
            </button>
          </div>
        </div>
      )}

      {sections.map((s, si) => {
        const headingId = `${base}-s${s.id}`;
        const dropEnd = drop?.sectionId === s.id && drop.marker.credentialId === null;
        return (
          <section
            key={s.id}
            className={`card section-card${dropEnd ? ' drop-end' : ''}`}
            aria-labelledby={headingId}
            onDragOver={(e) => dragOverSection(e, s.id, s.entries.length)}
            onDrop={dropHere}
          >
            <div className="section-head">
              <h2 id={headingId} className="section-title clip" dir="auto">
                {plain(s.title, 200)}
              </h2>
              {s.skill !== null && <span className="chip subtle">Skill</span>}
              <span className="muted section-count">
                {s.entries.length} {s.entries.length === 1 ? 'credential' : 'credentials'}
              </span>
              <div className="section-actions">
                <button
                  type="button"
                  className="button ghost small icon"
                  aria-label={`Move section ${plain(s.title, 60)} up`}
                  disabled={busy || si === 0}
                  onClick={() => moveSection(s.id, si - 1, s.title)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="button ghost small icon"
                  aria-label={`Move section ${plain(s.title, 60)} down`}
                  disabled={busy || si === sections.length - 1}
                  onClick={() => moveSection(s.id, si + 1, s.title)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="button ghost small"
                  aria-label={`Rename section ${plain(s.title, 60)}`}
                  onClick={() => {
                    setRenameError(null);
                    setRenaming({ id: s.id, title: s.title });
                  }}
                >
                  Rename…
                </button>
                <button
                  type="button"
                  className="button ghost small danger-text"
                  aria-label={`Remove section ${plain(s.title, 60)}`}
                  onClick={() => {
                    if (s.entries.length === 0) {
                      run(async () => {
                        const v = await invoke('portfolio.removeSection', {
                          id: view.id,
                          sectionId: s.id,
                        });
                        say(v, `Removed the section ${quoted(s.title)}.`);
                      });
                    } else setRemoving({ id: s.id, title: s.title, count: s.entries.length });
                  }}
                >
                  Remove
                </button>
              </div>
            </div>

            {s.entries.length === 0 ? (
              <p className={`muted section-empty${dropEnd ? ' drop-target' : ''}`}>
                Nothing here yet: add credentials, or drag them here.
              </p>
            ) : (
              <ol className="entries" aria-label={`Credentials in ${plain(s.title, 100)}`}>
                {s.entries.map((entry, ei) => {
                  const c = view.credentials[entry.credentialId];
                  const title =
                    c?.title ?? `Credential #${entry.credentialId} (no longer in the library)`;
                  const label = c ? trustLabel(c.verdict, c.format, c.issuerHosted) : null;
                  const isEditing = editing === entry.credentialId;
                  const marker =
                    drop?.sectionId === s.id && drop.marker.credentialId === entry.credentialId
                      ? drop.marker.after
                        ? ' drop-after'
                        : ' drop-before'
                      : '';
                  const up = step(si, ei, -1);
                  const down = step(si, ei, 1);
                  const hintId = `${base}-hint`;
                  return (
                    <li
                      key={entry.credentialId}
                      className={`entry${isEditing ? ' editing' : ''}${lifted === entry.credentialId ? ' lifted' : ''}${marker}`}
                      data-entry={entry.credentialId}
                      draggable={!isEditing && !busy}
                      onDragStart={(e) => {
                        if (isTyping(e.target)) return;
                        dragging.current = entry.credentialId;
                        e.dataTransfer.setData(DRAG_TYPE, String(entry.credentialId));
                        e.dataTransfer.effectAllowed = 'move';
                      }}
                      onDragEnd={() => {
                        dragging.current = null;
                        setDrop(null);
                      }}
                      onDragOver={(e) => dragOverEntry(e, s.id, ei, entry.credentialId)}
                      onDrop={dropHere}
                      onKeyDown={(e) => onEntryKey(e, si, ei, entry.credentialId)}
                    >
                      <div className="entry-row">
                        <button
                          type="button"
                          className="drag-handle"
                          data-control="handle"
                          aria-label={`Reorder ${plain(title, 100)}, position ${ei + 1} of ${s.entries.length}`}
                          aria-describedby={hintId}
                          aria-keyshortcuts="Alt+ArrowUp Alt+ArrowDown"
                          aria-pressed={lifted === entry.credentialId}
                          onClick={() => toggleLift(si, ei, entry.credentialId)}
                          onBlur={() => {
                            const id = String(entry.credentialId);
                            // A move draws the row again and gives the focus back; leaving it for good puts the entry down.
                            setTimeout(() => {
                              const active = document.activeElement;
                              const still =
                                active instanceof HTMLElement &&
                                active.dataset.control === 'handle' &&
                                active.closest('[data-entry]')?.getAttribute('data-entry') === id;
                              if (!still) setLifted((l) => (l === entry.credentialId ? null : l));
                            }, 0);
                          }}
                        >
                          <span aria-hidden="true">⠿</span>
                        </button>
                        {c ? (
                          <BadgeImage
                            id={c.id}
                            hasImage={c.hasImage}
                            title={plain(c.title, 200)}
                            size="small"
                          />
                        ) : (
                          <span
                            className="badge-image badge-small badge-placeholder"
                            aria-hidden="true"
                          >
                            ?
                          </span>
                        )}
                        <div className="entry-main">
                          <span className="row-title clip" dir="auto">
                            {plain(title, 300)}
                          </span>
                          <span className="row-meta entry-meta">
                            {label && <TrustBadge text={label.text} tone={label.tone} />}
                            <span className="clip" dir="auto">
                              {c?.issuerName ? plain(c.issuerName, 200) : 'Issuer not stated'}
                              {c?.issuedOn && !entry.hidden.includes('issuedOn')
                                ? ` · ${formatDate(c.issuedOn)}`
                                : ''}
                            </span>
                          </span>
                          {(entry.note || entry.hidden.length > 0) && !isEditing && (
                            <span className="entry-extra">
                              {entry.note && (
                                <span className="entry-note clip" dir="auto">
                                  “{plain(entry.note, 200)}”
                                </span>
                              )}
                              {entry.hidden.length > 0 && (
                                <span className="entry-hidden">
                                  Hidden:{' '}
                                  {FIELD_ORDER.filter((f) => entry.hidden.includes(f))
                                    .map((f) => FIELD_LABELS[f].toLowerCase())
                                    .join(', ')}
                                </span>
                              )}
                            </span>
                          )}
                        </div>
                        <div className="entry-actions">
                          <button
                            type="button"
                            className="button ghost small icon"
                            data-control="up"
                            aria-label={`Move ${plain(title, 100)} up`}
                            title="Move up (Alt+↑)"
                            disabled={busy || up === null}
                            onClick={() => up && move(entry.credentialId, up, 'up')}
                          >
                            ↑
                          </button>
                          <button
                            type="button"
                            className="button ghost small icon"
                            data-control="down"
                            aria-label={`Move ${plain(title, 100)} down`}
                            title="Move down (Alt+↓)"
                            disabled={busy || down === null}
                            onClick={() => down && move(entry.credentialId, down, 'down')}
                          >
                            ↓
                          </button>
                          <button
                            type="button"
                            className={`button ghost small icon${isEditing ? ' pressed' : ''}`}
                            aria-expanded={isEditing}
                            aria-label={`Note and fields of ${plain(title, 100)}`}
                            title="Note, and what the export shows"
                            onClick={() => setEditing(isEditing ? null : entry.credentialId)}
                          >
                            <span aria-hidden="true">✎</span>
                          </button>
                          <button
                            type="button"
                            className="button ghost small icon danger-text"
                            aria-label={`Remove ${plain(title, 100)} from the portfolio`}
                            title="Remove from the portfolio (it stays in your library)"
                            disabled={busy}
                            onClick={() => remove(entry.credentialId, si, ei)}
                          >
                            <span aria-hidden="true">✕</span>
                          </button>
                        </div>
                      </div>
                      {isEditing && (
                        <EntryEditor
                          portfolioId={view.id}
                          entry={entry}
                          title={title}
                          onChanged={say}
                        />
                      )}
                    </li>
                  );
                })}
              </ol>
            )}
            <div className="section-foot">
              <button
                type="button"
                className="button secondary small"
                data-add-in={s.id}
                onClick={() => {
                  setPickError(null);
                  setPicking({ sectionId: s.id });
                }}
              >
                Add credentials…
              </button>
            </div>
          </section>
        );
      })}

      <p id={`${base}-hint`} className="field-hint reorder-hint">
        Reorder by dragging a credential; or with the keyboard: Alt+↑ / Alt+↓ on a credential, or
        Space on its handle, then ↑ / ↓, then Space.
      </p>

      <section className="card add-section" aria-labelledby={`${base}-add`}>
        <h2 id={`${base}-add`} className="card-title">
          Add a section
        </h2>
        <div className="add-section-forms">
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (newTitle.trim()) addSection({ title: newTitle.trim() });
            }}
          >
            <label htmlFor={`${base}-new-title`} className="field-label">
              A heading of your own
            </label>
            <div className="inline-row">
              <input
                id={`${base}-new-title`}
                className="text-input"
                dir="auto"
                value={newTitle}
                maxLength={200}
                placeholder="e.g. Data analysis"
                onChange={(e) => setNewTitle(e.target.value)}
              />
              <button
                type="submit"
                className="button secondary"
                disabled={busy || !newTitle.trim()}
              >
                Add section
              </button>
            </div>
          </form>
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (newSkill) addSection({ skill: newSkill });
            }}
          >
            <label htmlFor={`${base}-new-skill`} className="field-label">
              A section for one of your skills
            </label>
            <div className="inline-row">
              <select
                id={`${base}-new-skill`}
                className="select-input"
                value={newSkill}
                onChange={(e) => setNewSkill(e.target.value)}
              >
                <option value="">Choose a skill…</option>
                {skills
                  .filter((k) => !k.hidden && !sectionSkills.has(k.key))
                  .map((k) => (
                    <option key={k.key} value={k.key}>
                      {plain(k.name, 80)} ({k.count})
                    </option>
                  ))}
              </select>
              <button type="submit" className="button secondary" disabled={busy || !newSkill}>
                Add skill section
              </button>
            </div>
          </form>
        </div>
      </section>

      {picking && (
        <CredentialPicker
          title="Add credentials from your library"
          submit={(n) => (n === 0 ? 'Add' : `Add ${n}`)}
          taken={inPortfolio}
          takenLabel="In this portfolio"
          busy={busy}
          error={pickError}
          onCancel={() => setPicking(null)}
          onPick={(ids) => {
            setBusy(true);
            setPickError(null);
            invoke('portfolio.addEntries', {
              id: view.id,
              credentialIds: ids,
              ...(pickFor !== null ? { sectionId: pickFor } : {}),
            })
              .then((v) => {
                const section =
                  pickFor !== null ? v.sections.find((x) => x.id === pickFor) : v.sections[0];
                setPicking(null);
                focusNext.current = { addIn: section?.id ?? 0 };
                say(
                  v,
                  `Added ${ids.length} ${ids.length === 1 ? 'credential' : 'credentials'} to ${quoted(section?.title ?? '')}.`,
                );
              })
              .catch((err: unknown) => setPickError(errorText(err)))
              .finally(() => setBusy(false));
          }}
        >
          {sections.length > 1 && (
            <label className="picker-target">
              <span className="field-label">Add to section</span>
              <select
                className="select-input"
                value={pickFor ?? ''}
                onChange={(e) => setPicking({ sectionId: Number(e.target.value) })}
              >
                {sections.map((s) => (
                  <option key={s.id} value={s.id}>
                    {plain(s.title, 80)}
                  </option>
                ))}
              </select>
            </label>
          )}
        </CredentialPicker>
      )}

      {renaming && (
        <TextDialog
          title={`Rename the section ${quoted(renaming.title, 60)}`}
          label="Section title"
          initial={renaming.title}
          submit="Rename"
          busy={busy}
          error={renameError}
          onCancel={() => setRenaming(null)}
          onSubmit={(title) => {
            setBusy(true);
            invoke('portfolio.renameSection', { id: view.id, sectionId: renaming.id, title })
              .then((v) => {
                setRenaming(null);
                say(v, `Renamed the section to ${quoted(title)}.`);
              })
              .catch((err: unknown) => setRenameError(errorText(err)))
              .finally(() => setBusy(false));
          }}
        />
      )}

      {removing && (
        <ConfirmDialog
          title={`Remove the section ${quoted(removing.title, 60)}?`}
          confirm="Remove section"
          busy={busy}
          onCancel={() => setRemoving(null)}
          onConfirm={() =>
            run(async () => {
              const v = await invoke('portfolio.removeSection', {
                id: view.id,
                sectionId: removing.id,
              });
              setRemoving(null);
              say(v, `Removed the section ${quoted(removing.title)}.`);
            })
          }
        >
          <p>
            Its {removing.count} {removing.count === 1 ? 'credential leaves' : 'credentials leave'}{' '}
            this portfolio with it (they stay in your library).
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
