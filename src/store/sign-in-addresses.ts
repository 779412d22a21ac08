import type { Kysely } from 'kysely';
import { precompiled } from './precompiled-query.js';
import type { Database } from './schema.js';

/** Familiarity is counted in days: a sign-in within this long of the remembered one writes nothing. */
const REFRESH_AFTER_MS = 3_600_000;

const upsertAddress = precompiled((db, v: { userId: string; ip: string; now: number; refreshBefore: number }) =>
  db
    .insertInto('user_sign_in_addresses')
    .values({ user_id: v.userId, ip: v.ip, last_success_at: v.now })
    .onConflict((oc) =>
      oc
        .columns(['user_id', 'ip'])
        .doUpdateSet({ last_success_at: v.now })
        .where('user_sign_in_addresses.last_success_at', '<', v.refreshBefore),
    ),
);

/** Remembers that the user signed in successfully from `ip` now. */
export async function rememberSignInAddress(db: Kysely<Database>, userId: string, ip: string, now: number) {
  await upsertAddress(db, { userId, ip, now, refreshBefore: now - REFRESH_AFTER_MS });
}

export async function signedInFromSince(db: Kysely<Database>, userId: string, ip: string, since: number) {
  const row = await db
    .selectFrom('user_sign_in_addresses')
    .select('last_success_at')
    .where('user_id', '=', userId)
    .where('ip', '=', ip)
    .executeTakeFirst();
  return row !== undefined && row.last_success_at >= since;
}

export async function deleteSignInAddressesBefore(db: Kysely<Database>, before: number): Promise<void> {
  await db.deleteFrom('user_sign_in_addresses').where('last_success_at', '<', before).execute();
}
