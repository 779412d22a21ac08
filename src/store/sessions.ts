import type { Kysely } from 'kysely';
import { precompiled, precompiledRow } from './precompiled-query.js';
import type { Database, SessionRow } from './schema.js';

const insertSessionRow = precompiledRow((db, row: SessionRow) => db.insertInto('sessions').values(row));

export async function insertSession(db: Kysely<Database>, row: SessionRow): Promise<void> {
  await insertSessionRow(db, row);
}

const selectSession = precompiled((db, v: { id: string }) =>
  db.selectFrom('sessions').selectAll().where('id', '=', v.id),
);

export async function findSession(db: Kysely<Database>, id: string): Promise<SessionRow | undefined> {
  return (await selectSession(db, { id })).rows[0];
}

const updateLastSeen = precompiled((db, v: { id: string; now: number }) =>
  db.updateTable('sessions').set({ last_seen_at: v.now }).where('id', '=', v.id),
);

export async function touchSession(db: Kysely<Database>, id: string, now: number): Promise<void> {
  await updateLastSeen(db, { id, now });
}

export async function deleteSession(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function deleteSessionsOfUser(
  db: Kysely<Database>,
  userId: string,
  exceptSessionId?: string,
): Promise<void> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptSessionId) query = query.where('id', '!=', exceptSessionId);
  await query.execute();
}

export async function deleteExpiredSessions(db: Kysely<Database>, now: number): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
