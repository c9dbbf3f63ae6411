// One credential in full: fields, criteria, evidence, skills, each check with its time, the raw original, and delete.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { CredentialDetail as Detail } from '../../core/library';
import { isIssuerHosted } from '../../core/verification';
import type { DeleteResult } from '../../shared/contract';
import { invoke } from '../api';
import { formatDate, formatDateTime, formatLabel, trustLabel, verdictLabel } from '../labels';
import { decodeBase64, describeOriginal, type OriginalView } from '../original';
import { plain } from '../text';
import { BadgeImage } from './BadgeImage';
import { CheckList } from './CheckList';
import { ConfirmDialog } from './ConfirmDialog';
import { TrustBadge } from './TrustBadge';

/** Nested credentials listed by name; a bundle with more says how many more. */
const CHILDREN_SHOWN = 50;

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

function Field({ label, children }: { label: string; children: ReactNode }) {
  if (children === null || children === undefined || children === '') return null;
  return (
    <>
      <dt>{label}</dt>
      <dd dir="auto">{typeof children === 'string' ? plain(children) : children}</dd>
    </>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="detail-section">
      <h3>{title}</h3>
      {children}
    </section>
  );
}

function Original({ id }: { id: number }) {
  const [view, setView] = useState<OriginalView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    invoke('library.original', { id })
      .then((blob) => {
        if (live) setView(describeOriginal(blob.mediaType, decodeBase64(blob.base64)));
      })
      .catch((err: unknown) => {
        if (live) setError(errorText(err));
      });
    return () => {
      live = false;
    };
  }, [id]);

  if (error) return <p className="error-text">{error}</p>;
  if (!view) return <p className="muted">Loading…</p>;
  return (
    <div className="original-view">
      <p className="muted">{view.summary}</p>
      {view.sections.map((s) => (
        <figure key={s.title} className="original-part">
          <figcaption>{s.title}</figcaption>
          {/* Focusable so keyboard users can scroll it. */}
          <pre className="original" tabIndex={0} role="region" aria-label={`Original: ${s.title}`}>
            {s.text}
          </pre>
        </figure>
      ))}
    </div>
  );
}

function ChildLink({ id, onSelect }: { id: number; onSelect: (id: number) => void }) {
  const [title, setTitle] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    invoke('library.get', { id })
      .then((d) => {
        if (live) setTitle(d.title);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [id]);
  return (
    <button type="button" className="link-button clip" dir="auto" onClick={() => onSelect(id)}>
      {title === null ? `Credential #${id}` : plain(title, 300)}
    </button>
  );
}

export function CredentialDetail({
  id,
  onClose,
  onSelect,
  onDeleted,
  onChanged,
}: {
  id: number;
  onClose: () => void;
  onSelect: (id: number) => void;
  onDeleted: (result: DeleteResult) => void;
  /** The credential changed here (re-verified): lists showing it should reload. */
  onChanged: () => void;
}) {
  const [detail, setDetail] = useState<Detail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);
  const focusedFor = useRef<number | null>(null);
  const [reload, setReload] = useState(0);
  const [verifying, setVerifying] = useState(false);
  const [verifyNote, setVerifyNote] = useState('');

  useEffect(() => {
    let live = true;
    setError(null);
    invoke('library.get', { id })
      .then((d) => {
        if (live) setDetail(d);
      })
      .catch((err: unknown) => {
        if (live) setError(errorText(err));
      });
    return () => {
      live = false;
    };
  }, [id, reload]);

  // Another credential: start from its top, with nothing left over from the last one.
  useEffect(() => {
    setDetail(null);
    setConfirming(false);
    setVerifyNote('');
  }, [id]);

  // The heading takes the focus when a credential opens, not when the same one reloads.
  useEffect(() => {
    if (detail && detail.id === id && focusedFor.current !== id) {
      focusedFor.current = id;
      heading.current?.focus();
    }
  }, [detail, id]);

  // A cancelled delete hands the focus back to the button that asked.
  useEffect(() => {
    if (wasConfirming.current && !confirming) deleteButton.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  const closeButton = (
    <button type="button" className="button ghost" onClick={onClose} aria-label="Close details">
      ✕
    </button>
  );

  if (error) {
    return (
      <aside className="detail" aria-label="Credential details">
        <div className="detail-toolbar">{closeButton}</div>
        <p className="error-text">{error}</p>
      </aside>
    );
  }
  if (!detail) {
    return (
      <aside className="detail" aria-label="Credential details" aria-busy="true">
        <div className="detail-toolbar">{closeButton}</div>
        <p className="muted">Loading…</p>
      </aside>
    );
  }

  const remove = (): void => {
    setDeleting(true);
    setDeleteError(null);
    invoke('library.delete', { id: detail.id })
      .then((result) => {
        setConfirming(false);
        onDeleted(result);
      })
      .catch((err: unknown) => setDeleteError(errorText(err)))
      .finally(() => setDeleting(false));
  };

  const reverify = (): void => {
    setVerifying(true);
    setVerifyNote('');
    invoke('library.reverify', { ids: [detail.id] })
      .then((result) => {
        const done = result.reverified[0];
        const failed = result.failed[0];
        if (done) {
          setVerifyNote(
            done.previous === done.verdict
              ? `Checked again: still ${verdictLabel(done.verdict)}.`
              : `Checked again: now ${verdictLabel(done.verdict)} (was ${verdictLabel(done.previous)}).`,
          );
        } else if (failed) {
          setVerifyNote(`Could not check it again: ${failed.error.message}`);
        }
        setReload((n) => n + 1);
        onChanged();
      })
      .catch((err: unknown) => setVerifyNote(`Could not check it again: ${errorText(err)}`))
      .finally(() => setVerifying(false));
  };

  const label = trustLabel(detail.verdict, detail.format, isIssuerHosted(detail.report));
  const a = detail.achievement;
  const title = plain(detail.title);
  const nested = detail.children.length;
  return (
    <aside className="detail" aria-label="Credential details">
      <div className="detail-toolbar">
        <button type="button" className="button ghost" onClick={reverify} disabled={verifying}>
          {verifying ? 'Checking…' : 'Re-verify'}
        </button>
        <button
          ref={deleteButton}
          type="button"
          className="button ghost danger-text"
          onClick={() => {
            setDeleteError(null);
            setConfirming(true);
          }}
        >
          Delete…
        </button>
        {closeButton}
      </div>
      <header className="detail-header">
        <BadgeImage
          id={detail.id}
          hasImage={detail.hasImage}
          title={plain(detail.title, 200)}
          size="large"
        />
        <div className="detail-heading">
          <h2 dir="auto" tabIndex={-1} ref={heading} className="clip-lines">
            {title}
          </h2>
          {detail.issuerName && (
            <p className="muted clip" dir="auto">
              {plain(detail.issuerName)}
            </p>
          )}
          <TrustBadge text={label.text} tone={label.tone} />
        </div>
      </header>

      {detail.description && (
        <p className="description clip-block" dir="auto" tabIndex={0}>
          {plain(detail.description, 20_000)}
        </p>
      )}

      <dl className="fields">
        <Field label="Issued">{formatDate(detail.issuedOn)}</Field>
        <Field label="Valid from">{formatDate(detail.validFrom)}</Field>
        <Field label="Expires">{formatDate(detail.validUntil)}</Field>
        <Field label="Issuer id">{detail.issuerId}</Field>
        <Field label="Recipient">{detail.recipient}</Field>
        <Field label="Format">{formatLabel(detail.format)}</Field>
        <Field label="Credential id">{detail.credentialId}</Field>
        <Field label="Imported from">{detail.source}</Field>
        <Field label="Imported">{formatDateTime(detail.importedAt)}</Field>
        <Field label="SHA-256">{detail.sha256}</Field>
      </dl>

      {a && (a.name || a.description || a.type || a.fieldOfStudy) && (
        <Section title="Achievement">
          <dl className="fields">
            <Field label="Name">{a.name}</Field>
            <Field label="Type">{a.type}</Field>
            <Field label="Field of study">{a.fieldOfStudy}</Field>
            <Field label="Description">{a.description}</Field>
          </dl>
        </Section>
      )}

      <Section title="Criteria">
        {a?.criteria ? (
          <p className="clip-block" dir="auto">
            {plain(a.criteria, 20_000)}
          </p>
        ) : (
          <p className="muted">The credential does not say what earned it.</p>
        )}
      </Section>

      <Section title="Skills">
        {detail.skills.length === 0 ? (
          <p className="muted">No skills found in this credential.</p>
        ) : (
          <ul className="chips">
            {detail.skills.map((s) => (
              <li key={s} className="chip" dir="auto">
                {plain(s, 200)}
              </li>
            ))}
          </ul>
        )}
      </Section>

      {detail.alignments.length > 0 && (
        <Section title="Alignments">
          <ul className="plain-list">
            {detail.alignments.map((al, i) => (
              <li key={i} dir="auto" className="clip">
                {plain(al.targetName, 500)}
                {al.targetFramework ? (
                  <span className="muted"> · {plain(al.targetFramework, 200)}</span>
                ) : null}
                {al.targetCode ? (
                  <span className="muted"> · {plain(al.targetCode, 200)}</span>
                ) : null}
              </li>
            ))}
          </ul>
        </Section>
      )}

      <Section title="Evidence">
        {detail.evidence.length === 0 ? (
          <p className="muted">No evidence attached.</p>
        ) : (
          <ul className="plain-list">
            {detail.evidence.map((ev, i) => (
              <li key={i} dir="auto" className="clip-lines">
                {plain(ev.name ?? ev.id ?? 'Evidence', 500)}
                {ev.description || ev.narrative ? (
                  <span className="muted"> — {plain(ev.description ?? ev.narrative)}</span>
                ) : null}
                {ev.name && ev.id ? <span className="muted"> · {plain(ev.id, 500)}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </Section>

      {detail.tags.length > 0 && (
        <Section title="Tags">
          <ul className="chips">
            {detail.tags.map((t) => (
              <li key={t} className="chip subtle" dir="auto">
                {plain(t, 200)}
              </li>
            ))}
          </ul>
        </Section>
      )}

      {nested > 0 && (
        <Section title="Credentials in this bundle">
          <ul className="plain-list">
            {detail.children.slice(0, CHILDREN_SHOWN).map((child) => (
              <li key={child}>
                <ChildLink id={child} onSelect={onSelect} />
              </li>
            ))}
          </ul>
          {nested > CHILDREN_SHOWN && (
            <p className="muted">and {(nested - CHILDREN_SHOWN).toLocaleString()} more.</p>
          )}
        </Section>
      )}

      <Section title="Verification">
        <p className="verify-note" role="status">
          {verifyNote}
        </p>
        <p className="verdict-line">
          <TrustBadge text={label.text} tone={label.tone} />
          <span className="muted">
            Checked{' '}
            <time dateTime={detail.report.checkedAt}>
              {formatDateTime(detail.report.checkedAt)}
            </time>
          </span>
        </p>
        <CheckList checks={detail.report.checks} checkedAt={detail.report.checkedAt} />
      </Section>

      <Section title="Original">
        <Original key={detail.id} id={detail.id} />
      </Section>

      {confirming && (
        <ConfirmDialog
          title={`Delete “${plain(detail.title, 120)}”?`}
          confirm={nested > 0 ? `Delete all ${(nested + 1).toLocaleString()}` : 'Delete'}
          busy={deleting}
          error={deleteError}
          onConfirm={remove}
          onCancel={() => setConfirming(false)}
        >
          <p>
            It will be removed from this library, with its original file and verification report.
            This cannot be undone; to have it back, import the file again.
          </p>
          {nested > 0 && (
            <p className="warn-text">
              This is a bundle: the {nested.toLocaleString()}{' '}
              {nested === 1 ? 'credential' : 'credentials'} inside it will be deleted too.
            </p>
          )}
        </ConfirmDialog>
      )}
    </aside>
  );
}
