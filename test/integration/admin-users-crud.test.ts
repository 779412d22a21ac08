import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialectsToTest } from '../support/databases.js';
import type { HttpClient } from '../support/http-client.js';
import {
  addUser,
  assertApiError,
  type ApiAuditEntry,
  type ApiUser,
  findUsers,
  GOOD_PASSWORD,
  parseCsv,
  signedInClient,
  signInStatus,
} from '../support/scenario.js';
import { ADMIN_LOGIN, startTestServer, type TestServer } from '../support/test-server.js';

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`admin API: add, view, change and delete users, with the Admin Operation Log (${dialect})`, { skip }, () => {
    let server: TestServer;
    let admin: HttpClient;

    async function auditLog(query: Record<string, string>): Promise<ApiAuditEntry[]> {
      const answer = await admin.api('GET', `/audit-logs?${new URLSearchParams(query)}`);
      assert.equal(answer.status, 200, answer.text);
      const items = answer.json<{ items: ApiAuditEntry[] }>().items;
      for (let i = 1; i < items.length; i++) {
        assert.ok(Date.parse(items[i - 1]?.at ?? '') >= Date.parse(items[i]?.at ?? ''), 'newest first');
      }
      return items;
    }

    /** The operations of some entries; sorted, because two changes in the same millisecond have no order. */
    const operationsOf = (entries: ApiAuditEntry[]) => entries.map((e) => e.operation).sort();
    const entryFor = (entries: ApiAuditEntry[], operation: string) => entries.find((e) => e.operation === operation);

    before(async () => {
      server = await startTestServer(dialect);
      admin = await signedInClient(server);
    });
    after(async () => server?.close());

    it('adds a user without a password: the generated one is shown once and signs the user in', async () => {
      const created = await admin.api('POST', '/users', { loginId: 'alice@example.com', displayName: 'Alice Liddell' });
      assert.equal(created.status, 201, created.text);
      const user = created.json<ApiUser>();
      assert.equal(user.loginId, 'alice@example.com');
      assert.equal(user.displayName, 'Alice Liddell');
      assert.equal(user.status, 'enabled');
      assert.equal(user.role, 'none');
      assert.equal(user.lastLoginAt, null);
      assert.equal(typeof user.generatedPassword, 'string');
      assert.ok((user.generatedPassword ?? '').length >= 16, 'a generated password is long');

      const fetched = await admin.api('GET', `/users/${user.id}`);
      assert.equal(fetched.status, 200);
      assert.equal(fetched.json<ApiUser>().generatedPassword, undefined, 'the password is shown only once');
      assert.doesNotMatch(fetched.text, /password/i, 'no password or hash in the user view');

      assert.equal(await signInStatus(server, 'alice@example.com', user.generatedPassword as string), 303);
      assert.equal(await signInStatus(server, 'alice@example.com', 'not-the-password'), 401);
      assert.notEqual(
        (await admin.api('GET', `/users/${user.id}`)).json<ApiUser>().lastLoginAt,
        null,
        'the login is stamped',
      );
    });

    it('adds a user with a chosen password and returns no generated one', async () => {
      const user = await addUser(admin, { loginId: 'chosen@example.com', password: GOOD_PASSWORD });
      assert.equal(user.generatedPassword, undefined);
      assert.equal(await signInStatus(server, 'chosen@example.com', GOOD_PASSWORD), 303);
    });

    it('refuses a chosen password that breaks the tenant password policy', async () => {
      const answer = await admin.api('POST', '/users', { loginId: 'weak@example.com', password: 'short' });
      assertApiError(answer, 400, 'validation_failed', 'password');
      assert.equal((await findUsers(admin, { q: 'weak@example.com' })).total, 0);
    });

    it('shows, changes and deletes a user; a deleted user is gone and cannot sign in', async () => {
      const user = await addUser(admin, { loginId: 'bob@example.com', displayName: 'Bob' });

      const shown = await admin.api('GET', `/users/${user.id}`);
      assert.equal(shown.status, 200);
      assert.deepEqual(shown.json<ApiUser>(), user);

      const patched = await admin.api('PATCH', `/users/${user.id}`, {
        displayName: 'Robert Tables',
        familyName: 'Tables',
        givenName: 'Robert',
        email: 'robert@mail.example.org',
      });
      assert.equal(patched.status, 200, patched.text);
      const changed = patched.json<ApiUser>();
      assert.equal(changed.displayName, 'Robert Tables');
      assert.equal(changed.familyName, 'Tables');
      assert.equal(changed.givenName, 'Robert');
      assert.equal(changed.email, 'robert@mail.example.org');
      assert.equal(changed.loginId, 'bob@example.com', 'fields not sent stay as they were');
      assert.deepEqual((await admin.api('GET', `/users/${user.id}`)).json<ApiUser>(), changed, 'the change is stored');

      const deleted = await admin.api('DELETE', `/users/${user.id}`);
      assert.equal(deleted.status, 204);
      assert.equal(deleted.text, '');
      assertApiError(await admin.api('GET', `/users/${user.id}`), 404, 'not_found');
      assertApiError(await admin.api('DELETE', `/users/${user.id}`), 404, 'not_found');
      assertApiError(await admin.api('PATCH', `/users/${user.id}`, { displayName: 'Ghost' }), 404, 'not_found');
      assert.equal(await signInStatus(server, 'bob@example.com', GOOD_PASSWORD), 401);
    });

    it('refuses a second user with the same Login ID in another case, on add and on change', async () => {
      await addUser(admin, { loginId: 'carol@example.com' });
      const other = await addUser(admin, { loginId: 'dave@example.com' });
      const before = (await findUsers(admin, {})).total;

      const duplicate = await admin.api('POST', '/users', { loginId: 'Carol@EXAMPLE.com', password: GOOD_PASSWORD });
      const body = assertApiError(duplicate, 409, 'conflict', 'loginId');
      assert.match(body.message, /already exists/);
      assert.equal((await findUsers(admin, {})).total, before, 'nothing was added');

      assertApiError(
        await admin.api('PATCH', `/users/${other.id}`, { loginId: 'CAROL@example.com' }),
        409,
        'conflict',
        'loginId',
      );
      assert.equal((await admin.api('GET', `/users/${other.id}`)).json<ApiUser>().loginId, 'dave@example.com');
    });

    it('changes a Login ID: the user signs in with the new one and no longer with the old', async () => {
      const user = await addUser(admin, { loginId: 'erin@example.com' });
      const patched = await admin.api('PATCH', `/users/${user.id}`, { loginId: 'Erin.New@example.com' });
      assert.equal(patched.status, 200, patched.text);
      assert.equal(patched.json<ApiUser>().loginId, 'Erin.New@example.com');
      assert.equal(await signInStatus(server, 'erin.new@example.com', GOOD_PASSWORD), 303);
      assert.equal(await signInStatus(server, 'erin@example.com', GOOD_PASSWORD), 401);
      // Changing only the case of one's own Login ID is not a conflict with oneself.
      const recased = await admin.api('PATCH', `/users/${user.id}`, { loginId: 'erin.new@example.com' });
      assert.equal(recased.status, 200, recased.text);
    });

    it('writes every change to the Admin Operation Log with actor, target and before/after values', async () => {
      const user = await addUser(admin, { loginId: 'frank@example.com', displayName: 'Frank' });
      assert.equal(
        (await admin.api('PATCH', `/users/${user.id}`, { displayName: 'Franklin', status: 'disabled' })).status,
        200,
      );
      assert.equal((await admin.api('POST', `/users/${user.id}/reset-password`, {})).status, 200);
      assert.equal((await admin.api('POST', `/users/${user.id}/unlock`)).status, 200);
      assert.equal((await admin.api('DELETE', `/users/${user.id}`)).status, 204);

      const entries = await auditLog({ target: 'frank@example.com' });
      assert.deepEqual(
        operationsOf(entries),
        ['user.create', 'user.delete', 'user.reset-password', 'user.unlock', 'user.update'],
        'one entry per change',
      );
      for (const entry of entries) {
        assert.equal(entry.actorLoginId, ADMIN_LOGIN);
        assert.equal(entry.targetId, user.id);
        assert.equal(entry.targetLabel, 'frank@example.com');
        assert.equal(entry.targetType, 'user');
        assert.equal(entry.result, 'success');
        assert.match(entry.ip, /127\.0\.0\.1/);
        assert.ok(!Number.isNaN(Date.parse(entry.at)));
      }
      const [deleted, reset, update, create] = ['user.delete', 'user.reset-password', 'user.update', 'user.create'].map(
        (op) => entryFor(entries, op),
      );
      assert.deepEqual(
        update?.before,
        { displayName: 'Frank', status: 'enabled' },
        'only the changed fields, as they were',
      );
      assert.deepEqual(update?.after, { displayName: 'Franklin', status: 'disabled' });
      assert.equal(create?.before, null);
      assert.equal(create?.after?.loginId, 'frank@example.com');
      assert.equal(create?.after?.displayName, 'Frank');
      assert.equal(deleted?.after, null);
      assert.equal(deleted?.before?.displayName, 'Franklin');
      assert.doesNotMatch(JSON.stringify(reset), /hash|argon2/i, 'no password material in the log');
      assert.doesNotMatch(JSON.stringify(entries), new RegExp(GOOD_PASSWORD));
    });

    it('logs a change of Login ID under the new Login ID with the old one as before value', async () => {
      const user = await addUser(admin, { loginId: 'gina@example.com' });
      await admin.api('PATCH', `/users/${user.id}`, { loginId: 'gina.renamed@example.com' });
      const [entry] = await auditLog({ operation: 'user.update', target: 'gina' });
      assert.deepEqual(entry?.before, { loginId: 'gina@example.com' });
      assert.deepEqual(entry?.after, { loginId: 'gina.renamed@example.com' });
    });

    it('filters the Admin Operation Log by operation, actor and target', async () => {
      const userAdmin = await addUser(admin, { loginId: 'helpdesk@example.com', role: 'user-admin' });
      const helpdesk = await signedInClient(server, userAdmin.loginId, GOOD_PASSWORD);
      const helped = await addUser(helpdesk, { loginId: 'ivan@example.com' });
      assert.equal((await helpdesk.api('PATCH', `/users/${helped.id}`, { displayName: 'Ivan' })).status, 200);

      const byActor = await auditLog({ actor: 'HELPDESK' });
      assert.deepEqual(operationsOf(byActor), ['user.create', 'user.update']);
      assert.ok(
        byActor.every((e) => e.actorLoginId === 'helpdesk@example.com' && e.targetLabel === 'ivan@example.com'),
      );

      const creates = await auditLog({ operation: 'user.create' });
      assert.ok(creates.length >= 5);
      assert.ok(creates.every((e) => e.operation === 'user.create'));
      assert.ok(creates.some((e) => e.targetLabel === 'helpdesk@example.com'));

      const byTarget = await auditLog({ target: 'ivan@' });
      assert.deepEqual(operationsOf(byTarget), ['user.create', 'user.update']);
      assert.ok(byTarget.every((e) => e.actorLoginId === 'helpdesk@example.com'));

      const combined = await auditLog({ operation: 'user.create', actor: 'helpdesk', target: 'ivan' });
      assert.equal(combined.length, 1);
      assert.deepEqual(await auditLog({ operation: 'user.delete', target: 'ivan' }), []);
      assert.deepEqual(await auditLog({ actor: 'nobody-like-this' }), []);
    });

    it('filters the Admin Operation Log by time and pages through it without repeats', async () => {
      const everything = await auditLog({ limit: '200' });
      assert.ok(everything.length > 10);
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const answer = await admin.api('GET', `/audit-logs?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
        assert.equal(answer.status, 200, answer.text);
        const page = answer.json<{ items: ApiAuditEntry[]; nextCursor: string | null }>();
        ids.push(...page.items.map((e) => e.id));
        cursor = page.nextCursor;
      } while (cursor);
      assert.deepEqual(
        ids,
        everything.map((e) => e.id),
      );

      assert.deepEqual(await auditLog({ from: '2999-01-01' }), []);
      assert.equal((await auditLog({ to: '2999-01-01', limit: '200' })).length, everything.length);
      assertApiError(await admin.api('GET', '/audit-logs?from=yesterday'), 400, 'validation_failed', 'from');
    });

    it('downloads the Admin Operation Log as CSV, all of it or filtered', async () => {
      const all = await admin.api('GET', '/audit-logs.csv');
      assert.equal(all.status, 200);
      assert.match(all.headers.get('content-type') ?? '', /^text\/csv/);
      assert.match(all.headers.get('content-disposition') ?? '', /attachment; filename=".+\.csv"/);
      const rows = parseCsv(all.text);
      assert.deepEqual(rows[0], [
        'Time',
        'Actor',
        'Operation',
        'Target Type',
        'Target',
        'Before',
        'After',
        'IP',
        'Result',
      ]);
      const everything = await auditLog({ limit: '200' });
      assert.equal(rows.length - 1, everything.length, 'one row per entry');

      const filtered = parseCsv((await admin.api('GET', '/audit-logs.csv?operation=user.update&target=frank')).text);
      assert.equal(filtered.length, 2);
      const [, row] = filtered;
      assert.equal(row?.[1], ADMIN_LOGIN);
      assert.equal(row?.[2], 'user.update');
      assert.equal(row?.[4], 'frank@example.com');
      assert.deepEqual(JSON.parse(row?.[5] ?? ''), { displayName: 'Frank', status: 'enabled' });
      assert.deepEqual(JSON.parse(row?.[6] ?? ''), { displayName: 'Franklin', status: 'disabled' });
      assert.equal(row?.[8], 'success');
    });
  });
}
