// Builds the three Electron bundles from this repo's layout (electron/ for main and preload, src/renderer for the UI).
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      // jose and base58-universal are ESM-only; bundling them keeps the CommonJS main bundle free of require(esm).
      externalizeDeps: { exclude: ['jose', 'base58-universal'] },
      rolldownOptions: {
        input: {
          index: resolve(root, 'electron/main/index.ts'),
          // The one kind of verification thread (src/verify/pool.ts looks for verify-worker.js beside
          // the main bundle): whole credentials and RDF canonicalisation both run there.
          'verify-worker': resolve(root, 'src/verify/pool-worker.ts'),
        },
        // A native addon: it must stay a real file that electron-builder can unpack from the asar.
        external: ['better-sqlite3'],
        // Code shared by both entries (the engine, the pool) sits beside them, not in chunks/: the
        // pool finds verify-worker.js through its own __dirname.
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      // A sandboxed preload can require only `electron`: everything else is bundled into one CommonJS file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'electron/preload/index.ts') },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src/renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: {
        input: { index: resolve(root, 'src/renderer/index.html') },
      },
    },
  },
});
