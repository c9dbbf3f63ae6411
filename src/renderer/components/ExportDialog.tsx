// Exporting a portfolio: choose the formats, make and sign the files, save them, and check any of them with "Verify this file".
import { useId, useLayoutEffect, useRef, useState } from 'react';
import type {
  ExportedFile,
  ExportedFiles,
  ExportFormat,
  ExportVerification,
} from '../../shared/contract';
import { invoke, isBrowserMode } from '../api';
import { trustLabel, verdictLabel } from '../labels';
import { download, saveExported, type SaveOutcome } from '../save-exported';
import { plain } from '../text';
import { CheckList } from './CheckList';
import { ModalDialog } from './ModalDialog';
import { TrustBadge } from './TrustBadge';

const FORMATS: Array<{ id: ExportFormat; name: string; about: string }> = [
  {
    id: 'pdf',
    name: 'Signed PDF',
    about:
      'A résumé to read and print, with every credential attached and a digital signature over the whole file.',
  },
  {
    id: 'jsonld',
    name: 'Signed JSON-LD',
    about:
      'A Verifiable Presentation of your credentials, for portals that accept verifiable credentials.',
  },
  {
    id: 'jwt',
    name: 'VC-JWT',
    about: 'The same presentation as a signed JSON Web Token (vp+jwt).',
  },
  {
    id: 'jsonResume',
    name: 'JSON Resume',
    about: 'resume.json for the jsonresume.org themes and tools (not signed).',
  },
];

const KIND_LABELS: Record<ExportedFile['kind'], string> = {
  pdf: 'Signed PDF',
  jsonld: 'Signed JSON-LD presentation',
  jwt: 'Signed VC-JWT presentation',
  'json-resume': 'JSON Resume',
  original: 'Original credential (kept beside the presentation)',
};

/** The files "Verify this file" understands: our PDFs and presentations. */
const VERIFIABLE = new Set<ExportedFile['kind']>(['pdf', 'jsonld', 'jwt']);

type Phase = 'choose' | 'running' | 'done';
type Check =
  | { state: 'checking' }
  | { state: 'done'; report: ExportVerification }
  | { state: 'failed'; message: string };

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function Verification({ report }: { report: ExportVerification }) {
  const label = trustLabel(report.verdict, 'vc');
  const inside = report.credentials.length;
  const byVerdict = new Map<string, number>();
  for (const c of report.credentials) {
    const word = verdictLabel(c.verdict).toLowerCase();
    byVerdict.set(word, (byVerdict.get(word) ?? 0) + 1);
  }
  const skipped = report.checks.filter(
    (c) => c.id.startsWith('digest:') && c.status === 'skip',
  ).length;
  const tally = [...byVerdict.entries()].map(([word, n]) => `${n} ${word}`).join(', ');
  return (
    <div className="export-verify">
      <p className="verdict-line">
        <TrustBadge text={label.text} tone={label.tone} />
        <span>
          {report.verdict !== 'verified'
            ? `This file is ${verdictLabel(report.verdict).toLowerCase()}.`
            : report.kind === 'pdf'
              ? 'The signature is valid and covers the whole file.'
              : 'Your signature on the presentation is valid.'}
          {inside > 0 &&
            ` ${inside} ${inside === 1 ? 'credential' : 'credentials'} inside (your signed résumé among them): ${tally}.`}
        </span>
      </p>
      {skipped > 0 && (
        <p className="muted">
          {skipped === 1
            ? 'The original credential bound to it travels as a separate file and was'
            : `The ${skipped} original credentials bound to it travel as separate files and were`}{' '}
          not checked here: keep them in the same folder so a recipient can check them.
        </p>
      )}
      {report.signer && (
        <p className="muted clip" dir="auto">
          Signed by {plain(report.signer.subject, 200)}
          {report.signer.selfSigned ? ' (your own certificate)' : ''}
        </p>
      )}
      <details className="export-checks">
        <summary>Checks ({report.checks.length})</summary>
        <CheckList checks={report.checks} />
      </details>
    </div>
  );
}

export function ExportDialog({
  portfolio,
  onClose,
}: {
  portfolio: { id: number; name: string };
  onClose: () => void;
}) {
  const resultHeading = useRef<HTMLHeadingElement>(null);
  const [formats, setFormats] = useState<ExportFormat[]>(['pdf', 'jsonld']);
  const [challenge, setChallenge] = useState('');
  const [domain, setDomain] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [needsPassphrase, setNeedsPassphrase] = useState(false);
  const [phase, setPhase] = useState<Phase>('choose');
  const [step, setStep] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ExportedFiles | null>(null);
  const [saved, setSaved] = useState<SaveOutcome | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [checks, setChecks] = useState<Record<string, Check>>({});
  const titleId = useId();
  const base = useId();
  const browser = isBrowserMode();

  useLayoutEffect(() => {
    if (phase === 'done') resultHeading.current?.focus();
  }, [phase]);

  const save = (files: ExportedFile[]): void => {
    setSaveError(null);
    setStep('Saving the files…');
    saveExported(files)
      .then(setSaved)
      .catch((err: unknown) => setSaveError(errorText(err)))
      .finally(() => setStep(''));
  };

  const run = (): void => {
    setPhase('running');
    setError(null);
    setStep('Building and signing your files…');
    invoke('portfolio.exportFiles', {
      id: portfolio.id,
      formats: FORMATS.map((f) => f.id).filter((f) => formats.includes(f)),
      ...(challenge.trim() ? { challenge: challenge.trim() } : {}),
      ...(domain.trim() ? { domain: domain.trim() } : {}),
      ...(passphrase ? { passphrase } : {}),
    })
      .then((r) => {
        setResult(r);
        setPhase('done');
        save(r.files);
      })
      .catch((err: unknown) => {
        const message = errorText(err);
        if (/passphrase/i.test(message)) setNeedsPassphrase(true);
        setError(message);
        setPhase('choose');
        setStep('');
      });
  };

  const verify = (f: ExportedFile): void => {
    setChecks((c) => ({ ...c, [f.name]: { state: 'checking' } }));
    invoke('export.verify', { file: { name: f.name, base64: f.base64 } })
      .then((report) => setChecks((c) => ({ ...c, [f.name]: { state: 'done', report } })))
      .catch((err: unknown) =>
        setChecks((c) => ({ ...c, [f.name]: { state: 'failed', message: errorText(err) } })),
      );
  };

  const toggle = (f: ExportFormat, on: boolean): void =>
    setFormats((list) => (on ? [...list, f] : list.filter((x) => x !== f)));

  const running = phase === 'running';
  const mainFiles = result?.files.filter((f) => f.kind !== 'original') ?? [];
  const originals = result?.files.filter((f) => f.kind === 'original') ?? [];

  return (
    <ModalDialog
      className="dialog export-dialog"
      aria-labelledby={titleId}
      aria-busy={running}
      busy={running}
      onCancel={onClose}
    >
      <h2 id={titleId} className="clip-lines" dir="auto">
        Export “{plain(portfolio.name, 100)}”
      </h2>

      {phase !== 'done' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!running && formats.length > 0) run();
          }}
        >
          <fieldset className="format-list" disabled={running}>
            <legend className="field-label">Formats</legend>
            {FORMATS.map((f) => (
              <label key={f.id} className="format-option">
                <input
                  type="checkbox"
                  checked={formats.includes(f.id)}
                  onChange={(e) => toggle(f.id, e.target.checked)}
                  aria-describedby={`${base}-${f.id}`}
                />
                <span className="format-text">
                  <span className="format-name">{f.name}</span>
                  <span id={`${base}-${f.id}`} className="muted">
                    {f.about}
                  </span>
                </span>
              </label>
            ))}
          </fieldset>

          <div className="save-where">
            <span className="field-label">Where to save</span>
            {browser ? (
              <p className="muted">
                Into your browser&rsquo;s download folder (or wherever your browser asks). A JSON-LD
                or VC-JWT export comes with the original credentials it is bound to: keep them in
                the same folder.
              </p>
            ) : (
              <p className="muted">
                You choose where once the files are made; the original credentials a presentation is
                bound to are saved beside it.
              </p>
            )}
          </div>

          <details className="export-options">
            <summary>Presentation options</summary>
            <p className="muted">
              If a portal gave you a challenge or a domain, the signed presentation records them so
              it cannot be reused elsewhere.
            </p>
            <div className="field-grid">
              <div className="field">
                <label className="field-label" htmlFor={`${base}-challenge`}>
                  Challenge
                </label>
                <input
                  id={`${base}-challenge`}
                  className="text-input"
                  value={challenge}
                  maxLength={512}
                  autoComplete="off"
                  disabled={running}
                  onChange={(e) => setChallenge(e.target.value)}
                />
              </div>
              <div className="field">
                <label className="field-label" htmlFor={`${base}-domain`}>
                  Domain
                </label>
                <input
                  id={`${base}-domain`}
                  className="text-input"
                  value={domain}
                  maxLength={512}
                  autoComplete="off"
                  disabled={running}
                  onChange={(e) => setDomain(e.target.value)}
                />
              </div>
            </div>
          </details>

          {needsPassphrase && (
            <div className="field">
              <label className="field-label" htmlFor={`${base}-passphrase`}>
                Passphrase of your signing keys
              </label>
              <input
                id={`${base}-passphrase`}
                className="text-input"
                type="password"
                value={passphrase}
                maxLength={1024}
                autoComplete="off"
                disabled={running}
                onChange={(e) => setPassphrase(e.target.value)}
              />
            </div>
          )}

          {running && (
            <div className="progress export-progress" role="status">
              <span>{step}</span>
              <progress aria-label="Exporting" />
            </div>
          )}
          {error && (
            <p className="error-text" role="alert">
              {error}
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" className="button secondary" onClick={onClose} disabled={running}>
              Cancel
            </button>
            <button
              type="submit"
              className="button primary"
              disabled={running || formats.length === 0}
            >
              {running ? 'Exporting…' : 'Export'}
            </button>
          </div>
        </form>
      )}

      {phase === 'done' && result && (
        <div className="export-result">
          <h3 ref={resultHeading} tabIndex={-1} className="result-title">
            {mainFiles.length} {mainFiles.length === 1 ? 'file' : 'files'} exported
            {originals.length > 0 &&
              `, with ${originals.length} original ${originals.length === 1 ? 'credential' : 'credentials'}`}
          </h3>
          <p className="export-saved" role="status">
            {step ||
              (saved === null
                ? ''
                : saved.where === 'downloads'
                  ? `Downloaded to your browser’s download folder: ${saved.names.join(', ')}.`
                  : saved.where === 'folder'
                    ? `Saved: ${saved.paths.join(', ')}.`
                    : 'Not saved yet: you closed the save dialog.')}
          </p>
          {saveError && (
            <p className="error-text" role="alert">
              Could not save the files: {saveError}
            </p>
          )}
          {saved?.where === 'nowhere' && (
            <button type="button" className="button secondary" onClick={() => save(result.files)}>
              Save the files…
            </button>
          )}

          <ul className="export-files" aria-label="Exported files">
            {mainFiles.map((f) => {
              const check = checks[f.name];
              return (
                <li key={f.name} className="export-file">
                  <div className="export-file-row">
                    <div className="export-file-main">
                      <span className="export-file-name clip" dir="auto">
                        {f.name}
                      </span>
                      <span className="muted">
                        {KIND_LABELS[f.kind]} · {size(f.bytes)}
                      </span>
                    </div>
                    {VERIFIABLE.has(f.kind) && (
                      <button
                        type="button"
                        className="button secondary small"
                        disabled={check?.state === 'checking'}
                        aria-label={`Verify this file: ${f.name}`}
                        onClick={() => verify(f)}
                      >
                        {check?.state === 'checking' ? 'Checking…' : 'Verify this file'}
                      </button>
                    )}
                    {browser && (
                      <button
                        type="button"
                        className="button ghost small"
                        aria-label={`Download again: ${f.name}`}
                        onClick={() => download(f)}
                      >
                        Download again
                      </button>
                    )}
                  </div>
                  <div aria-live="polite">
                    {check?.state === 'done' && <Verification report={check.report} />}
                    {check?.state === 'failed' && (
                      <p className="error-text inline">Could not check it: {check.message}</p>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
          {originals.length > 0 && (
            <p className="muted">
              Kept beside the presentation, so a recipient can check them against its signed
              digests: {originals.map((f) => f.name).join(', ')}.
            </p>
          )}

          {result.warnings.length > 0 && (
            <div className="export-warnings">
              <h4>Good to know</h4>
              <ul>
                {result.warnings.map((w, i) => (
                  <li key={i} dir="auto">
                    {plain(w, 1000)}
                  </li>
                ))}
              </ul>
            </div>
          )}

          {result.credentials.length > 0 && (
            <details className="export-linkedin">
              <summary>Add your credentials to LinkedIn</summary>
              <ul className="plain-list">
                {result.credentials.map((c) => (
                  <li key={c.id} className="clip">
                    <a href={c.linkedIn} target="_blank" rel="noopener noreferrer" dir="auto">
                      Add “{plain(c.title, 120)}” to LinkedIn
                    </a>
                  </li>
                ))}
              </ul>
            </details>
          )}

          <p className="muted holder">
            Signed as <span className="mono clip">{result.holder.did}</span>
          </p>

          <div className="dialog-actions">
            <button
              type="button"
              className="button secondary"
              onClick={() => {
                setPhase('choose');
                setResult(null);
                setSaved(null);
                setChecks({});
              }}
            >
              Export again
            </button>
            <button type="button" className="button primary" onClick={onClose}>
              Done
            </button>
          </div>
        </div>
      )}
    </ModalDialog>
  );
}
