import { type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import type { Store } from './database.js';
import * as initial from './migrations/0001-initial.js';
import * as otp from './migrations/0002-otp.js';
import * as accessPolicy from './migrations/0003-access-policy.js';
import * as userSearch from './migrations/0004-user-search.js';
import * as gatehouseKey from './migrations/0005-gatehouse-key.js';
import * as signInHardening from './migrations/0006-sign-in-hardening.js';
import * as typedApprovalNumber from './migrations/0007-typed-approval-number.js';
import * as userListStatusOrder from './migrations/0008-user-list-status-order.js';
import * as samlSigningKeys from './migrations/0009-saml-signing-keys.js';
import * as connectedServices from './migrations/0010-connected-services.js';
import * as ssoRequests from './migrations/0011-sso-requests.js';
import * as oidcClients from './migrations/0012-oidc-clients.js';
import * as oidcRecords from './migrations/0013-oidc-records.js';
import * as oidcSigningKeys from './migrations/0014-oidc-signing-keys.js';
import * as leases from './migrations/0015-leases.js';
import * as userSearchCoveringIndex from './migrations/0016-user-search-covering-index.js';
import * as passkeys from './migrations/0017-passkeys.js';
import * as groupPasskeySettings from './migrations/0018-group-passkey-settings.js';
import * as adminPasskeyRequirement from './migrations/0019-admin-passkey-requirement.js';

/** Where the names of the migrations a database has run are kept. */
export const MIGRATION_TABLE = 'gatehouse_migrations';

/** Migrations live in code (not read from a folder) so the compiled server needs no file lookups. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-initial': initial,
  '0002-otp': otp,
  '0003-access-policy': accessPolicy,
  '0004-user-search': userSearch,
  '0005-gatehouse-key': gatehouseKey,
  '0006-sign-in-hardening': signInHardening,
  '0007-typed-approval-number': typedApprovalNumber,
  '0008-user-list-status-order': userListStatusOrder,
  '0009-saml-signing-keys': samlSigningKeys,
  '0010-connected-services': connectedServices,
  '0011-sso-requests': ssoRequests,
  '0012-oidc-clients': oidcClients,
  '0013-oidc-records': oidcRecords,
  '0014-oidc-signing-keys': oidcSigningKeys,
  '0015-leases': leases,
  '0016-user-search-covering-index': userSearchCoveringIndex,
  '0017-passkeys': passkeys,
  '0018-group-passkey-settings': groupPasskeySettings,
  '0019-admin-passkey-requirement': adminPasskeyRequirement,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** The migrations this version knows, oldest first: a database that has run others comes from a newer version. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS);

export interface MigrationReport {
  applied: string[];
}

export async function migrateToLatest(store: Store): Promise<MigrationReport> {
  if (store.dialect === 'postgres') return runMigrations(store);
  // SQLite has no migration lock of Kysely's: servers starting together on one file would each read "nothing
  // applied" and run the first migration twice. BEGIN IMMEDIATE takes the database's write lock before anything is
  // read, so they run one after the other (the others wait, busy_timeout), and the later ones find all applied.
  await beginImmediate(store);
  try {
    const report = await runMigrations(store);
    await sql`commit`.execute(store.db);
    return report;
  } catch (error) {
    await sql`rollback`.execute(store.db);
    throw error;
  }
}

/** How long a server waits for another one's migrations (SQLite's busy_timeout is shorter). */
const MIGRATION_WAIT_MS = 120_000;

async function beginImmediate(store: Store): Promise<void> {
  const giveUpAt = Date.now() + MIGRATION_WAIT_MS;
  for (;;) {
    try {
      await sql`begin immediate`.execute(store.db);
      return;
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() > giveUpAt) throw error;
    }
  }
}

async function runMigrations(store: Store): Promise<MigrationReport> {
  const migrator = new Migrator({
    db: store.db,
    provider,
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: 'gatehouse_migration_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
