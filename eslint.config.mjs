// Lint for the whole repo: house style (STYLE.md) plus ARCHITECTURE.md's layers, read from test/layers.json.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const table = JSON.parse(readFileSync(new URL('./test/layers.json', import.meta.url), 'utf8'));
const layerNames = Object.keys(table.layers);

// Specifiers are relative, so one block per folder depth turns "folder X" into the exact `../…/X` written there.
const MAX_DEPTH = 5;
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const builtinPattern = {
  regex: `^(node:.*|(${builtinModules
    .filter((name) => !name.startsWith('_'))
    .map(escape)
    .join('|')})(/.*)?)$`,
  caseSensitive: true,
};

/** no-restricted-imports options for a file `depth` folders below `layer`. */
function layerRule(layer, depth, isTest) {
  const rules = table.layers[layer];
  const dir = path.posix.join(layer, ...Array(depth).fill('x'));
  const allowed = [layer, ...rules.imports];
  const forbidden = [
    ...layerNames.filter((name) => !allowed.includes(name)),
    ...(isTest ? [] : ['test']),
  ];
  const where = `${layer} may import only ${allowed.join(', ')} (ARCHITECTURE.md, Layers; test/layers.json)`;
  const patterns = forbidden.map((target) => {
    const relative = escape(path.posix.relative(dir, target));
    // src/shared/errors is the one piece of shared every layer may use.
    const except = table.everywhere
      .filter((ok) => ok.startsWith(`${target}/`))
      .map((ok) => `(?!${escape(ok.slice(target.length))}$)`)
      .join('');
    return {
      regex: `^${relative}${except}(/|$)`,
      caseSensitive: true,
      message: target === 'test' ? 'Only *.test.ts files may import test/ helpers.' : where,
    };
  });
  const paths = table.electronOnlyIn.includes(layer)
    ? []
    : [
        {
          name: 'electron',
          message: 'Only electron/ may import electron (it crashes plain Node here).',
        },
      ];
  if (!isTest) {
    if (!rules.nodeBuiltins) {
      patterns.push({
        ...builtinPattern,
        message: `${layer} must run without Node: no Node built-ins.`,
      });
    }
    for (const name of rules.packages)
      paths.push({ name, message: `${layer} must not use ${name}.` });
  }
  return ['error', { paths, patterns }];
}

// `type` over `interface` (STYLE.md), except inside `declare global`/`declare module`, where merging needs one.
const noTopLevelInterface = [
  'Program > TSInterfaceDeclaration',
  'Program > ExportNamedDeclaration > TSInterfaceDeclaration',
].map((selector) => ({ selector, message: 'Use `type` instead of `interface` (STYLE.md).' }));
const noDefaultExport = {
  selector: 'ExportDefaultDeclaration',
  message: 'Use named exports (STYLE.md).',
};

const layerBlocks = layerNames.flatMap((layer) =>
  Array.from({ length: MAX_DEPTH + 1 }, (_, depth) => {
    const prefix = `${layer}/${'*/'.repeat(depth)}`;
    return [
      {
        files: [`${prefix}*.{ts,tsx}`],
        rules: { 'no-restricted-imports': layerRule(layer, depth, false) },
      },
      {
        files: [`${prefix}*.test.{ts,tsx}`],
        rules: { 'no-restricted-imports': layerRule(layer, depth, true) },
      },
    ];
  }).flat(),
);

export default defineConfig(
  {
    ignores: [
      'node_modules/',
      'out/',
      'dist/',
      'coverage/',
      'reports/',
      'test-results/',
      'playwright-report/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      eqeqeq: ['error', 'smart'],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.{ts,tsx,mts,cts}'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      'no-restricted-syntax': ['error', ...noTopLevelInterface],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}', 'electron/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': ['error', ...noTopLevelInterface, noDefaultExport],
    },
  },
  {
    // Code below the renderer also runs as CommonJS (the CLI, Electron's main bundle, Playwright's
    // loader), where a mere mention of import.meta turns the file into ESM and breaks loading.
    files: ['src/**/*.ts', 'electron/**/*.ts'],
    ignores: ['src/renderer/**', '**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...noTopLevelInterface,
        noDefaultExport,
        {
          selector: 'MetaProperty[meta.name="import"]',
          message: 'No import.meta here: this code also runs as CommonJS. Use __dirname.',
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['test/**', 'bench/**', 'scripts/**', '*.{ts,mjs,js}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              allowTypeImports: true,
              message: 'Only electron/ may import electron.',
            },
          ],
        },
      ],
    },
  },
  ...layerBlocks,
);
