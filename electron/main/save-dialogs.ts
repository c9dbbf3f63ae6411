// The native dialogs behind the save-files channel: where to save, and whether to replace files already there.
import fs from 'node:fs';
import path from 'node:path';
import { app, dialog, type BrowserWindow } from 'electron';
import type { SaveDialogs } from './save-files';

const FILTERS: Record<string, { name: string; extensions: string[] }> = {
  '.pdf': { name: 'PDF document', extensions: ['pdf'] },
  '.json': { name: 'JSON', extensions: ['json'] },
  '.jwt': { name: 'JSON Web Token', extensions: ['jwt'] },
};

export function electronSaveDialogs(window: () => BrowserWindow | null): SaveDialogs {
  return {
    chooseTarget: async (suggested, others) => {
      const win = window();
      const filter = FILTERS[path.extname(suggested).toLowerCase()];
      const options: Electron.SaveDialogOptions = {
        title: others.length > 0 ? `Save the export (${others.length + 1} files)` : 'Save',
        defaultPath: path.join(app.getPath('downloads'), suggested),
        buttonLabel: 'Save',
        ...(others.length > 0
          ? {
              message: `The other ${others.length} file(s) are saved beside it: ${others.join(', ')}`,
            }
          : {}),
        filters: [...(filter ? [filter] : []), { name: 'All files', extensions: ['*'] }],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      };
      const result = win
        ? await dialog.showSaveDialog(win, options)
        : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    confirmReplace: async (names) => {
      const win = window();
      const options: Electron.MessageBoxOptions = {
        type: 'question',
        buttons: ['Replace', 'Cancel'],
        defaultId: 1,
        cancelId: 1,
        message: `Replace ${names.length === 1 ? 'a file' : `${names.length} files`} in that folder?`,
        detail: `These files are already there and would be replaced:\n${names.join('\n')}`,
      };
      const result = win
        ? await dialog.showMessageBox(win, options)
        : await dialog.showMessageBox(options);
      return result.response === 0;
    },
    exists: (p) => fs.existsSync(p),
  };
}
