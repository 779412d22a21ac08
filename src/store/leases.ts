import type { Kysely } from 'kysely';
import { changedRows, precompiled } from './precompiled-query.js';
import type { Database } from './schema.js';

const claim = precompiled((db, v: { name: string; holder: string; now: number; until: number }) =>
  db
    .insertInto('leases')
    .values({ name: v.name, holder: v.holder, expires_at: v.until })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ holder: v.holder, expires_at: v.until })
        .where((eb) => eb.or([eb('leases.expires_at', '<=', v.now), eb('leases.holder', '=', v.holder)])),
    ),
);

/**
 * Takes the lease `name` for `holder` until `until`, in one statement: when nobody holds it, when its holder's time
 * is up, or to renew one's own. False when another holder's lease still runs, on any number of servers.
 */
export async function claimLease(
  db: Kysely<Database>,
  lease: { name: string; holder: string; now: number; until: number },
): Promise<boolean> {
  return changedRows(await claim(db, lease)) === 1;
}
