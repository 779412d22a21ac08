import type { Kysely } from 'kysely';
import type { Database, EntrancePassRow } from './schema.js';

export async function insertEntrancePass(db: Kysely<Database>, row: EntrancePassRow): Promise<void> {
  await db.insertInto('entrance_passes').values(row).execute();
}

export function findEntrancePass(db: Kysely<Database>, id: string): Promise<EntrancePassRow | undefined> {
  return db.selectFrom('entrance_passes').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listEntrancePasses(db: Kysely<Database>, userId: string): Promise<EntrancePassRow[]> {
  return db
    .selectFrom('entrance_passes')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('issued_at', 'desc')
    .execute();
}

export async function touchEntrancePass(db: Kysely<Database>, id: string, now: number): Promise<void> {
  await db.updateTable('entrance_passes').set({ last_used_at: now }).where('id', '=', id).execute();
}

export async function deleteEntrancePass(db: Kysely<Database>, userId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('entrance_passes')
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
