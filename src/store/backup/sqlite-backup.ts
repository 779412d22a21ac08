import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { openStore } from '../database.js';
import { MIGRATION_TABLE, migrateToLatest } from '../migrate.js';
import {
  BackupError,
  type BackupContents,
  checkMigrations,
  keyIdOfSealedValue,
  SEALED_COLUMNS,
} from './backup-contents.js';
import { checkBackupDestination, createPrivateFileBeside, putInPlace, removeWithJournals } from './backup-files.js';

/** The database file a `sqlite:` URL names. */
export function sqliteFileOf(databaseUrl: string): string {
  const file = databaseUrl.slice('sqlite:'.length);
  if (file === ':memory:') throw new BackupError('DATABASE_URL names an in-memory database, which has no file.');
  return path.resolve(file);
}

function isSqliteError(error: unknown): error is Error & { code: string } {
  return error instanceof SqliteDatabase.SqliteError;
}

function tableExists(db: SqliteDatabase.Database, table: string): boolean {
  return db.prepare("select 1 from sqlite_master where type = 'table' and name = ?").get(table) !== undefined;
}

/**
 * Checks a SQLite backup (a private copy of it: opening a database may write journal files beside it) and reads
 * what it holds: SQLite's integrity and foreign key checks, Gatehouse's migrations table, and the master keys its
 * secrets are sealed under.
 */
function inspectCopy(file: string, label: string): BackupContents {
  let db: SqliteDatabase.Database | undefined;
  try {
    db = new SqliteDatabase(file, { fileMustExist: true });
    const integrity = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    if (integrity.length !== 1 || integrity[0]?.integrity_check !== 'ok')
      throw new BackupError(
        `${label} is damaged: SQLite's integrity check reports "${integrity[0]?.integrity_check ?? 'nothing'}".`,
      );
    const orphans = db.pragma('foreign_key_check') as { table: string }[];
    if (orphans.length > 0)
      throw new BackupError(
        `${label} is inconsistent: ${orphans.length} rows (in ${orphans[0]?.table}) refer to rows it does not hold.`,
      );
    if (!tableExists(db, MIGRATION_TABLE))
      throw new BackupError(`${label} is a SQLite database but not Gatehouse's: it has no ${MIGRATION_TABLE} table.`);
    const migrations = (
      db.prepare(`select name from ${MIGRATION_TABLE} order by name`).all() as { name: string }[]
    ).map((row) => row.name);
    checkMigrations(label, migrations);
    const keyIds = new Set<string>();
    for (const { table, column, onlyWhenZero } of SEALED_COLUMNS) {
      if (!tableExists(db, table)) continue;
      const live = onlyWhenZero ? ` and ${onlyWhenZero} = 0` : '';
      const prefixes = db
        .prepare(`select distinct substr(${column}, 1, 12) as prefix from ${table} where ${column} like 'v1.%'${live}`)
        .all() as { prefix: string }[];
      for (const { prefix } of prefixes) {
        const id = keyIdOfSealedValue(prefix);
        if (id) keyIds.add(id);
      }
    }
    return { format: 'sqlite', migrations, sealedKeyIds: [...keyIds].sort() };
  } catch (error) {
    if (isSqliteError(error))
      throw new BackupError(`${label} is not a usable SQLite database: ${error.message} (${error.code}).`);
    throw error;
  } finally {
    db?.close();
  }
}

/**
 * A consistent copy of a live SQLite database with `VACUUM INTO`: one read transaction, so the copy is the database
 * at one instant however much the server writes meanwhile (the server's WAL lets it write on; SQLite's online backup
 * API would instead start over whenever another process writes). The copy is one self-contained file (no -wal),
 * written under a temporary name, flushed, checked, and only then given its name.
 */
export function backupSqlite(databaseFile: string, target: string, force: boolean): BackupContents & { bytes: number } {
  if (!existsSync(databaseFile)) throw new BackupError(`There is no database at ${databaseFile} to back up.`);
  checkBackupDestination(target, force);
  const temporary = createPrivateFileBeside(target);
  try {
    let source: SqliteDatabase.Database | undefined;
    try {
      source = new SqliteDatabase(databaseFile, { fileMustExist: true });
      source.pragma('busy_timeout = 5000');
      source.prepare('VACUUM INTO ?').run(temporary);
    } catch (error) {
      if (isSqliteError(error))
        throw new BackupError(`Could not copy ${databaseFile}: ${error.message} (${error.code}).`);
      throw error;
    } finally {
      source?.close();
    }
    const contents = inspectCopy(temporary, `The copy of ${databaseFile}`);
    const bytes = statSync(temporary).size;
    putInPlace(temporary, target, force);
    return { ...contents, bytes };
  } finally {
    removeWithJournals(temporary);
  }
}

/** Checks a SQLite backup without restoring it (on a copy in the system's temporary folder). */
export function inspectSqliteBackup(file: string): BackupContents {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-check-'));
  try {
    const copy = path.join(folder, 'backup.db');
    copyFileSync(file, copy);
    chmodSync(copy, 0o600);
    return inspectCopy(copy, file);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

type TargetState = 'absent' | 'empty' | 'holds data';

function targetState(file: string): TargetState {
  if (!existsSync(file)) return 'absent';
  if (statSync(file).size === 0) return 'empty';
  let db: SqliteDatabase.Database | undefined;
  try {
    db = new SqliteDatabase(file, { fileMustExist: true });
    const { tables } = db
      .prepare("select count(*) as tables from sqlite_master where type = 'table' and name not like 'sqlite_%'")
      .get() as { tables: number };
    return tables === 0 ? 'empty' : 'holds data';
  } catch {
    return 'holds data';
  } finally {
    db?.close();
  }
}

/**
 * Refuses to replace a database that a server (or anything else) has open. Every connection to a database in WAL
 * mode holds a shared lock on it, so leaving WAL mode, which needs the only connection, fails while another exists;
 * when it succeeds, the log has been copied into the file and removed, so no stale log is left to replay.
 */
function ensureNotInUse(file: string): void {
  if (!existsSync(file) || statSync(file).size === 0) return;
  let db: SqliteDatabase.Database | undefined;
  try {
    db = new SqliteDatabase(file, { fileMustExist: true });
    db.pragma('busy_timeout = 0');
    db.pragma('journal_mode = DELETE');
  } catch (error) {
    if (isSqliteError(error) && (error.code === 'SQLITE_BUSY' || error.code === 'SQLITE_LOCKED'))
      throw new BackupError(
        `${file} is in use (is a Gatehouse server running on it?); stop every server using it, then restore again.`,
      );
    // Not a database at all: nothing can be using it as one, and --force replaces it.
  } finally {
    db?.close();
  }
}

export interface RestoreOptions {
  force: boolean;
  /** Called with what the backup holds, once it has been checked and before anything is replaced; throws to stop. */
  accept(contents: BackupContents): void;
}

/**
 * Restores a SQLite backup into `databaseFile`: checked on a copy beside the target, migrated there to this
 * version, then renamed into place. Refuses a target that holds data unless `force`, and one that is in use always.
 */
export async function restoreSqlite(
  backupFile: string,
  databaseFile: string,
  options: RestoreOptions,
): Promise<{ contents: BackupContents; applied: string[] }> {
  const state = targetState(databaseFile);
  if (state === 'holds data' && !options.force)
    throw new BackupError(
      `${databaseFile} already holds a database; restore into a data directory without one, or add --force to ` +
        'replace it.',
    );
  if (state !== 'absent') ensureNotInUse(databaseFile);
  const folder = path.dirname(databaseFile);
  const createdFolder = !existsSync(folder);
  if (createdFolder) mkdirSync(folder, { recursive: true, mode: 0o700 });
  let temporary: string | undefined;
  try {
    temporary = createPrivateFileBeside(databaseFile);
    copyFileSync(backupFile, temporary);
    chmodSync(temporary, 0o600);
    const contents = inspectCopy(temporary, backupFile);
    options.accept(contents);
    const store = openStore(`sqlite:${temporary}`, { poolSize: 1 });
    let applied: string[];
    try {
      ({ applied } = await migrateToLatest(store));
    } finally {
      await store.close();
    }
    if (state !== 'absent') {
      ensureNotInUse(databaseFile);
      // A log or journal left by a crashed server would be replayed onto the restored file: they go first.
      for (const suffix of ['-wal', '-shm', '-journal']) rmSync(`${databaseFile}${suffix}`, { force: true });
    }
    putInPlace(temporary, databaseFile, state !== 'absent');
    return { contents, applied };
  } catch (error) {
    if (createdFolder) rmSync(folder, { recursive: true, force: true });
    throw error;
  } finally {
    if (temporary) removeWithJournals(temporary);
  }
}
