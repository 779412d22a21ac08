import type { Kysely } from 'kysely';

/** Gatehouse Key no longer offers numbers to pick from: its user types the one the browser shows. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('approval_requests').dropColumn('choices').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('approval_requests')
    .addColumn('choices', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
}
