import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import os from 'node:os';
import { createInterface } from 'node:readline';
import pg from 'pg';
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
import type { RestoreOptions } from './sqlite-backup.js';

/**
 * PostgreSQL is backed up and restored by its own tools, pg_dump and pg_restore (custom format): a dump is one
 * snapshot of the database however much the servers write meanwhile. Gatehouse runs them with the password out of
 * their command line (where other users of the host could read it), checks what they wrote, and refuses what would
 * lose data; docs/operations.md gives the same commands to run by hand.
 */

const CLIENT_TOOLS_HINT =
  "install PostgreSQL's client tools (Debian: apt-get install postgresql-client), of the same major version as " +
  'the server or newer, or run pg_dump and pg_restore by hand as docs/operations.md shows';

/** The URL without its password, which goes to the tools in PGPASSWORD instead. */
function connectionForTools(databaseUrl: string): { url: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  return { url: url.toString(), env: password ? { ...process.env, PGPASSWORD: password } : process.env };
}

function databaseName(databaseUrl: string): string {
  return decodeURIComponent(new URL(databaseUrl).pathname.slice(1)) || '(the default database)';
}

/** Runs a PostgreSQL client tool; `onLine` receives its output line by line (else it is dropped). */
function runTool(
  tool: 'pg_dump' | 'pg_restore',
  args: string[],
  options: { env?: NodeJS.ProcessEnv; onLine?: (line: string) => void } = {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr.length < 64_000) stderr += chunk;
    });
    const lines = createInterface({ input: child.stdout, crlfDelay: Infinity });
    lines.on('line', (line) => options.onLine?.(line));
    const linesDone = new Promise<void>((done) => lines.once('close', done));
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new BackupError(`${tool} is not installed (or not on PATH): ${CLIENT_TOOLS_HINT}.`)
          : new BackupError(`Could not run ${tool}: ${error.message}`),
      ),
    );
    child.once('close', async (code, signal) => {
      await linesDone;
      if (code === 0) return resolve();
      const ended = signal ? `stopped by ${signal}` : `exit status ${code}`;
      const said = stderr
        .trim()
        .split('\n')
        .filter((line) => line.trim() !== '')
        .slice(-3)
        .join(' / ');
      reject(new BackupError(`${tool} failed (${ended}): ${said || 'it printed no reason'}`));
    });
  });
}

/**
 * Reads the rows of some tables from a dump, as pg_restore prints them: `COPY <table> (<columns>) FROM stdin;`,
 * then one line per row with tab-separated values (tabs inside values are escaped), then `\.`.
 */
async function readTableData(
  file: string,
  tables: string[],
  onRow: (table: string, value: (column: string) => string | undefined) => void,
): Promise<void> {
  let current: { table: string; columns: string[] } | undefined;
  await runTool('pg_restore', ['--data-only', ...tables.flatMap((t) => ['--table', t]), '--file=-', file], {
    onLine: (line) => {
      if (current) {
        if (line === '\\.') current = undefined;
        else {
          const values = line.split('\t');
          const { table, columns } = current;
          onRow(table, (column) => values[columns.indexOf(column)]);
        }
        return;
      }
      const copy = /^COPY (\S+) \((.*)\) FROM stdin;$/.exec(line);
      if (copy) {
        const unquote = (name: string) => name.trim().replace(/^"(.*)"$/, '$1');
        current = {
          table: unquote((copy[1] as string).split('.').pop() as string),
          columns: (copy[2] as string).split(',').map(unquote),
        };
      }
    },
  });
}

/** Checks a pg_dump archive and reads what it holds, without restoring it. */
export async function inspectPostgresDump(file: string, label = file): Promise<BackupContents> {
  let listing = '';
  try {
    await runTool('pg_restore', ['--list', file], { onLine: (line) => (listing += `${line}\n`) });
    // Reads every part of the archive, as a restore would, so that damage anywhere in it shows now.
    await runTool('pg_restore', [`--file=${os.devNull}`, file]);
  } catch (error) {
    if (error instanceof BackupError && !/not installed/.test(error.message))
      throw new BackupError(`${label} is not a readable pg_dump archive: ${error.message}`);
    throw error;
  }
  if (!new RegExp(`^\\d+; \\d+ \\d+ TABLE DATA \\S+ ${MIGRATION_TABLE} `, 'm').test(listing))
    throw new BackupError(
      `${label} is a pg_dump archive but not of Gatehouse's database: it has no ${MIGRATION_TABLE}.`,
    );
  const migrations: string[] = [];
  const keyIds = new Set<string>();
  await readTableData(file, [MIGRATION_TABLE, ...new Set(SEALED_COLUMNS.map((c) => c.table))], (table, value) => {
    if (table === MIGRATION_TABLE) {
      const name = value('name');
      if (name) migrations.push(name);
      return;
    }
    for (const sealed of SEALED_COLUMNS) {
      if (sealed.table !== table || (sealed.onlyWhenZero && value(sealed.onlyWhenZero) !== '0')) continue;
      const id = keyIdOfSealedValue(value(sealed.column) ?? '');
      if (id) keyIds.add(id);
    }
  });
  migrations.sort();
  checkMigrations(label, migrations);
  return { format: 'pg_dump', migrations, sealedKeyIds: [...keyIds].sort() };
}

/** `pg_dump --format=custom` into a temporary file beside `target`, checked, then renamed into place. */
export async function backupPostgres(
  databaseUrl: string,
  target: string,
  force: boolean,
): Promise<BackupContents & { bytes: number }> {
  checkBackupDestination(target, force);
  const temporary = createPrivateFileBeside(target);
  try {
    const { url, env } = connectionForTools(databaseUrl);
    await runTool('pg_dump', ['--format=custom', `--file=${temporary}`, `--dbname=${url}`], { env });
    const contents = await inspectPostgresDump(temporary, `The dump of ${databaseName(databaseUrl)}`);
    const bytes = statSync(temporary).size;
    putInPlace(temporary, target, force);
    return { ...contents, bytes };
  } finally {
    removeWithJournals(temporary);
  }
}

async function withClient<T>(databaseUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
  } catch (error) {
    throw new BackupError(
      `Could not connect to the database ${databaseName(databaseUrl)}: ${(error as Error).message}. ` +
        'A restore goes into an existing database: create it first (createdb).',
    );
  }
  try {
    return await run(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Refuses a target that holds tables unless `force`; and with `force`, one that other sessions are connected to
 * (Gatehouse nodes still running), or whose schema is newer than the backup's (pg_restore --clean replaces only
 * the tables the dump holds, so the newer ones would stay behind and the migrations would stumble on them).
 */
async function checkTarget(client: pg.Client, databaseUrl: string, contents: BackupContents, force: boolean) {
  const name = databaseName(databaseUrl);
  const tables = (
    await client.query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`,
    )
  ).rows.map((row) => row.table_name);
  if (tables.length === 0) return;
  if (!force)
    throw new BackupError(
      `The database ${name} already holds ${tables.length} tables; restore into an empty database (createdb), or ` +
        'add --force to replace what it holds.',
    );
  const others = (
    await client.query<{ count: string }>(
      'select count(*) as count from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    )
  ).rows[0]?.count;
  if (Number(others) > 0)
    throw new BackupError(
      `The database ${name} has ${others} other connections (is a Gatehouse node still running on it?); stop every ` +
        'node using it, then restore again.',
    );
  if (!tables.includes(MIGRATION_TABLE)) return;
  const newer = (await client.query<{ name: string }>(`select name from ${MIGRATION_TABLE} order by name`)).rows
    .map((row) => row.name)
    .filter((migration) => !contents.migrations.includes(migration));
  if (newer.length > 0)
    throw new BackupError(
      `The database ${name} has a newer schema than the backup (migration ${newer.join(', ')}); replacing it would ` +
        'leave those tables behind. Drop and create the database (dropdb, createdb), then restore into it.',
    );
}

/**
 * Restores a pg_dump archive into the (existing) database of `databaseUrl` in one transaction, so that a failure
 * leaves the database as it was; then migrates it to this version. Objects are owned by the connecting role.
 */
export async function restorePostgres(
  dumpFile: string,
  databaseUrl: string,
  options: RestoreOptions,
): Promise<{ contents: BackupContents; applied: string[] }> {
  const contents = await inspectPostgresDump(dumpFile);
  options.accept(contents);
  await withClient(databaseUrl, (client) => checkTarget(client, databaseUrl, contents, options.force));
  const { url, env } = connectionForTools(databaseUrl);
  await runTool(
    'pg_restore',
    [
      '--no-owner',
      '--no-privileges',
      '--single-transaction',
      '--exit-on-error',
      ...(options.force ? ['--clean', '--if-exists'] : []),
      `--dbname=${url}`,
      dumpFile,
    ],
    { env },
  );
  const store = openStore(databaseUrl, { poolSize: 1 });
  try {
    const { applied } = await migrateToLatest(store);
    return { contents, applied };
  } finally {
    await store.close();
  }
}
