import { type Migration, type MigrationProvider, Migrator } from 'kysely';
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

/** Migrations live in code (not read from a folder) so the compiled server needs no file lookups. */
const MIGRATIONS: Record<string, Migration> = {
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
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export interface MigrationReport {
  applied: string[];
}

export async function migrateToLatest(store: Store): Promise<MigrationReport> {
  const migrator = new Migrator({
    db: store.db,
    provider,
    migrationTableName: 'gatehouse_migrations',
    migrationLockTableName: 'gatehouse_migration_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
