import path from 'node:path';
import type { Config } from '../config.js';
import { SecretBox } from '../core/crypto/secret-box.js';
import { findSecretKey, secretKeyFile } from '../services/secret-key.js';
import { BackupError, type BackupContents, pendingMigrations } from '../store/backup/backup-contents.js';
import { type BackupFormat, describeSize, detectBackupFormat } from '../store/backup/backup-files.js';
import { backupPostgres, inspectPostgresDump, restorePostgres } from '../store/backup/postgres-backup.js';
import { backupSqlite, inspectSqliteBackup, restoreSqlite, sqliteFileOf } from '../store/backup/sqlite-backup.js';

/**
 * `gatehouse backup` and `gatehouse restore` (docs/operations.md). A backup is the database only: the master key that
 * seals its secrets (TOTP secrets, emergency tokens, signing keys) is never written into it, so a stolen backup does
 * not give them away; restoring therefore needs the same key, and restore checks that it has it before it writes.
 */

const isPostgres = (config: Config) => !config.databaseUrl.startsWith('sqlite:');

function schemaOf(contents: BackupContents): string {
  return contents.migrations[contents.migrations.length - 1] as string;
}

function keyIdOf(key: Buffer): string {
  return new SecretBox(key).currentKeyId;
}

/** How the backup's secrets stand with this configuration's master key; throws when they would not open. */
function checkMasterKey(config: Config, contents: BackupContents, restoring: boolean): string {
  const needed = contents.sealedKeyIds;
  if (needed.length === 0) return 'It holds no secrets sealed under a master key.';
  const key = findSecretKey(config.secretKey, config.dataDir);
  const known = key ? [key, ...config.previousSecretKeys].map(keyIdOf) : [];
  const missing = needed.filter((id) => !known.includes(id));
  if (missing.length === 0)
    return `Its sealed secrets (OTP, emergency tokens, signing keys) open with this master key (id ${needed.join(', ')}).`;
  const where = `set GATEHOUSE_SECRET_KEY to it, or copy that server's secret.key to ${secretKeyFile(config.dataDir)}`;
  const have = key
    ? `this configuration's master key is ${keyIdOf(key)}`
    : `there is no master key here (no GATEHOUSE_SECRET_KEY, no ${secretKeyFile(config.dataDir)})`;
  throw new BackupError(
    `The backup's secrets are sealed under master key ${missing.join(', ')}, but ${have}. Backups never hold the ` +
      `key: ${where}${needed.length > 1 ? ' (an older key goes in GATEHOUSE_PREVIOUS_SECRET_KEYS)' : ''}, then ` +
      `${restoring ? 'restore' : 'check'} again.${restoring ? ' Nothing was restored.' : ''}`,
  );
}

export async function backupCommand(config: Config, file: string, force: boolean): Promise<string[]> {
  const target = path.resolve(file);
  const made = isPostgres(config)
    ? await backupPostgres(config.databaseUrl, target, force)
    : backupSqlite(sqliteFileOf(config.databaseUrl), target, force);
  const what = made.format === 'sqlite' ? 'SQLite, integrity checked' : 'pg_dump custom format, archive checked';
  return [
    `Backed up to ${target} (${describeSize(made.bytes)}; ${what}; schema ${schemaOf(made)}).`,
    made.sealedKeyIds.length > 0
      ? `It does not hold the master key: restoring it needs master key ${made.sealedKeyIds.join(', ')} ` +
        '(GATEHOUSE_SECRET_KEY, or secret.key in the data directory). Keep that key safe, apart from the backups.'
      : 'It does not hold the master key, and holds no secrets sealed under one yet.',
  ];
}

function withoutPassword(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  if (url.password) url.password = '***';
  return url.toString();
}

function checkFormatFitsDatabase(config: Config, format: BackupFormat, file: string): void {
  if (format === 'sqlite' && isPostgres(config))
    throw new BackupError(`${file} is a SQLite backup, but DATABASE_URL names PostgreSQL; it restores into SQLite.`);
  if (format === 'pg_dump' && !isPostgres(config))
    throw new BackupError(
      `${file} is a PostgreSQL dump, but DATABASE_URL names a SQLite file; set DATABASE_URL to a postgres:// URL.`,
    );
}

export async function restoreCommand(
  config: Config,
  file: string,
  options: { force: boolean; check: boolean },
): Promise<string[]> {
  const source = path.resolve(file);
  const format = detectBackupFormat(source);
  if (options.check) {
    const contents = format === 'sqlite' ? inspectSqliteBackup(source) : await inspectPostgresDump(source);
    const pending = pendingMigrations(contents);
    return [
      `${source} is a sound Gatehouse backup (${format === 'sqlite' ? 'SQLite' : 'pg_dump'}; schema ` +
        `${schemaOf(contents)}${pending.length ? `; a restore applies ${pending.join(', ')}` : ''}).`,
      checkMasterKey(config, contents, false),
    ];
  }
  checkFormatFitsDatabase(config, format, source);
  let keyReport = '';
  const restoreOptions = {
    force: options.force,
    accept: (contents: BackupContents) => {
      keyReport = checkMasterKey(config, contents, true);
    },
  };
  const target = isPostgres(config) ? withoutPassword(config.databaseUrl) : sqliteFileOf(config.databaseUrl);
  const { contents, applied } =
    format === 'sqlite'
      ? await restoreSqlite(source, sqliteFileOf(config.databaseUrl), restoreOptions)
      : await restorePostgres(source, config.databaseUrl, restoreOptions);
  return [
    `Restored ${source} into ${target} (schema ${schemaOf(contents)}; ` +
      `${applied.length ? `applied migrations: ${applied.join(', ')}` : 'no migrations to apply'}).`,
    keyReport,
    'Sessions and everything else are as they were when the backup was made. Start Gatehouse on it.',
  ];
}
