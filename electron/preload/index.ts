// The whole bridge between page and main process: three functions, no logic, no state (bundled as CommonJS).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  IPC_CHANNELS,
  type AppEvent,
  type Bridge,
  type SaveFilesResult,
} from '../../src/shared/channels';
import type { Result } from '../../src/shared/errors';

const api: Bridge = {
  invoke: (method, input) =>
    ipcRenderer.invoke(IPC_CHANNELS.invoke, { method, input }) as Promise<Result<unknown>>,
  saveFiles: (request) =>
    ipcRenderer.invoke(IPC_CHANNELS.saveFiles, request) as Promise<Result<SaveFilesResult>>,
  on: (listener) => {
    const relay = (_event: IpcRendererEvent, payload: AppEvent): void => listener(payload);
    ipcRenderer.on(IPC_CHANNELS.event, relay);
    return () => {
      ipcRenderer.removeListener(IPC_CHANNELS.event, relay);
    };
  },
};

contextBridge.exposeInMainWorld('api', api);
