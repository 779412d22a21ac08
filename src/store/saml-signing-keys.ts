import type { Kysely } from 'kysely';
import { PUBLISHED_SIGNING_KEY_STATES, type SigningKeyState } from '../core/saml/signing-key-states.js';
import type { Database, SamlSigningKeyRow } from './schema.js';

/**
 * Adds a key unless the tenant already has one in its state (the partial unique indexes of migration 0009 decide,
 * on any number of servers): true when this one was added.
 */
export async function insertSigningKeyIfNoneInState(db: Kysely<Database>, row: SamlSigningKeyRow): Promise<boolean> {
  const result = await db
    .insertInto('saml_signing_keys')
    .values(row)
    .onConflict((conflict) => conflict.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export function findSigningKeyInState(
  db: Kysely<Database>,
  tenantId: string,
  state: Exclude<SigningKeyState, 'retired'>,
): Promise<SamlSigningKeyRow | undefined> {
  return db
    .selectFrom('saml_signing_keys')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('state', '=', state)
    .executeTakeFirst();
}

export function findSigningKey(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
): Promise<SamlSigningKeyRow | undefined> {
  return db
    .selectFrom('saml_signing_keys')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Every key of the tenant, retired ones included, newest first. */
export function listSigningKeys(db: Kysely<Database>, tenantId: string): Promise<SamlSigningKeyRow[]> {
  return db
    .selectFrom('saml_signing_keys')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** The keys whose certificates the IdP metadata lists (at most one per state). */
export function listPublishedSigningKeys(db: Kysely<Database>, tenantId: string): Promise<SamlSigningKeyRow[]> {
  return db
    .selectFrom('saml_signing_keys')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('state', 'in', PUBLISHED_SIGNING_KEY_STATES)
    .execute();
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
  tenantId: string,
  from: Exclude<SigningKeyState, 'retired'>,
  to: SigningKeyState,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('saml_signing_keys')
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
  tenantId: string,
  id: string,
  from: readonly SigningKeyState[],
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('saml_signing_keys')
    .set({ state: 'retired', retired_at: now, sealed_private_key: '' })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('state', 'in', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
