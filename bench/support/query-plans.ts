import SqliteDatabase from 'better-sqlite3';
import { type CompiledQuery, Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Dialect } from '../../src/store/database.js';
import type { Database } from '../../src/store/schema.js';

/**
 * Shows how the database runs the store's own queries: a second connection to the same database, with a
 * Kysely logger that captures the SQL a store function sends, which is then run under EXPLAIN
 * (`EXPLAIN QUERY PLAN` on SQLite, `EXPLAIN (ANALYZE, BUFFERS)` on PostgreSQL, so it carries real timings).
 */
export class QueryPlanner {
  private captured: CompiledQuery[] = [];
  readonly db: Kysely<Database>;
  private readonly explainRaw: (sql: string, parameters: readonly unknown[]) => Promise<string[]>;

  constructor(dialect: Dialect, databaseUrl: string) {
    const log = (event: { level: string; query: CompiledQuery }) => {
      if (event.level === 'query') this.captured.push(event.query);
    };
    if (dialect === 'sqlite') {
      const sqlite = new SqliteDatabase(databaseUrl.slice('sqlite:'.length), { readonly: true });
      this.db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), log });
      this.explainRaw = async (sql, parameters) =>
        (
          sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(parameters as unknown[])) as {
            id: number;
            parent: number;
            detail: string;
          }[]
        ).map((row) => row.detail);
    } else {
      const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
      this.db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log });
      this.explainRaw = async (sql, parameters) =>
        (
          await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, parameters as unknown[])
        ).rows.map((row) => row['QUERY PLAN']);
    }
  }

  /** Runs `query` against the planner's connection and explains every SQL statement it sent. */
  async explain(query: (db: Kysely<Database>) => Promise<unknown>): Promise<{ sql: string; plan: string[] }[]> {
    this.captured = [];
    await query(this.db);
    const statements = this.captured;
    const out: { sql: string; plan: string[] }[] = [];
    for (const statement of statements)
      out.push({ sql: statement.sql, plan: await this.explainRaw(statement.sql, statement.parameters) });
    return out;
  }

  async close(): Promise<void> {
    // Destroying Kysely closes the SQLite connection or ends the pg pool.
    await this.db.destroy();
  }
}
