import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newId } from '../../src/core/ids.js';
import type { NewUserRow } from '../../src/store/schema.js';
import { insertUsersInBulk, searchTextOf } from '../../src/store/users.js';
import { dialectsToTest } from '../support/databases.js';
import type { HttpClient } from '../support/http-client.js';
import {
  assertApiError,
  type ApiUser,
  type ApiUserPage,
  findUsers,
  parseCsv,
  signedInClient,
} from '../support/scenario.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const SEEDED = 120;
const SORT_KEYS = ['loginId', 'displayName', 'email', 'status', 'role', 'createdAt', 'lastLoginAt'] as const;
const HOUR = 3_600_000;

/** How each seeded user i looks: a spread of statuses, roles and login history, all decided by i. */
function seededStatus(i: number): 'enabled' | 'disabled' | 'locked' {
  if (i % 10 === 3) return 'disabled';
  if (i % 15 === 7) return 'locked';
  return 'enabled';
}
function seededRole(i: number): 'none' | 'user-admin' | 'read-only-admin' {
  if (i % 20 === 5) return 'user-admin';
  if (i % 30 === 11) return 'read-only-admin';
  return 'none';
}
const seededLoggedIn = (i: number) => i % 3 === 0;
const pad = (i: number) => String(i).padStart(3, '0');

/** Users whose names test the search and the CSV escaping. */
const SPECIAL_USERS = [
  { login_id: 'smith.john@example.com', display_name: 'Smith, John', email: '' },
  { login_id: 'formula@example.com', display_name: '=1+1', email: '' },
  { login_id: 'percent@example.com', display_name: '100% Sure', email: '' },
  { login_id: 'under_score@example.com', display_name: 'Under Score', email: '' },
  { login_id: 'MiXeD.Case@Example.com', display_name: 'Quinn Quotes "Q"', email: 'Q.Contact@Mail.Example.org' },
];

function comparable(user: ApiUser, key: (typeof SORT_KEYS)[number]): string | number {
  switch (key) {
    case 'loginId':
      return user.loginId.toLowerCase();
    case 'createdAt':
      return Date.parse(user.createdAt);
    case 'lastLoginAt':
      return user.lastLoginAt ? Date.parse(user.lastLoginAt) : 0;
    case 'status':
      // Disabled, Enabled, then Locked out users (a lock still running), each as a block of its own.
      return ['disabled', 'enabled', 'locked'].indexOf(user.status);
    default:
      return user[key];
  }
}

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`admin API: User List search, filters, sorting, paging and CSV (${dialect})`, { skip }, () => {
    let server: TestServer;
    let admin: HttpClient;
    let total: number;

    before(async () => {
      server = await startTestServer(dialect);
      admin = await signedInClient(server);
      const tenant = await server.gatehouse.services.tenants.findByDomain('example.com');
      assert.ok(tenant);
      const now = Date.now();
      const rows: NewUserRow[] = [];
      // i < 0: a plain enabled user with no role who never logged in.
      const row = (i: number, fields: { login_id: string; display_name: string; email: string }): NewUserRow => ({
        id: newId(),
        tenant_id: tenant.id,
        ...fields,
        family_name: '',
        given_name: '',
        login_id_lower: fields.login_id.toLowerCase(),
        search_text: searchTextOf({ ...fields, family_name: '', given_name: '' }),
        status: i >= 0 && seededStatus(i) === 'disabled' ? 'disabled' : 'enabled',
        role: i >= 0 ? seededRole(i) : 'none',
        // Not a usable hash: these users only need to be listed.
        password_hash:
          '$argon2id$v=19$m=4096,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
        failed_login_count: i >= 0 && seededStatus(i) === 'locked' ? 10 : 0,
        locked_until: i >= 0 && seededStatus(i) === 'locked' ? now + 24 * HOUR : 0,
        // A few share the same login time, so that paging must break ties by id.
        last_login_at: i >= 0 && seededLoggedIn(i) ? now - Math.floor(i / 9) * HOUR : 0,
        created_at: now - (SEEDED - i) * 1000,
        updated_at: now,
      });
      for (let i = 0; i < SEEDED; i++) {
        rows.push(
          row(i, {
            login_id: `user${pad(i)}@example.com`,
            display_name: `Person ${pad(i)}`,
            email: `contact${pad(i)}@mail.example.org`,
          }),
        );
      }
      SPECIAL_USERS.forEach((fields, n) => rows.push(row(-1 - n, fields)));
      await insertUsersInBulk(server.gatehouse.store.db, rows);
      total = SEEDED + SPECIAL_USERS.length + 1; // + the initial admin
    });
    after(async () => server?.close());

    it('counts every user of the tenant', async () => {
      const page = await findUsers(admin, { limit: '10' });
      assert.equal(page.total, total);
      assert.equal(page.totalIsLowerBound, false, 'under 1000 users, the count is exact');
      assert.equal(page.items.length, 10);
      assert.equal(typeof page.nextCursor, 'string');
      assert.equal((await findUsers(admin, {})).items.length, 50, 'the default page size is 50');
    });

    it('searches login ID, display name and email by substring, in any case', async () => {
      const byLoginId = await findUsers(admin, { q: 'USER04' });
      assert.deepEqual(
        byLoginId.items.map((u) => u.loginId),
        Array.from({ length: 10 }, (_, i) => `user04${i}@example.com`),
      );
      assert.equal(byLoginId.total, 10);

      const byDisplayName = await findUsers(admin, { q: 'person 11' });
      assert.deepEqual(
        byDisplayName.items.map((u) => u.displayName),
        Array.from({ length: 10 }, (_, i) => `Person 11${i}`),
      );

      const byEmail = await findUsers(admin, { q: 'mail.EXAMPLE.org', limit: '200' });
      assert.equal(byEmail.total, SEEDED + 1);
      assert.ok(byEmail.items.some((u) => u.loginId === 'MiXeD.Case@Example.com'));

      const mixed = await findUsers(admin, { q: 'mixed.case@EXAMPLE' });
      assert.deepEqual(
        mixed.items.map((u) => u.loginId),
        ['MiXeD.Case@Example.com'],
        'the stored case is kept',
      );

      assert.equal((await findUsers(admin, { q: 'no-such-person' })).total, 0);
      assert.equal((await findUsers(admin, { q: '  user119  ' })).total, 1, 'surrounding spaces are ignored');
    });

    it('takes % and _ in the search literally', async () => {
      assert.deepEqual(
        (await findUsers(admin, { q: '%' })).items.map((u) => u.displayName),
        ['100% Sure'],
      );
      assert.deepEqual(
        (await findUsers(admin, { q: '_' })).items.map((u) => u.loginId),
        ['under_score@example.com'],
      );
      assert.deepEqual(
        (await findUsers(admin, { q: 'r_s' })).items.map((u) => u.loginId),
        ['under_score@example.com'],
      );
      assert.equal((await findUsers(admin, { q: 'user_0' })).total, 0, '_ is not a wildcard for "user00x"');
      assert.equal((await findUsers(admin, { q: '0%s' })).total, 0);
      assert.equal((await findUsers(admin, { q: '\\' })).total, 0, 'a backslash is an ordinary character too');
    });

    it('filters by status, role and whether the user has ever logged in', async () => {
      const indexes = Array.from({ length: SEEDED }, (_, i) => i);
      const expect = (predicate: (i: number) => boolean) => indexes.filter(predicate).length;

      const disabled = await findUsers(admin, { status: 'disabled', limit: '200' });
      assert.equal(
        disabled.total,
        expect((i) => seededStatus(i) === 'disabled'),
      );
      assert.ok(disabled.items.every((u) => u.status === 'disabled'));

      const locked = await findUsers(admin, { status: 'locked', limit: '200' });
      assert.equal(
        locked.total,
        expect((i) => seededStatus(i) === 'locked'),
      );
      assert.ok(locked.items.every((u) => u.status === 'locked' && u.lockedUntil !== null));

      const enabled = await findUsers(admin, { status: 'enabled', limit: '200' });
      assert.ok(enabled.items.every((u) => u.status === 'enabled'));
      assert.equal(
        Number(enabled.total) + Number(disabled.total) + Number(locked.total),
        total,
        'every user has exactly one status',
      );

      const userAdmins = await findUsers(admin, { role: 'user-admin', limit: '200' });
      assert.equal(
        userAdmins.total,
        expect((i) => seededRole(i) === 'user-admin'),
      );
      assert.ok(userAdmins.items.every((u) => u.role === 'user-admin'));
      const readOnly = await findUsers(admin, { role: 'read-only-admin', limit: '200' });
      assert.equal(
        readOnly.total,
        expect((i) => seededRole(i) === 'read-only-admin'),
      );
      const globalAdmins = await findUsers(admin, { role: 'global-admin' });
      assert.deepEqual(
        globalAdmins.items.map((u) => u.loginId),
        ['admin@example.com'],
      );

      // The initial admin has signed in (this suite's session) and counts as logged in.
      const loggedIn = await findUsers(admin, { loggedIn: 'yes', limit: '200' });
      assert.equal(loggedIn.total, expect(seededLoggedIn) + 1);
      assert.ok(loggedIn.items.every((u) => u.lastLoginAt !== null));
      const never = await findUsers(admin, { loggedIn: 'no', limit: '200' });
      assert.equal(never.total, total - Number(loggedIn.total));
      assert.ok(never.items.every((u) => u.lastLoginAt === null));

      const combined = await findUsers(admin, { q: 'person 0', status: 'disabled', loggedIn: 'yes' });
      const expected = indexes.filter((i) => i < 100 && seededStatus(i) === 'disabled' && seededLoggedIn(i));
      assert.deepEqual(
        combined.items.map((u) => u.displayName),
        expected.map((i) => `Person ${pad(i)}`),
      );
    });

    it('sorts by every column, ascending and descending', async () => {
      for (const sort of SORT_KEYS) {
        const asc = await findUsers(admin, { sort, order: 'asc', limit: '200' });
        const desc = await findUsers(admin, { sort, order: 'desc', limit: '200' });
        assert.equal(asc.items.length, total);
        for (let i = 1; i < asc.items.length; i++) {
          const [a, b] = [comparable(asc.items[i - 1] as ApiUser, sort), comparable(asc.items[i] as ApiUser, sort)];
          assert.ok(a <= b, `sort=${sort}: ${a} should not come before ${b}`);
        }
        assert.deepEqual(
          desc.items.map((u) => u.id),
          asc.items.map((u) => u.id).reverse(),
          `sort=${sort}: descending is ascending reversed`,
        );
      }
      const byName = await findUsers(admin, { sort: 'displayName', limit: '3', q: 'person' });
      assert.deepEqual(
        byName.items.map((u) => u.displayName),
        ['Person 000', 'Person 001', 'Person 002'],
      );
      const newest = await findUsers(admin, { sort: 'createdAt', order: 'desc', limit: '1', q: 'person' });
      assert.equal(newest.items[0]?.displayName, `Person ${pad(SEEDED - 1)}`);
    });

    it('pages through all users exactly once, for every sort order', async () => {
      for (const sort of SORT_KEYS) {
        for (const order of ['asc', 'desc'] as const) {
          const whole = await findUsers(admin, { sort, order, limit: '200' });
          const seen: string[] = [];
          let cursor: string | null = null;
          let pages = 0;
          do {
            const page: ApiUserPage = await findUsers(admin, {
              sort,
              order,
              limit: '25',
              ...(cursor ? { cursor } : {}),
            });
            assert.ok(page.items.length <= 25);
            assert.equal(page.total, pages === 0 ? total : null, 'only the first page carries the total');
            assert.equal(page.totalIsLowerBound, false);
            seen.push(...page.items.map((u) => u.id));
            cursor = page.nextCursor;
            pages++;
          } while (cursor && pages < 20);
          assert.equal(pages, Math.ceil(total / 25), `sort=${sort} ${order}: pages`);
          assert.equal(new Set(seen).size, seen.length, `sort=${sort} ${order}: no user twice`);
          assert.deepEqual(
            seen,
            whole.items.map((u) => u.id),
            `sort=${sort} ${order}: same order as one big page`,
          );
        }
      }
    });

    it('pages through a filtered list with the same filters', async () => {
      const filter = { q: 'person', status: 'enabled', sort: 'lastLoginAt', order: 'desc' };
      const whole = await findUsers(admin, { ...filter, limit: '200' });
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: ApiUserPage = await findUsers(admin, { ...filter, limit: '7', ...(cursor ? { cursor } : {}) });
        seen.push(...page.items.map((u) => u.id));
        cursor = page.nextCursor;
      } while (cursor);
      assert.deepEqual(
        seen,
        whole.items.map((u) => u.id),
      );
      assert.equal(seen.length, whole.total);
    });

    it('refuses a cursor from another sort order, and a garbage cursor', async () => {
      const byCreated = await findUsers(admin, { sort: 'createdAt', limit: '5' });
      assert.ok(byCreated.nextCursor);
      assertApiError(
        await admin.api('GET', `/users?sort=loginId&cursor=${byCreated.nextCursor}`),
        400,
        'validation_failed',
        'cursor',
      );
      const byLogin = await findUsers(admin, { sort: 'loginId', limit: '5' });
      assertApiError(
        await admin.api('GET', `/users?sort=lastLoginAt&cursor=${byLogin.nextCursor}`),
        400,
        'validation_failed',
        'cursor',
      );

      for (const garbage of [
        'garbage!',
        'bm90IGpzb24',
        Buffer.from('{"a":1}').toString('base64url'),
        Buffer.from('[1,2,3]').toString('base64url'),
      ]) {
        assertApiError(
          await admin.api('GET', `/users?cursor=${encodeURIComponent(garbage)}`),
          400,
          'validation_failed',
          'cursor',
        );
      }
      assertApiError(await admin.api('GET', '/users?limit=0'), 400, 'validation_failed', 'limit');
      assertApiError(await admin.api('GET', '/users?limit=201'), 400, 'validation_failed', 'limit');
      assertApiError(await admin.api('GET', '/users?sort=password'), 400, 'validation_failed', 'sort');
    });

    it('downloads every user as CSV with a header row, quoting and defused formulas', async () => {
      const answer = await admin.api('GET', '/users.csv');
      assert.equal(answer.status, 200);
      assert.match(answer.headers.get('content-type') ?? '', /^text\/csv/);
      assert.match(answer.headers.get('content-disposition') ?? '', /^attachment; filename="users-example\.com\.csv"$/);
      const rows = parseCsv(answer.text);
      const header = rows[0] ?? [];
      assert.deepEqual(header.slice(0, 7), [
        'Login ID',
        'Display Name',
        'Family Name',
        'Given Name',
        'Email',
        'Status',
        'Role',
      ]);
      for (const column of ['Last Login', 'Created']) assert.ok(header.includes(column), `a ${column} column`);
      assert.equal(rows.length - 1, total, 'one row per user, no paging');
      assert.ok(
        rows.every((r) => r.length === header.length),
        'every row has every column',
      );
      assert.equal(new Set(rows.slice(1).map((r) => r[0])).size, total);

      assert.ok(answer.text.includes('smith.john@example.com,"Smith, John",'), 'a comma in a name is quoted');
      assert.ok(answer.text.includes(`formula@example.com,'=1+1,`), 'a formula-like name gets a leading apostrophe');
      assert.ok(answer.text.includes('"Quinn Quotes ""Q"""'), 'quotes are doubled');
      const formula = rows.find((r) => r[0] === 'formula@example.com');
      assert.equal(formula?.[1], "'=1+1");
      const locked = rows.find((r) => r[0] === `user${pad(7)}@example.com`);
      assert.equal(locked?.[5], 'Locked out');
      const helper = rows.find((r) => r[0] === `user${pad(5)}@example.com`);
      assert.equal(helper?.[6], 'User Admin');
      const lastLogin = header.indexOf('Last Login');
      assert.ok(
        !Number.isNaN(Date.parse(rows.find((r) => r[0] === `user${pad(3)}@example.com`)?.[lastLogin] ?? '')),
        'a last login is a timestamp',
      );
      assert.equal(rows.find((r) => r[0] === `user${pad(1)}@example.com`)?.[lastLogin], '', 'never logged in: empty');
    });

    it('downloads only the filtered users as CSV, in the requested order', async () => {
      const disabled = await findUsers(admin, { status: 'disabled', sort: 'displayName', order: 'desc', limit: '200' });
      const rows = parseCsv((await admin.api('GET', '/users.csv?status=disabled&sort=displayName&order=desc')).text);
      assert.equal(rows.length - 1, disabled.total);
      assert.deepEqual(
        rows.slice(1).map((r) => r[0]),
        disabled.items.map((u) => u.loginId),
      );
      assert.ok(rows.slice(1).every((r) => r[5] === 'Disabled'));

      const searched = parseCsv((await admin.api('GET', '/users.csv?q=smith')).text);
      assert.deepEqual(
        searched.slice(1).map((r) => r[1]),
        ['Smith, John'],
      );
      const none = parseCsv((await admin.api('GET', '/users.csv?q=no-such-person')).text);
      assert.equal(none.length, 1, 'only the header row');
    });
  });
}
