#!/usr/bin/env node
// The `skillfolio` command: runs the TypeScript CLI entry in place through tsx, so there is no separate CLI build.
'use strict';

const path = require('node:path');

const root = path.join(__dirname, '..');
// Compile with the project's tsconfig, not whatever tsconfig sits in the caller's working directory.
process.env.TSX_TSCONFIG_PATH ??= path.join(root, 'tsconfig.json');
// The CommonJS hook: it also loads ESM-only packages such as jose. Entry modules must not use top-level await.
require('tsx/cjs/api').register();

// src/cli/main.ts is an entry script: it reads process.argv.slice(2) and stdin, and sets process.exitCode.
require(path.join(root, 'src', 'cli', 'main.ts'));
