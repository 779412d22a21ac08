import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { DatabaseHeartbeat } from './database-heartbeat.js';
import type { Database } from './schema.js';
import { withStatementCache } from './statement-cache.js';
import { startWalCheckpointer } from './wal-checkpointer.js';

export type Dialect = 'sqlite' | 'postgres';

/** How the PostgreSQL connections are used at one moment. */
export interface PoolUsage {
  /** Open connections, busy or idle. */
  total: number;
  idle: number;
  /** Queries waiting for a connection: above zero for long, the pool is too small or the database too slow. */
  waiting: number;
}

export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  /** PostgreSQL's connection pool; absent for SQLite, whose one connection lives in this process. */
  poolUsage?: () => PoolUsage;
  /** Epoch milliseconds of the last query the database answered; 0 before the first. */
  lastAnsweredAt(): number;
  close(): Promise<void>;
}

const PG_INT8 = 20;
const OPTIMIZE_EVERY_MS = 60 * 60 * 1000;
/** How often the worker thread copies the write-ahead log into the database file. */
const CHECKPOINT_EVERY_MS = 500;
/** SQLite's own checkpoint (default 1000 pages) only as a backstop: about 80 MB of log. */
const BACKSTOP_CHECKPOINT_PAGES = 20_000;
/**
 * Reads through a memory map of the database file, up to SQLite's compiled-in ceiling (SQLITE_MAX_MMAP_SIZE,
 * 0x7fff0000: about 2 GiB, a million users with their search index take 1.5 GiB). SQLite's own page cache is 2 MB per
 * connection: a User List page that reads rows scattered over a big table (a search walking the sort index, or the
 * matches of a rare text) would otherwise copy each page from the operating system's cache into it, and out again, at
 * a million users 2 to 4 times slower. The map takes no memory of the process's own (the pages are the kernel's file
 * cache) and writes still go through the write-ahead log.
 */
const MMAP_BYTES = 0x7fff0000;

/** BIGINT holds epoch milliseconds and counts; both fit a JS number, so parse them as numbers. */
function pgTypes(): pg.CustomTypesConfig {
  return {
    getTypeParser: ((oid: number, format?: string) =>
      oid === PG_INT8
        ? (value: string) => Number(value)
        : pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
  };
}

export interface StoreOptions {
  poolSize?: number;
  /**
   * An idle PostgreSQL connection that the server ended (a restart, an administrator, a dropped database). The
   * pool replaces it by itself; without a listener, node-postgres would throw it as an uncaught exception.
   */
  onIdleConnectionError?: (error: Error) => void;
}

export function openStore(databaseUrl: string, options: StoreOptions = {}): Store {
  if (databaseUrl.startsWith('sqlite:')) {
    const file = databaseUrl.slice('sqlite:'.length);
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const sqlite = new SqliteDatabase(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma(`mmap_size = ${MMAP_BYTES}`);
    // Planner statistics (sqlite_stat1): without them SQLite takes `tenant_id = ?` for about 10 rows and picks
    // poor plans for a big User List. As SQLite advises for a long-lived connection: optimize at open, looking
    // at every table, then now and again for tables whose size has changed a lot. It runs ANALYZE only where
    // that is due, with a limit that keeps it to milliseconds.
    sqlite.pragma('optimize = 0x10002');
    const optimizer = setInterval(() => {
      try {
        sqlite.pragma('optimize');
      } catch {
        // Busy or closing: statistics are only advice to the planner, and the next round will try again.
      }
    }, OPTIMIZE_EVERY_MS).unref();
    const checkpointer = file === ':memory:' ? undefined : startWalCheckpointer(file, CHECKPOINT_EVERY_MS);
    if (checkpointer) sqlite.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
    const heartbeat = new DatabaseHeartbeat();
    const db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
      plugins: [heartbeat],
    });
    return {
      db,
      dialect: 'sqlite',
      lastAnsweredAt: () => heartbeat.lastAnsweredAt,
      close: async () => {
        clearInterval(optimizer);
        await checkpointer?.stop();
        await db.destroy();
      },
    };
  }
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.poolSize ?? 10, types: pgTypes() });
  pool.on('error', options.onIdleConnectionError ?? (() => undefined));
  const heartbeat = new DatabaseHeartbeat();
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [heartbeat] });
  return {
    db,
    dialect: 'postgres',
    lastAnsweredAt: () => heartbeat.lastAnsweredAt,
    poolUsage: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => db.destroy(),
  };
}

/** A query answered this recently shows the database reachable without asking it again. */
const RECENT_ANSWER_MS = 1000;

/**
 * Whether the database answers: at once if it answered any query in the last second (under load it always has, and
 * a query of its own would queue behind the load), otherwise by asking it.
 */
export async function isDatabaseReachable(store: Store): Promise<boolean> {
  if (Date.now() - store.lastAnsweredAt() < RECENT_ANSWER_MS) return true;
  try {
    await sql`select 1`.execute(store.db);
    return true;
  } catch {
    return false;
  }
}
