// Proves ARCHITECTURE.md's layer table on every source file, including the imports a lint rule cannot see.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import table from './layers.json';

type Layer = { imports: string[]; nodeBuiltins: boolean; packages: string[] };

const root = path.resolve(import.meta.dirname, '..');
const layers: Record<string, Layer> = table.layers;
const layerNames = Object.keys(layers).sort((a, b) => b.length - a.length); // longest prefix first
const builtins = new Set(builtinModules);

const isTestFile = (file: string): boolean => /\.test\.tsx?$/.test(file);

/** The layer folder a repo-relative path belongs to, if any. */
function layerOf(file: string): string | undefined {
  return layerNames.find((name) => file === name || file.startsWith(`${name}/`));
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/** Every module specifier in a file: static imports, re-exports, import(), require() — comments and strings ignored. */
function specifiersOf(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((ref) => ref.fileName);
}

/** Why `specifier`, imported from the repo-relative `file` in layer `from`, breaks the layer table (undefined when it is fine). */
function violation(file: string, from: string, specifier: string): string | undefined {
  const layer = layers[from];
  if (!layer)
    return `${file} is in no layer: add its folder to test/layers.json and ARCHITECTURE.md`;
  const test = isTestFile(file);

  if (!specifier.startsWith('.')) {
    const name = packageName(specifier);
    if (name === 'electron' && !table.electronOnlyIn.includes(from)) {
      return `${file} imports electron: only electron/ may (it crashes plain Node here)`;
    }
    if (test) return undefined;
    if ((specifier.startsWith('node:') || builtins.has(name)) && !layer.nodeBuiltins) {
      return `${file} imports the Node built-in ${specifier}: ${from} must run without Node`;
    }
    if (layer.packages.includes(name)) return `${file} imports ${name}, which ${from} must not use`;
    return undefined;
  }

  const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
  if (target.startsWith('../')) return `${file} imports ${specifier}, outside the repository`;
  if (test && table.testFiles.alsoImport.some((dir) => target.startsWith(`${dir}/`)))
    return undefined;
  if (table.everywhere.includes(target)) return undefined;
  const to = layerOf(target);
  if (!to) {
    const top = target.split('/')[0];
    if (top === 'src' || top === 'electron')
      return `${file} imports ${specifier}, which is in no layer`;
    if (top === 'test') return `${file} imports test code (${specifier}) outside a test`;
    return undefined; // resources/, package.json: data anyone may read
  }
  if (to === from || layer.imports.includes(to)) return undefined;
  return `${file} imports ${specifier}: ${from} may import only ${[from, ...layer.imports].join(', ')} (ARCHITECTURE.md, Layers)`;
}

function violationsIn(file: string, source: string): string[] {
  const from = layerOf(file);
  if (!from)
    return [`${file} is in no layer: add its folder to test/layers.json and ARCHITECTURE.md`];
  return specifiersOf(source).flatMap((specifier) => violation(file, from, specifier) ?? []);
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(path.join(root, dir))) return [];
  return readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter(
      (entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts'),
    )
    .map((entry) =>
      path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'),
    );
}

describe('the layer checker', () => {
  it.each([
    ['src/core/a.ts', `import { openLibrary } from '../db/open';`],
    ['src/core/a.ts', `import { readFileSync } from 'node:fs';`],
    ['src/core/a.ts', `import { readFileSync } from 'fs';`],
    ['src/core/a.ts', `const db = await import('../db/open');`],
    ['src/core/sub/a.ts', `import type { Credential } from '../../formats/ob2';`],
    ['src/formats/a.ts', `import { ipcMain } from 'electron';`],
    ['src/formats/a.ts', `import { Method } from '../shared/contract';`],
    ['src/db/a.ts', `export { verify } from '../verify/proof';`],
    ['src/renderer/a.tsx', `import Database from 'better-sqlite3';`],
    ['src/renderer/a.tsx', `import { importSources } from '../services/import';`],
    ['src/cli/a.ts', `const { openLibrary } = require('../db/open');`],
    ['src/services/a.ts', `import { HELP } from '../cli/run';`],
    ['src/export/a.ts', `import { insertCredential } from '../db/credentials';`],
    ['src/verify/a.ts', `import { fixture } from '../../test/helpers/fixtures';`],
    ['electron/preload/index.ts', `import { openSession } from '../../src/services/session';`],
    ['src/stray/a.ts', `export const x = 1;`],
  ])('catches a violation in %s: %s', (file, source) => {
    expect(violationsIn(file, source)).toHaveLength(1);
  });

  it.each([
    ['src/core/a.ts', `import type { Verdict } from './verification';`],
    ['src/core/a.ts', `import { AppError } from '../shared/errors';`],
    ['src/core/a.ts', `// import { readFileSync } from 'node:fs';\nconst s = "import 'electron'";`],
    [
      'src/core/a.test.ts',
      `import fs from 'node:fs';\nimport { f } from '../../test/helpers/fixtures';`,
    ],
    [
      'src/formats/png/a.ts',
      `import { inflateSync } from 'node:zlib';\nimport type { Credential } from '../../core/credential';`,
    ],
    [
      'src/export/a.ts',
      `import { verifyJws } from '../verify/jws';\nimport { PDFDocument } from 'pdf-lib';`,
    ],
    [
      'src/services/a.ts',
      `import { openLibrary } from '../db/open';\nimport { exportPdf } from '../export/pdf';`,
    ],
    [
      'src/renderer/app.tsx',
      `import { useState } from 'react';\nimport type { Method } from '../shared/contract';`,
    ],
    [
      'src/host/a.ts',
      `import { dispatch } from '../services/dispatch';\nimport { createServer } from 'node:http';`,
    ],
    [
      'electron/main/index.ts',
      `import { app } from 'electron';\nimport { openSession } from '../../src/services/session';`,
    ],
    [
      'electron/preload/index.ts',
      `import { contextBridge } from 'electron';\nimport { IPC_CHANNELS } from '../../src/shared/channels';`,
    ],
  ])('allows %s: %s', (file, source) => {
    expect(violationsIn(file, source)).toEqual([]);
  });
});

describe('the source tree', () => {
  const files = [...sourceFiles('src'), ...sourceFiles('electron')];

  it('is scanned', () => {
    expect(files).toContain('src/core/credential.ts');
  });

  it('follows the layer table', () => {
    const found = files.flatMap((file) =>
      violationsIn(file, readFileSync(path.join(root, file), 'utf8')),
    );
    expect(found).toEqual([]);
  });
});
