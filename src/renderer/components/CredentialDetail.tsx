// One credential in full: fields, skills, the verification report and the original, all shown as inert text.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { CredentialDetail as Detail } from '../../core/library';
import { invoke } from '../api';
import { checkLabel, formatDate, formatDateTime, formatLabel, trustLabel } from '../labels';
import { plain } from '../text';
import { BadgeImage } from './BadgeImage';
import { TrustBadge } from './TrustBadge';

/** Enough of an original to read it; the rest stays in the library. */
const ORIGINAL_PREVIEW_CHARS = 200_000;

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

function isTextual(mediaType: string): boolean {
  return /json|jwt|text|xml|svg/.test(mediaType);
}

function decodeBase64Text(base64: string): string {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

function Original({ id }: { id: number }) {
  const [state, setState] = useState<
    | { kind: 'idle' }
    | { kind: 'loading' }
    | { kind: 'shown'; text: string }
    | { kind: 'error'; message: string }
  >({ kind: 'idle' });

  const load = (): void => {
    setState({ kind: 'loading' });
    invoke('library.original', { id })
      .then((blob) => {
        const bytes = Math.floor((blob.base64.length * 3) / 4);
        if (!isTextual(blob.mediaType)) {
          setState({
            kind: 'shown',
            text: `${blob.mediaType}, ${bytes.toLocaleString()} bytes (not text).`,
          });
          return;
        }
        const text = decodeBase64Text(blob.base64);
        setState({
          kind: 'shown',
          text:
            text.length > ORIGINAL_PREVIEW_CHARS
              ? `${text.slice(0, ORIGINAL_PREVIEW_CHARS)}\n… (${(text.length - ORIGINAL_PREVIEW_CHARS).toLocaleString()} more characters)`
              : text,
        });
      })
      .catch((err: unknown) =>
        setState({ kind: 'error', message: err instanceof Error ? err.message : String(err) }),
      );
  };

  if (state.kind === 'shown') return <pre className="original">{state.text}</pre>;
  if (state.kind === 'error') return <p className="error-text">{state.message}</p>;
  return (
    <button
      type="button"
      className="button secondary"
      onClick={load}
      disabled={state.kind === 'loading'}
    >
      {state.kind === 'loading' ? 'Loading…' : 'Show the original'}
    </button>
  );
}

export function CredentialDetail({
  id,
  onClose,
  onSelect,
}: {
  id: number;
  onClose: () => void;
  onSelect: (id: number) => void;
}) {
  const [detail, setDetail] = useState<Detail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let live = true;
    setDetail(null);
    setError(null);
    invoke('library.get', { id })
      .then((d) => {
        if (live) setDetail(d);
      })
      .catch((err: unknown) => {
        if (live) setError(err instanceof Error ? err.message : String(err));
      });
    return () => {
      live = false;
    };
  }, [id]);

  useEffect(() => {
    if (detail) heading.current?.focus();
  }, [detail]);

  if (error) {
    return (
      <aside className="detail" aria-label="Credential details">
        <div className="detail-toolbar">
          <button
            type="button"
            className="button ghost"
            onClick={onClose}
            aria-label="Close details"
          >
            ✕
          </button>
        </div>
        <p className="error-text">{error}</p>
      </aside>
    );
  }
  if (!detail) {
    return (
      <aside className="detail" aria-label="Credential details" aria-busy="true">
        <p className="muted">Loading…</p>
      </aside>
    );
  }

  const label = trustLabel(detail.verdict, detail.format);
  const a = detail.achievement;
  return (
    <aside className="detail" aria-label="Credential details">
      <div className="detail-toolbar">
        <button type="button" className="button ghost" onClick={onClose} aria-label="Close details">
          ✕
        </button>
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
            {plain(detail.title)}
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
        <p className="description clip-block" dir="auto">
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

      {a && (a.name || a.description || a.criteria || a.type || a.fieldOfStudy) && (
        <Section title="Achievement">
          <dl className="fields">
            <Field label="Name">{a.name}</Field>
            <Field label="Type">{a.type}</Field>
            <Field label="Field of study">{a.fieldOfStudy}</Field>
            <Field label="Description">{a.description}</Field>
            <Field label="Criteria">{a.criteria}</Field>
          </dl>
        </Section>
      )}

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

      {detail.evidence.length > 0 && (
        <Section title="Evidence">
          <ul className="plain-list">
            {detail.evidence.map((ev, i) => (
              <li key={i} dir="auto" className="clip-lines">
                {plain(ev.name ?? ev.id ?? 'Evidence', 500)}
                {ev.description || ev.narrative ? (
                  <span className="muted"> — {plain(ev.description ?? ev.narrative)}</span>
                ) : null}
              </li>
            ))}
          </ul>
        </Section>
      )}

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

      {detail.children.length > 0 && (
        <Section title="Credentials in this bundle">
          <ul className="plain-list">
            {detail.children.map((child) => (
              <li key={child}>
                <button type="button" className="link-button" onClick={() => onSelect(child)}>
                  Credential #{child}
                </button>
              </li>
            ))}
          </ul>
        </Section>
      )}

      <Section title="Verification">
        <p className="muted">
          <TrustBadge text={label.text} tone={label.tone} /> Checked{' '}
          {formatDateTime(detail.report.checkedAt)}
        </p>
        <ul className="checks">
          {detail.report.checks.map((c, i) => {
            const cl = checkLabel(c.status);
            return (
              <li key={`${c.id}-${i}`} className="check">
                <TrustBadge text={cl.text} tone={cl.tone} />
                <span className="check-id">{c.id}</span>
                <span className="check-message" dir="auto">
                  {plain(c.message)}
                </span>
              </li>
            );
          })}
        </ul>
      </Section>

      <Section title="Original">
        <Original key={detail.id} id={detail.id} />
      </Section>
    </aside>
  );
}
