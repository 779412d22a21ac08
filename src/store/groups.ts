import type { Kysely } from 'kysely';
import { precompiled } from './precompiled-query.js';
import type { Database, GroupRow } from './schema.js';

export function listGroups(db: Kysely<Database>, tenantId: string): Promise<GroupRow[]> {
  return db
    .selectFrom('access_policy_groups')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('is_default', 'desc')
    .orderBy('display_name_lower')
    .execute();
}

export async function countUsersByGroup(db: Kysely<Database>, tenantId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('users')
    .select(['group_id', (eb) => eb.fn.countAll<number>().as('count')])
    .where('tenant_id', '=', tenantId)
    .groupBy('group_id')
    .execute();
  return new Map(rows.map((row) => [row.group_id, Number(row.count)]));
}

const selectGroup = precompiled((db, v: { tenantId: string; id: string }) =>
  db.selectFrom('access_policy_groups').selectAll().where('tenant_id', '=', v.tenantId).where('id', '=', v.id),
);

export async function findGroup(db: Kysely<Database>, tenantId: string, id: string): Promise<GroupRow | undefined> {
  return (await selectGroup(db, { tenantId, id })).rows[0];
}

export function findDefaultGroup(db: Kysely<Database>, tenantId: string): Promise<GroupRow | undefined> {
  return db
    .selectFrom('access_policy_groups')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('is_default', '=', 1)
    .executeTakeFirst();
}

/** The user's group, or the Default group should the assignment point nowhere. */
export async function groupOfUser(
  db: Kysely<Database>,
  tenantId: string,
  groupId: string,
): Promise<GroupRow | undefined> {
  return (await findGroup(db, tenantId, groupId)) ?? (await findDefaultGroup(db, tenantId));
}

export function findGroupByName(
  db: Kysely<Database>,
  tenantId: string,
  nameLower: string,
): Promise<GroupRow | undefined> {
  return db
    .selectFrom('access_policy_groups')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('display_name_lower', '=', nameLower)
    .executeTakeFirst();
}

export async function insertGroup(db: Kysely<Database>, row: GroupRow): Promise<void> {
  await db.insertInto('access_policy_groups').values(row).execute();
}

export async function updateGroup(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  update: Partial<GroupRow>,
): Promise<void> {
  await db
    .updateTable('access_policy_groups')
    .set(update)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/** Deletes the group only while no user is assigned to it, in one statement, so no assignment can slip in between. */
export async function deleteUnusedGroup(db: Kysely<Database>, tenantId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('access_policy_groups')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('is_default', '=', 0)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('users').select('users.id').where('users.group_id', '=', id))))
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Whether any group of the tenant lets its users sign in with a passkey alone: the login page offers it then. */
export async function anyGroupAllowsPasswordless(db: Kysely<Database>, tenantId: string): Promise<boolean> {
  const row = await db
    .selectFrom('access_policy_groups')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('passkeys', '=', 'passwordless')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
