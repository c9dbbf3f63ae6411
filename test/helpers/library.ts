// Temporary libraries for tests: a real SQLite file in a fresh folder, and a way to snapshot what it holds.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSession, type Session, type SessionOptions } from '../../src/services/session';

export function tempDir(prefix = 'skillfolio-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function tempSession(opts: Partial<SessionOptions> = {}): Session {
  return openSession({ libraryDir: tempDir(), offline: true, ...opts });
}

/** Everything a user could see change: each credential's row and its original bytes. */
export function snapshot(session: Session): string {
  const rows = session.db
    .prepare('SELECT id, sha256, title, verdict, source, hex(original) AS original FROM credentials ORDER BY id')
    .all();
  return JSON.stringify(rows);
}
