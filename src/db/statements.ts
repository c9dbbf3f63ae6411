// Preparing SQL costs more than running it; each connection keeps its statements, keyed by their text.
import type BetterSqlite3 from 'better-sqlite3';

type Db = BetterSqlite3.Database;
type Statement = BetterSqlite3.Statement<unknown[], unknown>;

const cache = new WeakMap<Db, Map<string, Statement>>();

/** The prepared statement for `sql` on this connection, prepared once. */
export function statement(db: Db, sql: string): Statement {
  let perDb = cache.get(db);
  if (perDb === undefined) {
    perDb = new Map();
    cache.set(db, perDb);
  }
  let stmt = perDb.get(sql);
  if (stmt === undefined) {
    stmt = db.prepare(sql);
    perDb.set(sql, stmt);
  }
  return stmt;
}
