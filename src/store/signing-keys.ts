import type { Kysely } from 'kysely';
import { PUBLISHED_SIGNING_KEY_STATES, type SigningKeyState } from '../core/signing-key-states.js';
import type { Database, OidcSigningKeyRow, SamlSigningKeyRow } from './schema.js';

/**
 * The tables of signing keys (migrations 0009 and 0014). They share the columns of a key's life
 * (SigningKeyLifecycleColumns), which are all these queries touch, so one set of them rotates the keys of any protocol.
 */
export type SigningKeyTable = 'saml_signing_keys' | 'oidc_signing_keys';
interface SigningKeyRows {
  saml_signing_keys: SamlSigningKeyRow;
  oidc_signing_keys: OidcSigningKeyRow;
}
export type SigningKeyRowOf<T extends SigningKeyTable> = SigningKeyRows[T];

/**
 * Adds a key unless the tenant already has one in its state (the table's partial unique indexes decide, on any number
 * of servers): true when this one was added.
 */
export async function insertSigningKeyIfNoneInState<T extends SigningKeyTable>(
  db: Kysely<Database>,
  table: T,
  row: SigningKeyRowOf<T>,
): Promise<boolean> {
  const result = await db
    .insertInto(table as SigningKeyTable)
    .values(row as SigningKeyRowOf<SigningKeyTable>)
    .onConflict((conflict) => conflict.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export function findSigningKeyInState<T extends SigningKeyTable>(
  db: Kysely<Database>,
  table: T,
  tenantId: string,
  state: Exclude<SigningKeyState, 'retired'>,
): Promise<SigningKeyRowOf<T> | undefined> {
  return db
    .selectFrom(table as SigningKeyTable)
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('state', '=', state)
    .executeTakeFirst() as Promise<SigningKeyRowOf<T> | undefined>;
}

export function findSigningKey<T extends SigningKeyTable>(
  db: Kysely<Database>,
  table: T,
  tenantId: string,
  id: string,
): Promise<SigningKeyRowOf<T> | undefined> {
  return db
    .selectFrom(table as SigningKeyTable)
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst() as Promise<SigningKeyRowOf<T> | undefined>;
}

/** Every key of the tenant, retired ones included, newest first. */
export function listSigningKeys<T extends SigningKeyTable>(
  db: Kysely<Database>,
  table: T,
  tenantId: string,
): Promise<SigningKeyRowOf<T>[]> {
  return db
    .selectFrom(table as SigningKeyTable)
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute() as Promise<SigningKeyRowOf<T>[]>;
}

/** The keys that are published (at most one per state), in no particular order. */
export function listPublishedSigningKeys<T extends SigningKeyTable>(
  db: Kysely<Database>,
  table: T,
  tenantId: string,
): Promise<SigningKeyRowOf<T>[]> {
  return db
    .selectFrom(table as SigningKeyTable)
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('state', 'in', PUBLISHED_SIGNING_KEY_STATES)
    .execute() as Promise<SigningKeyRowOf<T>[]>;
}

/**
 * Holds the tenant's row until the transaction ends (a no-op UPDATE: a row lock on PostgreSQL, the write lock on
 * SQLite), so that the steps of one rotation never interleave with another's, on this server or another.
 */
export async function lockTenantSigningKeys(db: Kysely<Database>, tenantId: string): Promise<void> {
  await db
    .updateTable('tenants')
    .set((eb) => ({ policy_version: eb.ref('policy_version') }))
    .where('id', '=', tenantId)
    .execute();
}

/**
 * Moves the tenant's key in state `from` (at most one) to `to`; false when it has none. Retiring erases the private
 * key: a retired key never signs again, so there is no reason to keep it.
 */
export async function moveSigningKeyState(
  db: Kysely<Database>,
  table: SigningKeyTable,
  tenantId: string,
  from: Exclude<SigningKeyState, 'retired'>,
  to: SigningKeyState,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable(table)
    .set({
      state: to,
      ...(to === 'active' ? { activated_at: now } : {}),
      ...(to === 'retired' ? { retired_at: now, sealed_private_key: '' } : {}),
    })
    .where('tenant_id', '=', tenantId)
    .where('state', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Retires one key if it is still in one of `from`: true for exactly one of any number of concurrent callers. */
export async function retireSigningKey(
  db: Kysely<Database>,
  table: SigningKeyTable,
  tenantId: string,
  id: string,
  from: readonly SigningKeyState[],
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable(table)
    .set({ state: 'retired', retired_at: now, sealed_private_key: '' })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('state', 'in', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
