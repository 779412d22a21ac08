import type { Kysely } from 'kysely';

/**
 * Issue 11: leases, so that periodic work that every node could do (housekeeping) is done by one node at a time. A
 * lease is held by one process until it expires; a holder renews it by claiming it again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    /** A random id of the process that holds it. */
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('leases').execute();
}
