// The app shell: a sidebar of screens, the current screen, and a window-wide drop target for imports.
import { useCallback, useEffect, useRef, useState } from 'react';
import { CurrentProfile } from './components/CurrentProfile';
import { ThemeSwitch } from './components/ThemeSwitch';
import { collectDropped } from './files';
import { ImportScreen } from './screens/ImportScreen';
import { LibraryScreen } from './screens/LibraryScreen';
import { PortfolioScreen } from './screens/PortfolioScreen';
import { ProfilesScreen } from './screens/ProfilesScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import { SkillsScreen } from './screens/SkillsScreen';
import { VerifyScreen } from './screens/VerifyScreen';
import { useImporter } from './use-importer';

type Screen = 'library' | 'import' | 'skills' | 'portfolios' | 'verify' | 'profiles' | 'settings';

const SCREENS: { id: Screen; label: string; icon: string }[] = [
  { id: 'library', label: 'Library', icon: '▤' },
  { id: 'import', label: 'Import', icon: '⇣' },
  { id: 'skills', label: 'Skills', icon: '◎' },
  { id: 'portfolios', label: 'Portfolios', icon: '▦' },
  { id: 'verify', label: 'Verify a file', icon: '✓' },
  { id: 'profiles', label: 'Profiles', icon: '◉' },
  { id: 'settings', label: 'Settings', icon: '⚙' },
];

function hasFiles(e: DragEvent): boolean {
  return Array.from(e.dataTransfer?.types ?? []).includes('Files');
}

export function App() {
  const [screen, setScreen] = useState<Screen>('library');
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [libraryVersion, setLibraryVersion] = useState(0);
  const [dragging, setDragging] = useState(false);
  const dragDepth = useRef(0);

  const refresh = useCallback(() => setLibraryVersion((v) => v + 1), []);
  const importer = useImporter(refresh);
  const { importFiles } = importer;

  // Another library (a profile switch, a restore): nothing selected in the old one stays selected.
  const switched = useCallback(() => {
    setSelectedId(null);
    refresh();
  }, [refresh]);

  const open = useCallback((id: number) => {
    setSelectedId(id);
    setScreen('library');
  }, []);

  // Files dropped anywhere go to the import; the window itself never navigates to a dropped file.
  useEffect(() => {
    const onDragEnter = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      dragDepth.current += 1;
      setDragging(true);
    };
    const onDragOver = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const onDragLeave = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      dragDepth.current = Math.max(0, dragDepth.current - 1);
      if (dragDepth.current === 0) setDragging(false);
    };
    const onDrop = (e: DragEvent): void => {
      e.preventDefault();
      dragDepth.current = 0;
      setDragging(false);
      if (!e.dataTransfer) return;
      setScreen('import');
      collectDropped(e.dataTransfer)
        .then((files) => (files.length > 0 ? importFiles(files) : undefined))
        .catch(() => undefined);
    };
    window.addEventListener('dragenter', onDragEnter);
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('dragleave', onDragLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onDragEnter);
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('dragleave', onDragLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, [importFiles]);

  return (
    <div className="app">
      <a
        className="skip-link"
        href="#content"
        onClick={(e) => {
          // Focus moves without touching the address (browser mode keeps its state there).
          e.preventDefault();
          document.getElementById('content')?.focus();
        }}
      >
        Skip to content
      </a>
      <div className="sidebar">
        <nav aria-label="Screens">
          <div className="brand">
            <span className="brand-mark" aria-hidden="true">
              ◆
            </span>
            Skillfolio
          </div>
          <ul>
            {SCREENS.map((s) => (
              <li key={s.id}>
                <button
                  type="button"
                  className={`nav-item${screen === s.id ? ' active' : ''}`}
                  aria-current={screen === s.id ? 'page' : undefined}
                  onClick={() => setScreen(s.id)}
                >
                  <span className="nav-icon" aria-hidden="true">
                    {s.icon}
                  </span>
                  {s.label}
                  {s.id === 'import' && importer.busy && (
                    <span className="nav-busy" role="img" aria-label="importing" />
                  )}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <CurrentProfile version={libraryVersion} onOpen={() => setScreen('profiles')} />
        <ThemeSwitch />
      </div>
      <main className="content" id="content" tabIndex={-1}>
        {screen === 'library' && (
          <LibraryScreen
            version={libraryVersion}
            selectedId={selectedId}
            onSelect={setSelectedId}
            onImport={() => setScreen('import')}
            onChanged={refresh}
          />
        )}
        {screen === 'import' && <ImportScreen importer={importer} onOpen={open} />}
        {screen === 'skills' && (
          <SkillsScreen
            version={libraryVersion}
            onChanged={refresh}
            onOpenCredential={open}
            onImport={() => setScreen('import')}
          />
        )}
        {screen === 'verify' && <VerifyScreen />}
        {screen === 'profiles' && (
          <ProfilesScreen
            version={libraryVersion}
            onSwitched={switched}
            onOpenLibrary={() => setScreen('library')}
          />
        )}
        {screen === 'settings' && <SettingsScreen onLibraryChanged={switched} />}
        {screen === 'portfolios' && (
          <PortfolioScreen version={libraryVersion} onImport={() => setScreen('import')} />
        )}
      </main>
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <div className="drop-overlay-card">Drop to import into your library</div>
        </div>
      )}
    </div>
  );
}
