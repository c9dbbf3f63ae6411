// Verify a file: drop or choose a credential or an exported résumé and read its report — nothing is imported.
import { useCallback, useEffect, useId, useRef, useState, type ChangeEvent } from 'react';
import type { FormatId } from '../../core/credential';
import { isIssuerHosted, type Check, type Verdict } from '../../core/verification';
import type { ExportVerification, VerifyResult } from '../../shared/contract';
import { invoke } from '../api';
import { CheckList } from '../components/CheckList';
import { TrustBadge } from '../components/TrustBadge';
import { collectDropped, fromFileList, MAX_FILE_BYTES, toSource, type PickedFile } from '../files';
import { formatDate, formatDateTime, formatLabel, trustLabel, type TrustLabel } from '../labels';
import { plain } from '../text';
import { routeFor } from '../verify-route';

/** Files checked from one drop: a report each; more would be an import, not a check. */
const MAX_FILES = 20;

type Item = {
  key: number;
  name: string;
  bytes: number;
} & (
  | { state: 'checking' }
  | { state: 'credential'; results: VerifyResult[] }
  | { state: 'export'; report: ExportVerification }
  | { state: 'failed'; message: string }
);

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** What a verdict means, in one sentence a person can act on. */
const MEANING: Record<Verdict, string> = {
  verified: 'The issuer’s signature checks out and nothing in it has changed since it was signed.',
  unverified:
    'Nothing here is wrong, but nothing proves who issued it either: see which checks could not run.',
  expired: 'It was issued correctly, but its validity period has ended.',
  'not-yet-valid': 'It was issued correctly, but it only becomes valid later.',
  suspended: 'The issuer has suspended it for now.',
  revoked: 'The issuer has revoked it.',
  invalid: 'A check failed: the content does not match its signature, or the issuer disowns it.',
  error: 'This file could not be read as a credential.',
};

const EXPORT_KINDS: Record<ExportVerification['kind'], string> = {
  pdf: 'Signed PDF résumé',
  presentation: 'Signed JSON-LD presentation',
  'presentation-jwt': 'Signed VC-JWT presentation',
};

function labelFor(verdict: Verdict, format: FormatId | null, checks: Check[]): TrustLabel {
  if (format === null) return { text: 'Unreadable', tone: 'bad' };
  return trustLabel(verdict, format, isIssuerHosted({ verdict, checks }));
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function hasFiles(e: DragEvent): boolean {
  return Array.from(e.dataTransfer?.types ?? []).includes('Files');
}

function CredentialReport({ result }: { result: VerifyResult }) {
  const label = labelFor(result.verdict, result.format, result.checks);
  const c = result.credential;
  return (
    <article className="verify-result" aria-label={c ? plain(c.title, 200) : 'Unreadable file'}>
      <header className="verify-result-head">
        <div className="verify-result-title">
          <h3 className="clip-lines" dir="auto">
            {c ? plain(c.title, 500) : 'Not a credential Skillfolio can read'}
          </h3>
          {c?.issuer && (
            <p className="muted clip" dir="auto">
              {plain(c.issuer, 500)}
            </p>
          )}
        </div>
        <TrustBadge text={label.text} tone={label.tone} />
      </header>
      <p className="verify-meaning">{MEANING[result.verdict]}</p>
      {(result.format || c?.issuedOn || c?.validUntil) && (
        <dl className="fields">
          {result.format && (
            <>
              <dt>Format</dt>
              <dd>{formatLabel(result.format)}</dd>
            </>
          )}
          {c?.issuedOn && (
            <>
              <dt>Issued</dt>
              <dd>{formatDate(c.issuedOn)}</dd>
            </>
          )}
          {c?.validUntil && (
            <>
              <dt>Valid until</dt>
              <dd>{formatDate(c.validUntil)}</dd>
            </>
          )}
        </dl>
      )}
      <CheckList checks={result.checks} />
    </article>
  );
}

function ExportReport({ report }: { report: ExportVerification }) {
  const label = trustLabel(report.verdict, 'vc');
  const good = report.credentials.filter((c) => c.verdict === 'verified').length;
  return (
    <article className="verify-result" aria-label={EXPORT_KINDS[report.kind]}>
      <header className="verify-result-head">
        <div className="verify-result-title">
          <h3>{EXPORT_KINDS[report.kind]}</h3>
          <p className="muted">
            {report.credentials.length === 0
              ? 'No credentials inside.'
              : `${report.credentials.length} ${report.credentials.length === 1 ? 'credential' : 'credentials'} inside, ${good} verified on their own.`}
          </p>
        </div>
        <TrustBadge text={label.text} tone={label.tone} />
      </header>
      <p className="verify-meaning">
        {report.verdict === 'verified'
          ? 'The holder’s signature is valid and covers the whole file: nothing in it has changed since it was signed.'
          : MEANING[report.verdict]}
      </p>
      <dl className="fields">
        {report.signer && (
          <>
            <dt>Signed by</dt>
            <dd dir="auto">
              {plain(report.signer.subject, 300)}
              {report.signer.selfSigned ? ' (a self-signed certificate)' : ''}
            </dd>
            {report.signer.signedAt && (
              <>
                <dt>Signed</dt>
                <dd>{formatDateTime(report.signer.signedAt)}</dd>
              </>
            )}
            <dt>Certificate</dt>
            <dd className="mono">{plain(report.signer.sha256Fingerprint, 200)}</dd>
          </>
        )}
        {report.holder && (
          <>
            <dt>Holder</dt>
            <dd className="mono">{plain(report.holder, 300)}</dd>
          </>
        )}
        {report.challenge && (
          <>
            <dt>Challenge</dt>
            <dd dir="auto">{plain(report.challenge, 300)}</dd>
          </>
        )}
        {report.domain && (
          <>
            <dt>Domain</dt>
            <dd dir="auto">{plain(report.domain, 300)}</dd>
          </>
        )}
        <dt>Checked</dt>
        <dd>{formatDateTime(report.checkedAt)}</dd>
      </dl>
      <h4 className="verify-subhead">The file’s own checks</h4>
      <CheckList checks={report.checks} label="The file’s own checks" />
      {report.credentials.length > 0 && (
        <>
          <h4 className="verify-subhead">Credentials inside</h4>
          <ul className="verify-inner" aria-label="Credentials inside">
            {report.credentials.map((c, i) => {
              const cl = trustLabel(c.verdict, 'vc');
              return (
                <li key={`${c.name}-${i}`}>
                  <details>
                    <summary>
                      <span className="clip" dir="auto">
                        {plain(c.name, 300)}
                      </span>
                      <TrustBadge text={cl.text} tone={cl.tone} />
                    </summary>
                    <CheckList checks={c.checks} label={`Checks of ${plain(c.name, 100)}`} />
                  </details>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </article>
  );
}

function Report({ item, onDismiss }: { item: Item; onDismiss: () => void }) {
  return (
    <section className="card verify-card" aria-label={`Report for ${plain(item.name, 200)}`}>
      <div className="verify-file">
        <span className="verify-file-name clip" dir="auto">
          {plain(item.name, 500)}
        </span>
        <span className="muted">{size(item.bytes)}</span>
        <button
          type="button"
          className="button ghost"
          onClick={onDismiss}
          aria-label={`Dismiss the report for ${plain(item.name, 200)}`}
        >
          ✕
        </button>
      </div>
      {item.state === 'checking' && (
        <p className="muted" role="status">
          Checking…
        </p>
      )}
      {item.state === 'failed' && (
        <p className="reason" role="alert">
          {item.message}
        </p>
      )}
      {item.state === 'credential' &&
        item.results.map((r, i) => <CredentialReport key={i} result={r} />)}
      {item.state === 'credential' && item.results.length === 0 && (
        <p className="muted">There was no credential in this file.</p>
      )}
      {item.state === 'export' && <ExportReport report={item.report} />}
    </section>
  );
}

export function VerifyScreen() {
  const [items, setItems] = useState<Item[]>([]);
  const [dragging, setDragging] = useState(false);
  const [note, setNote] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const next = useRef(1);
  const depth = useRef(0);
  const titleId = useId();

  const update = (key: number, patch: Partial<Item>): void =>
    setItems((list) => list.map((i) => (i.key === key ? ({ ...i, ...patch } as Item) : i)));

  const check = useCallback(async (picked: readonly PickedFile[]): Promise<void> => {
    const files = picked.slice(0, MAX_FILES);
    setNote(
      picked.length > MAX_FILES
        ? `Checked the first ${MAX_FILES} of ${picked.length} files; to take in more, use Import.`
        : '',
    );
    const queued = files.map((f) => ({
      key: next.current++,
      name: f.name,
      bytes: f.file.size,
      state: 'checking' as const,
    }));
    setItems((list) => [...[...queued].reverse(), ...list]);
    for (const [i, f] of files.entries()) {
      const key = queued[i]?.key ?? 0;
      if (f.file.size > MAX_FILE_BYTES) {
        update(key, {
          state: 'failed',
          message: `This file is larger than the ${MAX_FILE_BYTES / 1024 / 1024} MB a window can send; check it with "skillfolio verify" instead.`,
        });
        continue;
      }
      try {
        const bytes = new Uint8Array(await f.file.arrayBuffer());
        const source = await toSource(f);
        if (source.kind !== 'bytes') continue;
        if (routeFor(bytes) === 'export') {
          const report = await invoke('export.verify', {
            file: { name: source.name, base64: source.base64 },
          });
          update(key, { state: 'export', report });
        } else {
          const results = await invoke('credential.verify', { sources: [source] });
          update(key, { state: 'credential', results });
        }
      } catch (err) {
        update(key, { state: 'failed', message: errorText(err) });
      }
    }
  }, []);

  // While this screen is open, a file dropped anywhere is checked here, not imported: these
  // listeners run first (capture on window) and keep the drop from the window-wide import.
  useEffect(() => {
    const enter = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      e.stopPropagation();
      depth.current += 1;
      setDragging(true);
    };
    const over = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      e.stopPropagation();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      e.stopPropagation();
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setDragging(false);
    };
    const drop = (e: DragEvent): void => {
      e.preventDefault();
      e.stopPropagation();
      depth.current = 0;
      setDragging(false);
      if (!e.dataTransfer) return;
      collectDropped(e.dataTransfer)
        .then((files) => (files.length > 0 ? check(files) : undefined))
        .catch((err: unknown) => setNote(errorText(err)));
    };
    window.addEventListener('dragenter', enter, true);
    window.addEventListener('dragover', over, true);
    window.addEventListener('dragleave', leave, true);
    window.addEventListener('drop', drop, true);
    return () => {
      window.removeEventListener('dragenter', enter, true);
      window.removeEventListener('dragover', over, true);
      window.removeEventListener('dragleave', leave, true);
      window.removeEventListener('drop', drop, true);
    };
  }, [check]);

  const pick = (e: ChangeEvent<HTMLInputElement>): void => {
    const picked = e.target.files ? fromFileList(e.target.files) : [];
    e.target.value = '';
    if (picked.length > 0) check(picked).catch(() => undefined);
  };

  return (
    <div className="verify">
      <header className="screen-header">
        <div>
          <h1 id={titleId}>Verify a file</h1>
          <p className="muted">
            Check a credential, or a résumé exported by Skillfolio or other software, without adding
            it to your library.
          </p>
        </div>
      </header>

      <div className="verify-body">
        <section
          className={`card dropzone verify-drop${dragging ? ' dragging' : ''}`}
          aria-labelledby={`${titleId}-drop`}
        >
          <h2 id={`${titleId}-drop`} className="visually-hidden">
            A file to verify
          </h2>
          <div className="dropzone-body">
            <div className="drop-hint" aria-hidden="true">
              ✓
            </div>
            <p>Drop a file anywhere on this window to check it.</p>
            <p className="muted">
              Credentials (JSON, JWT, baked PNG or SVG badges, Blockcerts, Europass XML, PDF
              certificates) and exported résumés (signed PDF, JSON-LD or JWT presentations).
              Nothing is imported.
            </p>
            <input
              ref={input}
              type="file"
              multiple
              hidden
              onChange={pick}
              aria-label="Choose a file to verify"
            />
            <button type="button" className="button primary" onClick={() => input.current?.click()}>
              Choose a file…
            </button>
          </div>
        </section>

        <p className="notice info-notice" role="status">
          {note}
        </p>

        {items.length > 0 && (
          <div className="verify-reports">
            <div className="verify-reports-head">
              <h2>Reports</h2>
              <button type="button" className="button ghost" onClick={() => setItems([])}>
                Clear all
              </button>
            </div>
            {items.map((item) => (
              <Report
                key={item.key}
                item={item}
                onDismiss={() => setItems((list) => list.filter((i) => i.key !== item.key))}
              />
            ))}
          </div>
        )}
      </div>

      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <div className="drop-overlay-card">Drop to verify — nothing is imported</div>
        </div>
      )}
    </div>
  );
}
