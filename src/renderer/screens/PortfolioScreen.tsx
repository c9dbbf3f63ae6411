// The portfolio builder: pick or make a portfolio, write its header, arrange its credentials, watch the résumé take shape beside it, export it.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PortfolioListItem, PortfolioView } from '../../core/portfolio-view';
import { invoke } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ExportDialog } from '../components/ExportDialog';
import { PortfolioFields } from '../components/PortfolioFields';
import { PortfolioPreview } from '../components/PortfolioPreview';
import { PortfolioSections } from '../components/PortfolioSections';
import { ScreenNotices } from '../components/ScreenNotices';
import { TextDialog } from '../components/TextDialog';
import { plain } from '../text';

const CHOSEN_KEY = 'skillfolio.portfolio';

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));
const quoted = (text: string, max = 80): string => `“${plain(text, max)}”`;

function storedChoice(): number | null {
  try {
    const v = Number(localStorage.getItem(CHOSEN_KEY));
    return Number.isInteger(v) && v > 0 ? v : null;
  } catch {
    return null;
  }
}

function remember(id: number | null): void {
  try {
    if (id === null) localStorage.removeItem(CHOSEN_KEY);
    else localStorage.setItem(CHOSEN_KEY, String(id));
  } catch {
    // Not remembered in a private window; the choice still holds for now.
  }
}

type Dialog = 'new' | 'rename' | 'delete' | 'export' | null;

export function PortfolioScreen({ version, onImport }: { version: number; onImport: () => void }) {
  const [list, setList] = useState<PortfolioListItem[] | null>(null);
  const [chosen, setChosen] = useState<number | null>(storedChoice);
  const [view, setView] = useState<PortfolioView | null>(null);
  const [previewVersion, setPreviewVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState(false);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const [libraryEmpty, setLibraryEmpty] = useState(false);
  const [listVersion, setListVersion] = useState(0);
  const exportButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    let live = true;
    invoke('portfolio.list', {})
      .then((l) => {
        if (!live) return;
        setList(l);
        setChosen((c) => (c !== null && l.some((p) => p.id === c) ? c : (l[0]?.id ?? null)));
      })
      .catch((err: unknown) => {
        if (live) setError(errorText(err));
      });
    invoke('library.list', { limit: 1 })
      .then((page) => {
        if (live) setLibraryEmpty(page.total === 0);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [version, listVersion]);

  useEffect(() => {
    remember(chosen);
    if (chosen === null) {
      setView(null);
      return;
    }
    let live = true;
    invoke('portfolio.get', { id: chosen })
      .then((v) => {
        if (!live) return;
        setView(v);
        setPreviewVersion((n) => n + 1);
      })
      .catch((err: unknown) => {
        if (live) setError(errorText(err));
      });
    return () => {
      live = false;
    };
  }, [chosen, version]);

  /** Every edit answers with the portfolio as it now is: show it, and redraw the preview. */
  const changed = useCallback((v: PortfolioView) => {
    setView(v);
    setError(null);
    setNotice('');
    setPreviewVersion((n) => n + 1);
  }, []);

  const open = (d: Dialog): void => {
    setDialogError(null);
    setDialog(d);
  };

  const act = (run: () => Promise<string>): void => {
    setBusy(true);
    setDialogError(null);
    run()
      .then((message) => {
        setNotice(message);
        setDialog(null);
        setListVersion((n) => n + 1);
      })
      .catch((err: unknown) => {
        if (dialog === null) setError(errorText(err));
        else setDialogError(errorText(err));
      })
      .finally(() => setBusy(false));
  };

  const create = (name: string): void =>
    act(async () => {
      const v = await invoke('portfolio.create', { name });
      setChosen(v.id);
      return `Created ${quoted(v.name)}. Fill in your details and add credentials.`;
    });

  const duplicate = (): void => {
    if (!view) return;
    act(async () => {
      const v = await invoke('portfolio.duplicate', { id: view.id });
      setChosen(v.id);
      return `Made ${quoted(v.name)}, a copy of ${quoted(view.name)} to tailor for another role.`;
    });
  };

  const header = (
    <header className="screen-header portfolio-header">
      <div>
        <h1 id="portfolio-title">Portfolios</h1>
        <p className="muted count">
          {list && list.length > 0
            ? `${list.length} ${list.length === 1 ? 'portfolio' : 'portfolios'}`
            : ''}
        </p>
      </div>
      {list && list.length > 0 && (
        <div className="header-actions">
          <label className="portfolio-choice">
            <span className="visually-hidden">Portfolio</span>
            <select
              className="select-input"
              value={chosen ?? ''}
              onChange={(e) => {
                setNotice('');
                setChosen(Number(e.target.value));
              }}
            >
              {list.map((p) => (
                <option key={p.id} value={p.id}>
                  {plain(p.name, 80)}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="button secondary" onClick={() => open('new')}>
            New…
          </button>
          <button
            type="button"
            className="button ghost"
            disabled={!view}
            onClick={() => open('rename')}
          >
            Rename…
          </button>
          <button
            type="button"
            className="button ghost"
            disabled={!view || busy}
            onClick={duplicate}
          >
            Duplicate
          </button>
          <button
            type="button"
            className="button ghost danger-text"
            disabled={!view}
            onClick={() => open('delete')}
          >
            Delete…
          </button>
          <button
            ref={exportButton}
            type="button"
            className="button primary"
            disabled={!view}
            onClick={() => open('export')}
          >
            Export…
          </button>
        </div>
      )}
    </header>
  );

  return (
    <div className="portfolio" aria-labelledby="portfolio-title" role="region">
      {header}
      <ScreenNotices notice={notice} error={error} />

      {list !== null && list.length === 0 && (
        <div className="empty">
          <div className="empty-art" aria-hidden="true">
            ▦
          </div>
          <h2>Build your first portfolio</h2>
          <p>
            A portfolio is a résumé for one role, made of the credentials that prove you fit it:
            grouped by skill, in the order you choose, with your own summary and notes. Export it as
            a signed PDF an employer can check, or as a verifiable presentation.
          </p>
          {libraryEmpty && (
            <p className="muted">
              Your library is empty: import your badges and certificates first, then come back.
            </p>
          )}
          <div className="actions">
            {libraryEmpty && (
              <button type="button" className="button primary" onClick={onImport}>
                Import credentials
              </button>
            )}
            <button
              type="button"
              className={`button ${libraryEmpty ? 'secondary' : 'primary'}`}
              onClick={() => open('new')}
            >
              New portfolio…
            </button>
          </div>
        </div>
      )}

      {view && (
        <div className="portfolio-body">
          <div className="portfolio-editor" aria-label="Editor" role="region">
            <PortfolioFields key={view.id} view={view} onSaved={(v) => changed(v)} />
            <PortfolioSections
              key={`sections-${view.id}`}
              view={view}
              version={version}
              onChanged={(v) => changed(v)}
            />
          </div>
          <div className="portfolio-preview" role="region" aria-label="Live preview">
            <div className="preview-caption">
              <span className="field-label">Live preview</span>
              <span className="muted">Page 1 of the PDF, as an employer will read it</span>
            </div>
            <PortfolioPreview id={view.id} version={previewVersion} />
          </div>
        </div>
      )}

      {dialog === 'new' && (
        <TextDialog
          title="New portfolio"
          label="Name (e.g. the role it is for)"
          submit="Create"
          busy={busy}
          error={dialogError}
          onCancel={() => setDialog(null)}
          onSubmit={create}
        >
          <p className="muted">You can make several, one for each kind of job you apply for.</p>
        </TextDialog>
      )}

      {dialog === 'rename' && view && (
        <TextDialog
          title={`Rename ${quoted(view.name, 60)}`}
          label="New name"
          initial={view.name}
          submit="Rename"
          busy={busy}
          error={dialogError}
          onCancel={() => setDialog(null)}
          onSubmit={(name) =>
            act(async () => {
              const v = await invoke('portfolio.update', { id: view.id, name });
              changed(v);
              return `Renamed to ${quoted(v.name)}.`;
            })
          }
        />
      )}

      {dialog === 'delete' && view && (
        <ConfirmDialog
          title={`Delete ${quoted(view.name, 60)}?`}
          confirm="Delete portfolio"
          busy={busy}
          error={dialogError}
          onCancel={() => setDialog(null)}
          onConfirm={() =>
            act(async () => {
              const r = await invoke('portfolio.delete', { id: view.id });
              setChosen(null);
              return `Deleted the portfolio ${quoted(r.deleted.name)}. Its credentials are still in your library.`;
            })
          }
        >
          <p>
            The portfolio, its sections and notes are removed. The credentials stay in your library,
            and files you exported are not touched.
          </p>
        </ConfirmDialog>
      )}

      {dialog === 'export' && view && (
        <ExportDialog
          portfolio={{ id: view.id, name: view.name }}
          onClose={() => setDialog(null)}
        />
      )}
    </div>
  );
}
