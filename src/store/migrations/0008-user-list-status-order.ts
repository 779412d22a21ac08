import type { Kysely } from 'kysely';

/**
 * The User List sorted by status orders by (status, locked_until, id), so that users locked out now form a block
 * of their own after the enabled ones: its keyset pages read this index, which replaces the (status, id) one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('users_by_status_and_lock')
    .on('users')
    .columns(['tenant_id', 'status', 'locked_until', 'id'])
    .execute();
  await db.schema.dropIndex('users_by_status').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('users_by_status').on('users').columns(['tenant_id', 'status', 'id']).execute();
  await db.schema.dropIndex('users_by_status_and_lock').execute();
}
