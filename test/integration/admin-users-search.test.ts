import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { newId } from '../../src/core/ids.js';
import { openStore } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import * as userSearchMigration from '../../src/store/migrations/0004-user-search.js';
import type { NewUserRow } from '../../src/store/schema.js';
import { countUsersUpTo, insertUsersInBulk, listUsers, searchTextOf } from '../../src/store/users.js';
import { dialectsToTest, freshDatabase } from '../support/databases.js';
import type { HttpClient } from '../support/http-client.js';
import { addUser, type ApiUserPage, findUsers, signedInClient } from '../support/scenario.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** More members than the first page counts (1000), and than SQLite sorts from trigram matches (2000). */
const MEMBERS = 2100;
const pad = (i: number) => String(i).padStart(4, '0');

function userRow(tenantId: string, fields: { login_id: string; display_name: string; email: string }): NewUserRow {
  const named = { ...fields, family_name: '', given_name: '' };
  return {
    id: newId(),
    tenant_id: tenantId,
    ...named,
    login_id_lower: fields.login_id.toLowerCase(),
    search_text: searchTextOf(named),
    status: 'enabled',
    role: 'none',
    // Not a usable hash: these users only need to be found.
    password_hash: '$argon2id$v=19$m=4096,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    failed_login_count: 0,
    locked_until: 0,
    last_login_at: 0,
    created_at: Date.now(),
    updated_at: Date.now(),
  };
}

/** Every page of a search, following nextCursor; checks that only the first page carries the total. */
async function allPages(
  admin: HttpClient,
  query: Record<string, string>,
): Promise<{ first: ApiUserPage; loginIds: string[] }> {
  const first = await findUsers(admin, query);
  const loginIds = first.items.map((u) => u.loginId);
  for (let cursor = first.nextCursor; cursor;) {
    const page = await findUsers(admin, { ...query, cursor });
    assert.equal(page.total, null, 'a later page carries no total');
    assert.equal(page.totalIsLowerBound, false);
    loginIds.push(...page.items.map((u) => u.loginId));
    cursor = page.nextCursor;
  }
  return { first, loginIds };
}

const loginIdsOf = (page: ApiUserPage) => page.items.map((u) => u.loginId);

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`admin API: User List search through the search index, and the capped total (${dialect})`, { skip }, () => {
    let server: TestServer;
    let admin: HttpClient;

    before(async () => {
      server = await startTestServer(dialect);
      admin = await signedInClient(server);
      const tenant = await server.gatehouse.services.tenants.findByDomain('example.com');
      assert.ok(tenant);
      const rows = Array.from({ length: MEMBERS }, (_, i) =>
        userRow(tenant.id, {
          login_id: `member${pad(i)}@example.com`,
          display_name: `Member ${pad(i)}`,
          email: `m${pad(i)}@corp.example.org`,
        }),
      );
      await insertUsersInBulk(server.gatehouse.store.db, rows);
    });
    after(async () => server?.close());

    it('finds a user by a substring of login ID, display name and email, and follows every change', async () => {
      const user = await addUser(admin, {
        loginId: 'Grace.Hopper@Navy.example',
        displayName: 'Grace Hopper',
        email: 'amazing.grace@mail.example.net',
      });
      for (const q of ['hopper@navy', 'GRACE HOP', 'amazing.grace@mail', 'race', 'navy.example']) {
        assert.deepEqual(loginIdsOf(await findUsers(admin, { q })), ['Grace.Hopper@Navy.example'], `q=${q}`);
      }

      const renamed = await admin.api('PATCH', `/users/${user.id}`, {
        displayName: 'Rear Admiral Hopper',
        email: 'cobol@fleet.example.org',
      });
      assert.equal(renamed.status, 200, renamed.text);
      assert.deepEqual(
        loginIdsOf(await findUsers(admin, { q: 'rear admiral' })),
        ['Grace.Hopper@Navy.example'],
        'the new display name is found',
      );
      assert.deepEqual(
        loginIdsOf(await findUsers(admin, { q: 'cobol@fleet' })),
        ['Grace.Hopper@Navy.example'],
        'the new email is found',
      );
      assert.deepEqual(loginIdsOf(await findUsers(admin, { q: 'amazing' })), [], 'the old email is gone');
      assert.deepEqual(loginIdsOf(await findUsers(admin, { q: 'grace hopper' })), [], 'the old display name is gone');
      assert.deepEqual(
        loginIdsOf(await findUsers(admin, { q: 'hopper@navy' })),
        ['Grace.Hopper@Navy.example'],
        'the login ID still is',
      );

      const relogged = await admin.api('PATCH', `/users/${user.id}`, { loginId: 'amiral@navy.example' });
      assert.equal(relogged.status, 200, relogged.text);
      assert.deepEqual(loginIdsOf(await findUsers(admin, { q: 'miral@nav' })), ['amiral@navy.example']);
      assert.deepEqual(loginIdsOf(await findUsers(admin, { q: 'hopper@navy' })), []);

      assert.equal((await admin.api('DELETE', `/users/${user.id}`)).status, 204);
      assert.deepEqual(loginIdsOf(await findUsers(admin, { q: 'admiral' })), [], 'a deleted user is not found');
    });

    it('takes quotes and wildcards in a longer search literally', async () => {
      await addUser(admin, { loginId: 'quoted@example.com', displayName: 'Say "Cheese" 100%_done' });
      assert.deepEqual(loginIdsOf(await findUsers(admin, { q: 'say "cheese"' })), ['quoted@example.com']);
      assert.deepEqual(loginIdsOf(await findUsers(admin, { q: '"ch' })), ['quoted@example.com']);
      assert.deepEqual(loginIdsOf(await findUsers(admin, { q: '100%_d' })), ['quoted@example.com']);
      assert.deepEqual(loginIdsOf(await findUsers(admin, { q: '0%_' })), ['quoted@example.com']);
      assert.deepEqual(loginIdsOf(await findUsers(admin, { q: '1_0' })), [], '_ matches only itself');
      assert.deepEqual(loginIdsOf(await findUsers(admin, { q: 'say%cheese' })), [], '% matches only itself');
    });

    it('counts the first page up to 1000 and says when there are more', async () => {
      const everyone = await findUsers(admin, { limit: '10' });
      assert.equal(everyone.total, 1000);
      assert.equal(everyone.totalIsLowerBound, true, `${MEMBERS} members are more than 1000`);

      const next = await findUsers(admin, { limit: '10', cursor: everyone.nextCursor ?? '' });
      assert.equal(next.total, null);
      assert.equal(next.totalIsLowerBound, false);

      const some = await findUsers(admin, { q: 'member00', limit: '10' });
      assert.equal(some.total, 100);
      assert.equal(some.totalIsLowerBound, false);
      const exactlyAThousand = await findUsers(admin, { q: 'member0', limit: '10' });
      assert.equal(exactlyAThousand.total, 1000);
      assert.equal(exactlyAThousand.totalIsLowerBound, false, 'exactly 1000 is not more than 1000');
    });

    it('pages through a rare and a common search in order, each user once', async () => {
      const rare = await allPages(admin, { q: 'member01', limit: '30' });
      assert.deepEqual(
        rare.loginIds,
        Array.from({ length: 100 }, (_, i) => `member${pad(100 + i)}@example.com`),
      );
      assert.equal(rare.first.total, 100);

      const common = await allPages(admin, { q: 'corp.example', limit: '200', sort: 'displayName', order: 'desc' });
      assert.deepEqual(
        common.loginIds,
        Array.from({ length: MEMBERS }, (_, i) => `member${pad(MEMBERS - 1 - i)}@example.com`),
      );
      assert.equal(common.first.total, 1000);
      assert.equal(common.first.totalIsLowerBound, true);

      const filtered = await findUsers(admin, { q: 'member', status: 'disabled' });
      assert.deepEqual(loginIdsOf(filtered), [], 'other filters still apply to a search');
    });

    it('walks a common search in login-ID order through users with a search text too long for the covering index', async () => {
      // Over 400 characters of login ID, names and email: in the partial index of long search texts (migration 0016).
      const long = await addUser(admin, {
        loginId: 'member1000a@example.com',
        displayName: `Member with a long name ${'x'.repeat(230)}`,
        familyName: 'y'.repeat(200),
        email: 'm1000a@corp.example.org',
      });
      const expected = Array.from({ length: MEMBERS }, (_, i) => `member${pad(i)}@example.com`);
      expected.splice(1001, 0, 'member1000a@example.com');
      const ascending = await allPages(admin, { q: 'corp.example', limit: '200' });
      assert.deepEqual(ascending.loginIds, expected, 'every member once, the long one after member1000');
      const descending = await allPages(admin, { q: 'corp.example', limit: '150', order: 'desc' });
      assert.deepEqual(descending.loginIds, [...expected].reverse());
      assert.deepEqual(
        loginIdsOf(await findUsers(admin, { q: 'corp.example', status: 'disabled' })),
        [],
        'other filters still apply',
      );
      assert.equal((await admin.api('DELETE', `/users/${long.id}`)).status, 204);
    });
  });

  describe(`database migration 0004-user-search indexes the users that exist (${dialect})`, { skip }, () => {
    it('finds users added before the migration, and keeps finding them after changes', async () => {
      const database = await freshDatabase(dialect);
      const store = openStore(database.url);
      try {
        await migrateToLatest(store);
        const db = store.db;
        // Migrations see an untyped database.
        const untyped = db as unknown as Kysely<unknown>;
        await userSearchMigration.down(untyped);
        await db
          .insertInto('tenants')
          .values({
            id: 't1',
            domain: 'example.com',
            created_at: 0,
            updated_at: 0,
            login_page_title: 'Sign in',
            show_keep_me_logged_in: 1,
            password_policy: 'none',
            password_min_length: 8,
            lockout_threshold: 5,
            lockout_minutes: 5,
            time_zone: 'UTC',
            mail_sender: '',
          })
          .execute();
        const rows = ['ada.lovelace', 'alan.turing', 'edsger.dijkstra'].map((name) =>
          userRow('t1', {
            login_id: `${name}@example.com`,
            display_name: name.replace('.', ' '),
            email: `${name}@mail.example.org`,
          }),
        );
        await insertUsersInBulk(db, rows);

        await userSearchMigration.up(untyped);
        const now = Date.now();
        const search = async (q: string) =>
          (await listUsers(db, 't1', { filter: { q }, sort: 'loginId', order: 'asc', limit: 10, now })).map(
            (u) => u.login_id,
          );
        assert.deepEqual(await search('turing'), ['alan.turing@example.com']);
        assert.deepEqual(
          await search('mail.example'),
          rows.map((r) => r.login_id),
        );
        assert.equal(await countUsersUpTo(db, 't1', { q: 'mail.example' }, now, 1001), 3);
        assert.equal(await countUsersUpTo(db, 't1', { q: 'mail.example' }, now, 2), 2, 'the count stops at its limit');

        await insertUsersInBulk(db, [
          userRow('t1', { login_id: 'grace@example.com', display_name: 'Grace Hopper', email: '' }),
        ]);
        await db
          .updateTable('users')
          .set({ search_text: 'alan.turing@example.com\nenigma' })
          .where('login_id', '=', 'alan.turing@example.com')
          .execute();
        assert.deepEqual(await search('hopper'), ['grace@example.com'], 'a user added after the migration');
        assert.deepEqual(await search('enigma'), ['alan.turing@example.com'], 'a user changed after the migration');
        assert.deepEqual(await search('mail.example'), ['ada.lovelace@example.com', 'edsger.dijkstra@example.com']);
      } finally {
        await store.close();
        await database.drop();
      }
    });
  });
}
