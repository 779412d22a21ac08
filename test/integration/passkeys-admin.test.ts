// Issue 12, second slice: the Access Policy Group's Passkeys and Require user verification settings (validation,
// audit, copy), registration in the portal honouring them, and a user's passkeys listed and removed through the
// admin API by the roles that may, each removal in the Admin Operation Logs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../src/core/clock.js';
import { PASSKEY_MESSAGES } from '../../src/core/messages.js';
import { flagPasskey } from '../../src/store/passkeys.js';
import type { AdminPasskey, AdminPasskeyList } from '../../src/contract/admin-api/index.js';
import type { PasskeyAdded, RegistrationOptions } from '../../src/contract/portal/passkeys.js';
import { dialectsToTest } from '../support/databases.js';
import type { HttpAnswer, HttpClient } from '../support/http-client.js';
import {
  addGroup,
  addUser,
  type ApiAuditEntry,
  assertApiError,
  type ApiGroup,
  GOOD_PASSWORD,
  signedInClient,
} from '../support/scenario.js';
import { type CreationOptionsJSON, SoftwareAuthenticator } from '../support/software-authenticator.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const PUBLIC_URL = 'https://gatehouse.example';
const ORIGIN = 'https://gatehouse.example';
const PASSKEYS = '/portal/example.com/passkeys';

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`passkey group settings and the admin's view of passkeys (${dialect})`, { skip }, () => {
    let server: TestServer;
    let admin: HttpClient;
    const clock = new ManualClock(Date.UTC(2026, 11, 2, 9, 0, 0));

    before(async () => {
      server = await startTestServer(dialect, { clock, env: { GATEHOUSE_PUBLIC_URL: PUBLIC_URL } });
      admin = await signedInClient(server);
    });
    after(async () => server?.close());

    let users = 0;
    async function newUser(
      fields: Record<string, unknown> = {},
    ): Promise<{ client: HttpClient; id: string; loginId: string }> {
      const loginId = `pk.admin${++users}@example.com`;
      const user = await addUser(admin, { loginId, ...fields });
      return { client: await signedInClient(server, loginId, GOOD_PASSWORD), id: user.id, loginId };
    }

    async function options(client: HttpClient, name: string): Promise<HttpAnswer> {
      return client.request('POST', `${PASSKEYS}/options`, {
        json: { name },
        headers: { 'x-csrf-token': await client.formToken(PASSKEYS) },
      });
    }

    async function register(client: HttpClient, name: string, userVerified = true): Promise<HttpAnswer> {
      const answer = await options(client, name);
      assert.equal(answer.status, 200, answer.text);
      const optionsJSON = answer.json<RegistrationOptions>().optionsJSON as CreationOptionsJSON;
      const response = new SoftwareAuthenticator().create(optionsJSON, { origin: ORIGIN, userVerified });
      return client.request('POST', PASSKEYS, {
        json: { name, response },
        headers: { 'x-csrf-token': await client.formToken(PASSKEYS) },
      });
    }

    async function added(client: HttpClient, name: string): Promise<string> {
      const answer = await register(client, name);
      assert.equal(answer.status, 201, answer.text);
      return answer.json<PasskeyAdded>().passkey.id;
    }

    async function auditOf(operation: string, targetId: string): Promise<ApiAuditEntry[]> {
      const answer = await admin.api('GET', `/audit-logs?operation=${operation}`);
      assert.equal(answer.status, 200, answer.text);
      return answer.json<{ items: ApiAuditEntry[] }>().items.filter((entry) => entry.targetId === targetId);
    }

    async function listed(by: HttpClient, userId: string): Promise<AdminPasskey[]> {
      const answer = await by.api('GET', `/users/${userId}/passkeys`);
      assert.equal(answer.status, 200, answer.text);
      return answer.json<AdminPasskeyList>().items;
    }

    it('gives existing and new groups "Allowed as a second factor" without required user verification', async () => {
      const groups = (await admin.api('GET', '/groups')).json<{ items: ApiGroup[] }>().items;
      const defaultGroup = groups.find((group) => group.isDefault);
      assert.ok(defaultGroup);
      assert.deepEqual([defaultGroup.passkeys, defaultGroup.requirePasskeyUserVerification], ['second-factor', false]);
      const fresh = await addGroup(admin, { displayName: 'Fresh' });
      assert.deepEqual([fresh.passkeys, fresh.requirePasskeyUserVerification], ['second-factor', false]);
    });

    it('validates the settings with messages naming the field, audits before and after, and copies them', async () => {
      const bad = await admin.api('POST', '/groups', { displayName: 'Bad', passkeys: 'sometimes' });
      assert.equal(
        assertApiError(bad, 400, 'validation_failed', 'passkeys').message,
        'Passkeys must be one of not-allowed, second-factor, passwordless.',
      );
      const badUv = await admin.api('POST', '/groups', { displayName: 'Bad', requirePasskeyUserVerification: 'yes' });
      assert.equal(
        assertApiError(badUv, 400, 'validation_failed', 'requirePasskeyUserVerification').message,
        'Require user verification must be true or false.',
      );

      const strict = await addGroup(admin, { displayName: 'Strict passkeys', passkeys: 'passwordless' });
      assert.equal(strict.passkeys, 'passwordless');
      const changed = await admin.api('PATCH', `/groups/${strict.id}`, {
        passkeys: 'not-allowed',
        requirePasskeyUserVerification: true,
      });
      assert.equal(changed.status, 200, changed.text);
      assert.deepEqual(
        [changed.json<ApiGroup>().passkeys, changed.json<ApiGroup>().requirePasskeyUserVerification],
        ['not-allowed', true],
      );
      const [update] = await auditOf('group.update', strict.id);
      assert.ok(update);
      assert.deepEqual(update.before, { passkeys: 'passwordless', requirePasskeyUserVerification: false });
      assert.deepEqual(update.after, { passkeys: 'not-allowed', requirePasskeyUserVerification: true });

      const copy = await admin.api('POST', `/groups/${strict.id}/copy`, { displayName: 'Strict copy' });
      assert.equal(copy.status, 201, copy.text);
      const copied = copy.json<ApiGroup>();
      assert.deepEqual([copied.passkeys, copied.requirePasskeyUserVerification], ['not-allowed', true]);
      const [copyAudit] = await auditOf('group.copy', copied.id);
      assert.ok(copyAudit?.after);
      assert.equal(copyAudit.after.passkeys, 'not-allowed');
      assert.equal(copyAudit.after.requirePasskeyUserVerification, true);
    });

    it('refuses to register a passkey for a group where passkeys are "Not allowed", and says so on the page', async () => {
      const group = await addGroup(admin, { displayName: 'No passkeys' });
      const { client, id } = await newUser();
      const keptId = await added(client, 'Older key');

      assert.equal((await admin.api('PATCH', `/users/${id}`, { groupId: group.id })).status, 200);
      assert.equal((await admin.api('PATCH', `/groups/${group.id}`, { passkeys: 'not-allowed' })).status, 200);
      const refused = await options(client, 'New key');
      assert.equal(assertApiError(refused, 403, 'forbidden').message, PASSKEY_MESSAGES.notAllowedForGroup);

      const page = await client.request('GET', PASSKEYS);
      assert.equal(page.status, 200);
      assert.match(page.text, /Passkeys are not allowed for your Access Policy\s+Group/);
      assert.doesNotMatch(page.text, /Add a passkey/);
      assert.doesNotMatch(page.text, /passkeys\.js/);
      assert.match(page.text, /<td class="passkey-name">Older key<\/td>/, 'an older passkey is still listed');
      assert.match(page.text, new RegExp(`${PASSKEYS}/${keptId}/remove`), 'and may still be removed');
    });

    it('refuses an answer finished after the group stopped allowing passkeys', async () => {
      const group = await addGroup(admin, { displayName: 'Switched off' });
      const { client, id } = await newUser();
      assert.equal((await admin.api('PATCH', `/users/${id}`, { groupId: group.id })).status, 200);
      const answer = await options(client, 'Laptop');
      assert.equal(answer.status, 200, answer.text);
      const optionsJSON = answer.json<RegistrationOptions>().optionsJSON as CreationOptionsJSON;
      assert.equal((await admin.api('PATCH', `/groups/${group.id}`, { passkeys: 'not-allowed' })).status, 200);
      const response = new SoftwareAuthenticator().create(optionsJSON, { origin: ORIGIN });
      const refused = await client.request('POST', PASSKEYS, {
        json: { name: 'Laptop', response },
        headers: { 'x-csrf-token': await client.formToken(PASSKEYS) },
      });
      assert.equal(assertApiError(refused, 403, 'forbidden').message, PASSKEY_MESSAGES.notAllowedForGroup);
      assert.deepEqual(await listed(admin, id), []);
      const failures = (await auditOf('passkey.add', id)).filter((entry) => entry.result === 'failure');
      assert.deepEqual(
        failures.map((entry) => entry.after),
        [{ name: 'Laptop', reason: 'not-allowed-for-group' }],
      );
    });

    it('with Require user verification, asks for it and refuses an authenticator that did not verify the user', async () => {
      const group = await addGroup(admin, { displayName: 'Verified', requirePasskeyUserVerification: true });
      const { client, id } = await newUser();
      assert.equal((await admin.api('PATCH', `/users/${id}`, { groupId: group.id })).status, 200);

      const answer = await options(client, 'Key');
      assert.equal(answer.status, 200, answer.text);
      const optionsJSON = answer.json<RegistrationOptions>().optionsJSON as CreationOptionsJSON;
      assert.deepEqual(optionsJSON.authenticatorSelection, {
        residentKey: 'required',
        requireResidentKey: true,
        userVerification: 'required',
      });

      const unverified = await register(client, 'Key', false);
      assert.equal(assertApiError(unverified, 400, 'passkey_refused').message, PASSKEY_MESSAGES.userNotVerified);
      assert.deepEqual(await listed(admin, id), []);
      assert.equal((await register(client, 'Key', true)).status, 201, 'a verifying authenticator is taken');

      // Without the setting, the same unverified authenticator is accepted (user verification only preferred).
      assert.equal(
        (await admin.api('PATCH', `/groups/${group.id}`, { requirePasskeyUserVerification: false })).status,
        200,
      );
      assert.equal((await register(client, 'Other key', false)).status, 201);
    });

    it("lists a user's passkeys for any console admin, with added, last used and the authenticator", async () => {
      const { client, id } = await newUser();
      const passkeyId = await added(client, 'Work laptop');
      const items = await listed(admin, id);
      assert.deepEqual(items, [
        {
          id: passkeyId,
          name: 'Work laptop',
          createdAt: new Date(clock.now()).toISOString(),
          lastUsedAt: null,
          aaguid: '00000000-0000-0000-0000-000000000000',
          deviceType: 'singleDevice',
          backedUp: false,
          flaggedAt: null,
        },
      ]);
      const readOnly = await newUser({ role: 'read-only-admin' });
      assert.deepEqual(await listed(readOnly.client, id), items, 'a Read-Only Admin may look');
      assert.equal((await client.api('GET', `/users/${id}/passkeys`)).status, 403, 'a user is no admin');
      assertApiError(await admin.api('GET', '/users/no-such-user/passkeys'), 404, 'not_found');
    });

    it('shows when a passkey was flagged for a signature counter that went backwards, in the API and the portal', async () => {
      const { client, id } = await newUser();
      const flaggedId = await added(client, 'Old phone');
      const fineId = await added(client, 'Laptop');
      // The flag itself is set by a sign-in whose counter regressed (passkeys-sign-in.test.ts); here, only its display.
      const flaggedAt = clock.now();
      await flagPasskey(server.gatehouse.store.db, flaggedId, flaggedAt);

      const items = await listed(admin, id);
      assert.equal(items.find((item) => item.id === flaggedId)?.flaggedAt, new Date(flaggedAt).toISOString());
      assert.equal(items.find((item) => item.id === fineId)?.flaggedAt, null);

      const page = await client.request('GET', PASSKEYS);
      const rowOf = (passkeyId: string) =>
        new RegExp(`<tr data-passkey-id="${passkeyId}">([\\s\\S]*?)</tr>`).exec(page.text)?.[1] ?? '';
      assert.match(rowOf(flaggedId), /<strong class="passkey-flagged">Flagged<\/strong>/);
      assert.ok(
        rowOf(flaggedId).includes(PASSKEY_MESSAGES.flaggedExplanation.replace(/'/g, '&#39;')),
        rowOf(flaggedId),
      );
      assert.doesNotMatch(rowOf(fineId), /Flagged/);
    });

    it('removes a passkey for admins who may change the user, and logs who removed which of whose', async () => {
      const { client, id, loginId } = await newUser();
      const passkeyId = await added(client, 'Lost phone');
      const keptId = await added(client, 'Desk key');

      const readOnly = await newUser({ role: 'read-only-admin' });
      assertApiError(await readOnly.client.api('DELETE', `/users/${id}/passkeys/${passkeyId}`), 403, 'forbidden');
      // Even a Global Admin's removal needs the CSRF header, as every admin API change does.
      assertApiError(
        await admin.request('DELETE', `/api/admin/example.com/v1/users/${id}/passkeys/${passkeyId}`),
        403,
        'csrf_failed',
      );

      // A User Admin manages ordinary users, not another administrator's passkeys.
      const userAdmin = await newUser({ role: 'user-admin' });
      const otherAdmin = await newUser({ role: 'user-admin' });
      const adminsKey = await added(otherAdmin.client, 'Admin key');
      assertApiError(
        await userAdmin.client.api('DELETE', `/users/${otherAdmin.id}/passkeys/${adminsKey}`),
        403,
        'forbidden',
      );

      const ownKey = await added(userAdmin.client, 'My own key');
      const own = await userAdmin.client.api('DELETE', `/users/${userAdmin.id}/passkeys/${ownKey}`);
      assert.equal(assertApiError(own, 403, 'forbidden').message, PASSKEY_MESSAGES.ownPasskeysInPortal);

      const removed = await userAdmin.client.api('DELETE', `/users/${id}/passkeys/${passkeyId}`);
      assert.equal(removed.status, 204, removed.text);
      assert.deepEqual(
        (await listed(admin, id)).map((p) => p.id),
        [keptId],
      );
      const again = await userAdmin.client.api('DELETE', `/users/${id}/passkeys/${passkeyId}`);
      assert.equal(assertApiError(again, 404, 'not_found').message, PASSKEY_MESSAGES.notFoundForAdmin);
      // A passkey id of another user does not reach across accounts.
      assertApiError(await admin.api('DELETE', `/users/${id}/passkeys/${adminsKey}`), 404, 'not_found');

      const [entry] = await auditOf('passkey.remove', id);
      assert.ok(entry);
      assert.equal(entry.actorLoginId, userAdmin.loginId);
      assert.equal(entry.targetLabel, loginId);
      assert.equal(entry.result, 'success');
      assert.deepEqual(entry.before, {
        passkeyId,
        name: 'Lost phone',
        deviceType: 'singleDevice',
        aaguid: '00000000-0000-0000-0000-000000000000',
      });
      assert.equal(entry.after, null);

      // The Global Admin removes an administrator's passkey.
      assert.equal((await admin.api('DELETE', `/users/${otherAdmin.id}/passkeys/${adminsKey}`)).status, 204);
    });

    it('documents the calls in /api/docs', async () => {
      const answer = await admin.request('GET', '/api/docs');
      assert.equal(answer.status, 200, answer.text.slice(0, 200));
      const doc = answer.json<{ paths: Record<string, Record<string, unknown>> }>();
      const paths = Object.keys(doc.paths);
      assert.ok(paths.some((p) => /\/users\/\{id\}\/passkeys$/.test(p) && doc.paths[p]?.get));
      assert.ok(paths.some((p) => /\/users\/\{id\}\/passkeys\/\{passkeyId\}$/.test(p) && doc.paths[p]?.delete));
      assert.match(answer.text, /requirePasskeyUserVerification/);
      const list = Object.entries(doc.paths).find(([p]) => /\/users\/\{id\}\/passkeys$/.test(p))?.[1];
      const itemSchema = (
        list?.get as {
          responses: Record<string, { content: Record<string, { schema: { properties: Record<string, unknown> } }> }>;
        }
      ).responses['200']?.content['application/json']?.schema.properties.items as {
        items: { properties: Record<string, { description?: string }>; required: string[] };
      };
      assert.ok(itemSchema.items.required.includes('flaggedAt'));
      assert.match(itemSchema.items.properties.flaggedAt?.description ?? '', /signature counter that went backwards/);
    });
  });
}
