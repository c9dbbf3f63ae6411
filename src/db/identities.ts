// The user's identities in the library: added, listed, removed; read by verification for recipient matching.
import type { Identity, IdentityInput, IdentityKind } from '../core/identity';
import type { Db } from './open';
import { statement } from './statements';

type Row = { id: number; kind: IdentityKind; value: string; added_at: string };

function toIdentity(r: Row): Identity {
  return { id: r.id, kind: r.kind, value: r.value, addedAt: r.added_at };
}

/** Adds an identity; if the same one (ignoring case) is already there, returns that one with `added: false`. */
export function addIdentity(
  db: Db,
  input: IdentityInput,
  addedAt: string,
): { identity: Identity; added: boolean } {
  return db.transaction(() => {
    const existing = statement(
      db,
      'SELECT id, kind, value, added_at FROM identities WHERE value = ?',
    ).get(input.value) as Row | undefined;
    if (existing) return { identity: toIdentity(existing), added: false };
    const info = statement(
      db,
      'INSERT INTO identities (kind, value, added_at) VALUES (?, ?, ?)',
    ).run(input.kind, input.value, addedAt);
    return {
      identity: { id: Number(info.lastInsertRowid), kind: input.kind, value: input.value, addedAt },
      added: true,
    };
  })();
}

/** Every identity, oldest first. */
export function listIdentities(db: Db): Identity[] {
  return (
    statement(db, 'SELECT id, kind, value, added_at FROM identities ORDER BY id').all() as Row[]
  ).map(toIdentity);
}

/** Just the values, as recipient matching wants them. */
export function identityValues(db: Db): string[] {
  return (
    statement(db, 'SELECT value FROM identities ORDER BY id').all() as { value: string }[]
  ).map((r) => r.value);
}

/** Removes by id or by value (ignoring case); returns the removed identity, or null if there was none. */
export function removeIdentity(db: Db, which: number | string): Identity | null {
  return db.transaction(() => {
    const row = (
      typeof which === 'number'
        ? statement(db, 'SELECT id, kind, value, added_at FROM identities WHERE id = ?').get(which)
        : statement(db, 'SELECT id, kind, value, added_at FROM identities WHERE value = ?').get(
            which.trim(),
          )
    ) as Row | undefined;
    if (!row) return null;
    statement(db, 'DELETE FROM identities WHERE id = ?').run(row.id);
    return toIdentity(row);
  })();
}
