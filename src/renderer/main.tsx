// Renderer entry: takes the browser-mode token out of the address bar, sets the chosen theme, then mounts the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initApi } from './api';
import { App } from './App';
import './styles.css';
import { applyTheme, storedTheme } from './theme';

initApi();
applyTheme(storedTheme(), false);
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
