// The empty library explains what Skillfolio does and offers one click to see it with sample credentials.
import { useState } from 'react';
import type { SamplesResult } from '../../shared/contract';
import { invoke } from '../api';
import { TrustBadge } from './TrustBadge';

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

const LABELS = [
  { text: 'Verified', tone: 'good' },
  { text: 'Unverified', tone: 'neutral' },
  { text: 'Self-reported', tone: 'info' },
  { text: 'Expired', tone: 'warn' },
  { text: 'Revoked', tone: 'bad' },
  { text: 'Invalid', tone: 'bad' },
] as const;

export function FirstRun({
  onImport,
  onSamples,
}: {
  onImport: () => void;
  /** The samples are in: the library reloads and says what came in. */
  onSamples: (result: SamplesResult) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const trySamples = (): void => {
    setBusy(true);
    setError(null);
    invoke('library.importSamples', {})
      .then(onSamples)
      .catch((err: unknown) => setError(errorText(err)))
      .finally(() => setBusy(false));
  };

  return (
    <div className="empty first-run">
      <div className="empty-art" aria-hidden="true">
        ◇
      </div>
      <h2>Your library is empty</h2>
      <p>
        Skillfolio keeps your badges and certificates in one library on this computer, checks each
        one, and turns them into a résumé whose claims an employer can verify.
      </p>
      <ol className="first-run-steps">
        <li>
          <strong>Bring them in.</strong> Drop files, folders or a backpack ZIP anywhere on this
          window, choose files, or paste a credential’s JSON, a JWT or a link.
        </li>
        <li>
          <strong>Trust at a glance.</strong> Every credential gets one label from its checks:
          <span className="first-run-labels">
            {LABELS.map((l) => (
              <TrustBadge key={l.text} text={l.text} tone={l.tone} />
            ))}
          </span>
        </li>
        <li>
          <strong>Build a portfolio.</strong> Group credentials by skill for the role you want, and
          export a signed PDF or JSON-LD résumé.
        </li>
      </ol>
      <div className="actions first-run-actions">
        <button type="button" className="button primary" onClick={onImport} disabled={busy}>
          Import credentials
        </button>
        <button type="button" className="button secondary" onClick={trySamples} disabled={busy}>
          {busy ? 'Adding samples…' : 'Try it with sample credentials'}
        </button>
      </div>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <p className="muted">
        The samples are made-up credentials of a fictitious career changer, with a sample portfolio;
        delete them whenever you like. Open Badges 2.0 and 3.0, W3C Verifiable Credentials and CLR
        files are read on this computer, and nothing leaves it unless you export it.
      </p>
    </div>
  );
}
