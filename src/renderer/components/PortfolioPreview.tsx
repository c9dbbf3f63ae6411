// The résumé as its first PDF page will read, redrawn from the portfolio's export snapshot after every edit.
import { useEffect, useState } from 'react';
import type { PortfolioPreviewData } from '../../core/portfolio';
import type { Tone } from '../../core/labels';
import { isIssuerHosted } from '../../core/verification';
import { invoke } from '../api';
import { formatDate, trustLabel } from '../labels';
import { plain } from '../text';
import { BadgeImage } from './BadgeImage';

/** Edits come in bursts (typing, a drag): wait for a pause before asking for a new snapshot. */
const REFRESH_DELAY_MS = 200;
const TONE_ORDER: Tone[] = ['good', 'info', 'neutral', 'warn', 'bad'];

type Row = {
  id: number;
  title: string;
  issuer: string | null;
  issuedOn: string | null;
  hasImage: boolean;
  trust: { text: string; tone: Tone };
  note: string | null;
};

/** Sections as the PDF lays them out: entries whose credential is gone are left out, as the export leaves them out. */
function readSnapshot(s: PortfolioPreviewData) {
  const sections = s.portfolio.sections.map((section) => ({
    id: section.id,
    title: section.title,
    rows: section.entries.flatMap((e): Row[] => {
      const c = s.credentials[e.credentialId];
      if (!c) return [];
      const d = c.detail;
      return [
        {
          id: d.id,
          title: d.title,
          issuer: d.issuerName,
          issuedOn: d.issuedOn,
          hasImage: d.hasImage,
          trust: trustLabel(d.verdict, d.format, isIssuerHosted(d.report)),
          note: e.note,
        },
      ];
    }),
  }));
  const counts = new Map<string, { n: number; tone: Tone }>();
  const seen = new Set<number>();
  for (const row of sections.flatMap((x) => x.rows)) {
    if (seen.has(row.id)) continue;
    seen.add(row.id);
    const e = counts.get(row.trust.text) ?? { n: 0, tone: row.trust.tone };
    e.n++;
    counts.set(row.trust.text, e);
  }
  const tally = [...counts.entries()].sort(
    (a, b) => TONE_ORDER.indexOf(a[1].tone) - TONE_ORDER.indexOf(b[1].tone),
  );
  return { sections, tally, total: seen.size };
}

function hostOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return url;
  }
}

export function PortfolioPreview({ id, version }: { id: number; version: number }) {
  const [snapshot, setSnapshot] = useState<PortfolioPreviewData | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      invoke('portfolio.preview', { id })
        .then((s) => {
          if (!live) return;
          setSnapshot(s);
          setError(null);
        })
        .catch((err: unknown) => {
          if (live) setError(err instanceof Error ? err.message : String(err));
        });
    }, REFRESH_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [id, version]);

  if (error) {
    return (
      <p className="error-text" role="alert">
        The preview could not be made: {error}
      </p>
    );
  }
  if (!snapshot || snapshot.portfolio.id !== id) {
    return <p className="muted preview-loading">Preparing the preview…</p>;
  }

  const p = snapshot.portfolio;
  const { sections, tally, total } = readSnapshot(snapshot);
  const contacts = [
    ...(p.email ? [plain(p.email, 200)] : []),
    ...p.links.slice(0, 4).map((l) => plain(hostOf(l), 60)),
  ];
  return (
    <article className="paper" aria-label={`Résumé preview: ${plain(p.personName || p.name, 100)}`}>
      <header className="paper-header">
        <div className="paper-person">
          <h2 className="paper-name" dir="auto">
            {p.personName ? (
              plain(p.personName, 120)
            ) : (
              <span className="paper-missing">Your name</span>
            )}
          </h2>
          {p.headline && (
            <p className="paper-headline" dir="auto">
              {plain(p.headline, 300)}
            </p>
          )}
          {contacts.length > 0 && (
            <p className="paper-contacts" dir="auto">
              {contacts.join('  ·  ')}
            </p>
          )}
          {p.targetRole && (
            <p className="paper-role" dir="auto">
              <strong>Target role:</strong> {plain(p.targetRole, 200)}
            </p>
          )}
        </div>
        {total > 0 && (
          <div className="paper-panel">
            <span className="paper-panel-label">Credentials</span>
            <strong>{total} in this résumé</strong>
            <ul>
              {tally.map(([label, { n, tone }]) => (
                <li key={label} className={`paper-tone-${tone}`}>
                  {n} {label.toLowerCase()}
                </li>
              ))}
            </ul>
            <span className="paper-panel-label">Checked in the appendix</span>
          </div>
        )}
      </header>
      {p.summary && (
        <p className="paper-summary" dir="auto">
          {plain(p.summary, 3000)}
        </p>
      )}
      {snapshot.skills.length > 0 && (
        <p className="paper-skills" dir="auto">
          <strong>Skills:</strong> {snapshot.skills.map((s) => plain(s.name, 80)).join(' · ')}
        </p>
      )}
      <hr className="paper-rule" />
      {total === 0 && (
        <p className="paper-empty">No credentials have been added to this portfolio yet.</p>
      )}
      {sections
        .filter((s) => s.rows.length > 0)
        .map((s) => (
          <section key={s.id} className="paper-section">
            <h3 className="paper-section-title" dir="auto">
              {plain(s.title, 200)}
              <span className="paper-section-count">
                {s.rows.length} credential{s.rows.length === 1 ? '' : 's'}
              </span>
            </h3>
            <ul className="paper-rows">
              {s.rows.map((r) => (
                <li key={r.id} className="paper-row">
                  <BadgeImage
                    id={r.id}
                    hasImage={r.hasImage}
                    title={plain(r.title, 200)}
                    size="small"
                  />
                  <div className="paper-row-main">
                    <span className="paper-row-title" dir="auto">
                      {plain(r.title, 300)}
                    </span>
                    <span className="paper-row-meta" dir="auto">
                      {[
                        r.issuer ? plain(r.issuer, 160) : 'Issuer not stated',
                        formatDate(r.issuedOn),
                      ]
                        .filter((x) => x !== '')
                        .join('  ·  ')}
                    </span>
                    {r.note && (
                      <span className="paper-row-note" dir="auto">
                        “{plain(r.note, 400)}”
                      </span>
                    )}
                  </div>
                  <span className={`paper-pill paper-tone-${r.trust.tone}`}>{r.trust.text}</span>
                </li>
              ))}
            </ul>
          </section>
        ))}
      <p className="paper-foot">
        Then an appendix: every credential with its verification report, a QR code and a link to
        check it.
      </p>
    </article>
  );
}
