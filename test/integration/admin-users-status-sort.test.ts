// C11b: the User List sorted by status shows Disabled, Enabled and Locked out users as three blocks, whichever the
// direction and however the list is paged. "Locked out" is not stored: it is a lock still running.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newId } from '../../src/core/ids.js';
import type { NewUserRow } from '../../src/store/schema.js';
import { insertUsersInBulk, searchTextOf } from '../../src/store/users.js';
import { dialectsToTest } from '../support/databases.js';
import type { HttpClient } from '../support/http-client.js';
import { type ApiUser, type ApiUserPage, findUsers, signedInClient } from '../support/scenario.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const HOUR = 3_600_000;
type Kind = 'enabled' | 'expired-lock' | 'locked' | 'disabled' | 'disabled-and-locked';
/** How many users of each kind; their random ids mix the kinds in id order. */
const KINDS: [Kind, number][] = [
  ['enabled', 14],
  ['expired-lock', 6],
  ['locked', 8],
  ['disabled', 5],
  ['disabled-and-locked', 3],
];
/** The status each kind shows: an expired lock is over, and a disabled user is disabled whatever their lock. */
const SHOWN: Record<Kind, ApiUser['status']> = {
  enabled: 'enabled',
  'expired-lock': 'enabled',
  locked: 'locked',
  disabled: 'disabled',
  'disabled-and-locked': 'disabled',
};

/** The statuses in the order a list shows them, each run of equal ones once: ['disabled', 'enabled', 'locked']. */
function blocks(users: ApiUser[]): string[] {
  return users.map((u) => u.status).filter((status, i, all) => i === 0 || all[i - 1] !== status);
}

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`admin API: User List sorted by status keeps Locked out users apart (${dialect})`, { skip }, () => {
    let server: TestServer;
    let admin: HttpClient;

    before(async () => {
      server = await startTestServer(dialect);
      admin = await signedInClient(server);
      const tenant = await server.gatehouse.services.tenants.findByDomain('example.com');
      assert.ok(tenant);
      const now = Date.now();
      const rows: NewUserRow[] = KINDS.flatMap(([kind, count]) =>
        Array.from({ length: count }, (_, n) => {
          const named = {
            login_id: `${kind}${n}@example.com`,
            display_name: '',
            family_name: '',
            given_name: '',
            email: '',
          };
          const lockedUntil = {
            enabled: 0,
            'expired-lock': now - (n + 1) * HOUR,
            locked: now + (n + 1) * HOUR,
            disabled: 0,
            'disabled-and-locked': now + HOUR,
          }[kind];
          return {
            id: newId(),
            tenant_id: tenant.id,
            ...named,
            login_id_lower: named.login_id,
            search_text: searchTextOf(named),
            status: kind.startsWith('disabled') ? 'disabled' : 'enabled',
            role: 'none',
            // Not a usable hash: these users only need to be listed.
            password_hash:
              '$argon2id$v=19$m=4096,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
            failed_login_count: lockedUntil ? 10 : 0,
            locked_until: lockedUntil,
            last_login_at: 0,
            created_at: now,
            updated_at: now,
          } satisfies NewUserRow;
        }),
      );
      await insertUsersInBulk(server.gatehouse.store.db, rows);
    });
    after(async () => server?.close());

    async function pagedThrough(order: 'asc' | 'desc', limit: number): Promise<ApiUser[]> {
      const seen: ApiUser[] = [];
      let cursor: string | null = null;
      do {
        const page: ApiUserPage = await findUsers(admin, {
          sort: 'status',
          order,
          limit: String(limit),
          ...(cursor ? { cursor } : {}),
        });
        seen.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return seen;
    }

    it('shows Disabled, then Enabled, then Locked out users, each as one block, and the reverse', async () => {
      const everyone = KINDS.reduce((sum, [, count]) => sum + count, 1); // + the initial admin
      const asc = await findUsers(admin, { sort: 'status', order: 'asc', limit: '200' });
      assert.equal(asc.items.length, everyone);
      assert.deepEqual(blocks(asc.items), ['disabled', 'enabled', 'locked']);
      const desc = await findUsers(admin, { sort: 'status', order: 'desc', limit: '200' });
      assert.deepEqual(blocks(desc.items), ['locked', 'enabled', 'disabled']);
      assert.deepEqual(
        desc.items.map((u) => u.id),
        asc.items.map((u) => u.id).reverse(),
        'descending is ascending reversed',
      );
      const counted = (status: string) => asc.items.filter((u) => u.status === status).length;
      const expected = (status: string) =>
        KINDS.filter(([kind]) => SHOWN[kind] === status).reduce((sum, [, count]) => sum + count, 0);
      assert.deepEqual(
        [counted('disabled'), counted('enabled'), counted('locked')],
        [expected('disabled'), expected('enabled') + 1, expected('locked')],
        'an expired lock shows as Enabled, a disabled user as Disabled whatever their lock',
      );
    });

    it('pages through the same order in both directions, every user exactly once', async () => {
      for (const order of ['asc', 'desc'] as const) {
        const whole = (await findUsers(admin, { sort: 'status', order, limit: '200' })).items.map((u) => u.id);
        for (const limit of [1, 4, 7]) {
          const paged = (await pagedThrough(order, limit)).map((u) => u.id);
          assert.deepEqual(paged, whole, `order=${order} limit=${limit}`);
        }
      }
    });

    it('keeps the blocks apart when filtered and searched too', async () => {
      const lockedOnly = await findUsers(admin, { sort: 'status', status: 'locked', limit: '200' });
      assert.equal(lockedOnly.items.length, 8);
      const searched = await findUsers(admin, { sort: 'status', order: 'desc', q: 'lock', limit: '200' });
      assert.deepEqual(blocks(searched.items), ['locked', 'enabled', 'disabled']);
    });
  });
}
