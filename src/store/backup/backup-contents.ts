import { MIGRATION_NAMES, MIGRATION_TABLE } from '../migrate.js';

/**
 * A refusal or failure of a backup or a restore, worded for the operator. Thrown before the last step (the rename
 * of a finished file, the restore's one transaction), it means nothing was changed.
 */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

/** What a backup holds, read from the file without restoring it. */
export interface BackupContents {
  format: 'sqlite' | 'pg_dump';
  /** The migrations its database had run, oldest first: the schema version it was made at. */
  migrations: string[];
  /** The ids of the master keys its secrets are sealed under (core/crypto/secret-box.ts); empty when it has none. */
  sealedKeyIds: string[];
}

/**
 * The columns holding values sealed under the master key (`v1.<key id>.<iv>.<ciphertext>.<tag>`): TOTP secrets,
 * pending TOTP setups, emergency tokens and signing keys' private keys. A restore reads their key ids to tell,
 * before it writes anything, whether the configured master key can open them. Only the values a server may still
 * open count: not those of used emergency tokens or finished setups (`onlyWhenZero` names the column that says so);
 * retired signing keys keep no private key at all. A column added that seals a secret belongs here;
 * backup-and-restore.test.ts checks the list against every sealed-looking value in a database.
 */
export const SEALED_COLUMNS: readonly { table: string; column: string; onlyWhenZero?: string }[] = [
  { table: 'users', column: 'otp_secret' },
  { table: 'otp_setups', column: 'secret', onlyWhenZero: 'completed_at' },
  { table: 'emergency_tokens', column: 'sealed', onlyWhenZero: 'used_at' },
  { table: 'saml_signing_keys', column: 'sealed_private_key' },
  { table: 'oidc_signing_keys', column: 'sealed_private_key' },
];

const SEALED_VALUE = /^v1\.([0-9a-f]{8})\./;

export function keyIdOfSealedValue(value: string): string | undefined {
  return SEALED_VALUE.exec(value)?.[1];
}

/** Refuses a backup without Gatehouse's schema, or one from a newer version than this one. */
export function checkMigrations(label: string, migrations: string[]): void {
  if (migrations.length === 0)
    throw new BackupError(`${label} holds no Gatehouse schema: its ${MIGRATION_TABLE} table is empty.`);
  const unknown = migrations.filter((name) => !MIGRATION_NAMES.includes(name));
  if (unknown.length > 0)
    throw new BackupError(
      `${label} comes from a newer Gatehouse: its database has run migration ${unknown.join(', ')}, which this ` +
        'version does not know. Restore it with that version or a later one.',
    );
}

/** The migrations a restore of this backup will apply to bring it up to this version. */
export function pendingMigrations(contents: BackupContents): string[] {
  return MIGRATION_NAMES.filter((name) => !contents.migrations.includes(name));
}
