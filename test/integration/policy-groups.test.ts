// SPEC §4: Access Policy Groups through the admin API (add, edit, copy, delete, assign), the condition checks made
// when a group is saved, who may change groups, and the lock-out guards of SPEC §5.3.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LOCK_OUT_GUARD_MESSAGE } from '../../src/core/messages.js';
import { dialectsToTest } from '../support/databases.js';
import { HttpClient } from '../support/http-client.js';
import {
  addGroup,
  addUser,
  type ApiAuditEntry,
  assertApiError,
  type ApiGroup,
  type ApiUser,
  findUsers,
  GOOD_PASSWORD,
  pageError,
  signedInClient,
  submitLogin,
} from '../support/scenario.js';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type TestServer } from '../support/test-server.js';

const LOCK_OUT_GUARD = 'This change would leave the tenant without a Global Admin who can sign in.';

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`Access Policy Groups (${dialect})`, { skip }, () => {
    let server: TestServer;
    let admin: HttpClient;
    let defaultGroup: ApiGroup;

    before(async () => {
      server = await startTestServer(dialect);
      admin = await signedInClient(server);
    });
    after(async () => server?.close());

    async function groups(): Promise<ApiGroup[]> {
      const answer = await admin.api('GET', '/groups');
      assert.equal(answer.status, 200, answer.text);
      return answer.json<{ items: ApiGroup[] }>().items;
    }

    async function group(id: string): Promise<ApiGroup> {
      const answer = await admin.api('GET', `/groups/${id}`);
      assert.equal(answer.status, 200, answer.text);
      return answer.json<ApiGroup>();
    }

    async function assign(userId: string, groupId: string, by = admin): Promise<ApiUser> {
      const answer = await by.api('PATCH', `/users/${userId}`, { groupId });
      assert.equal(answer.status, 200, answer.text);
      return answer.json<ApiUser>();
    }

    it('starts with a Default group that holds every user and skips OTP', async () => {
      const alice = await addUser(admin, { loginId: 'alice@example.com' });
      const [only, ...others] = await groups();
      assert.equal(others.length, 0);
      assert.ok(only);
      defaultGroup = only;
      assert.equal(only.displayName, 'Default');
      assert.equal(only.isDefault, true);
      assert.equal(only.userCount, 2);
      assert.deepEqual([only.allowAccess, only.skipOtp, only.cookieExpirationHours], ['always', 'always-skip', 168]);
      const alices = (await admin.api('GET', `/users/${alice.id}`)).json<ApiUser>();
      assert.deepEqual([alices.groupId, alices.groupName], [only.id, 'Default']);
    });

    it('adds a group with defaults for what is not given, and edits it', async () => {
      const sales = await addGroup(admin, {
        displayName: 'Sales',
        skipOtp: 'always-require',
        cookieExpirationHours: 12,
      });
      assert.equal(sales.isDefault, false);
      assert.equal(sales.userCount, 0);
      assert.deepEqual(
        [
          sales.allowAccess,
          sales.allowCondition,
          sales.skipOtp,
          sales.cookieExpirationHours,
          sales.allowPortalOtpSetup,
          sales.otpEmailChange,
        ],
        ['always', '', 'always-require', 12, true, 'always'],
      );
      const edited = await admin.api('PATCH', `/groups/${sales.id}`, {
        allowAccess: 'conditions',
        allowCondition: 'ip4:10.0.0.0/8 or ip4:127.0.0.1',
        allowPortalOtpSetup: false,
      });
      assert.equal(edited.status, 200, edited.text);
      const after = await group(sales.id);
      assert.deepEqual(
        [
          after.displayName,
          after.allowAccess,
          after.allowCondition,
          after.skipOtp,
          after.cookieExpirationHours,
          after.allowPortalOtpSetup,
        ],
        ['Sales', 'conditions', 'ip4:10.0.0.0/8 or ip4:127.0.0.1', 'always-require', 12, false],
        'fields not sent keep their values',
      );
      assert.deepEqual(
        (await groups()).map((g) => g.displayName),
        ['Default', 'Sales'],
        'Default first, then by name',
      );

      const audit = (await admin.api('GET', '/audit-logs?operation=group.update')).json<{ items: ApiAuditEntry[] }>()
        .items;
      assert.ok(
        audit.some((entry) => entry.targetId === sales.id && entry.actorLoginId === ADMIN_LOGIN),
        'the change is in the Admin Operation Logs',
      );
    });

    it('refuses a condition with a syntax error, naming the field and the column, and keeps the group as it was', async () => {
      const sales = (await groups()).find((g) => g.displayName === 'Sales');
      assert.ok(sales);
      const cases: [Record<string, unknown>, string, number][] = [
        [{ allowCondition: 'ip4:10.0.0.0/8 and ip4:300.1.1.1' }, 'allowCondition', 24],
        [{ allowCondition: 'ip4:10.0.0.0/8 or (ip4:192.168.0.0/16' }, 'allowCondition', 19],
        [{ allowCondition: 'ip4:10.0.0.0/8 or or ip4:10.0.0.1' }, 'allowCondition', 19],
        [{ allowCondition: 'IP4:10.0.0.1' }, 'allowCondition', 1],
        [{ allowCondition: '' }, 'allowCondition', 1],
        [{ skipOtp: 'conditions', skipOtpCondition: 'time:09:00-25:00' }, 'skipOtpCondition', 6],
      ];
      for (const [body, field, column] of cases) {
        const error = assertApiError(
          await admin.api('PATCH', `/groups/${sales.id}`, body),
          400,
          'validation_failed',
          field,
        );
        assert.match(
          error.message,
          new RegExp(`\\(column ${column}\\)$`),
          `${JSON.stringify(body)} → ${error.message}`,
        );
      }
      const refused = assertApiError(
        await admin.api('POST', '/groups', {
          displayName: 'Broken',
          allowAccess: 'conditions',
          allowCondition: 'ip4:1.2.3.4 and',
        }),
        400,
        'validation_failed',
        'allowCondition',
      );
      assert.match(refused.message, /\(column \d+\)$/);
      assert.equal((await group(sales.id)).allowCondition, 'ip4:10.0.0.0/8 or ip4:127.0.0.1');
      assert.ok(!(await groups()).some((g) => g.displayName === 'Broken'));
    });

    it('refuses an ipset: or template: that does not exist', async () => {
      const sales = (await groups()).find((g) => g.displayName === 'Sales');
      assert.ok(sales);
      const ipSet = assertApiError(
        await admin.api('PATCH', `/groups/${sales.id}`, { allowCondition: 'ipset:nowhere' }),
        400,
        'validation_failed',
        'allowCondition',
      );
      assert.match(ipSet.message, /nowhere/);
      const placed = assertApiError(
        await admin.api('PATCH', `/groups/${sales.id}`, {
          allowCondition: 'weekday:mon-fri and (ipset:nowhere or true)',
        }),
        400,
        'validation_failed',
        'allowCondition',
      );
      assert.match(placed.message, /there is no IP Set "nowhere" \(column 22\)$/);
      const template = assertApiError(
        await admin.api('POST', '/groups', {
          displayName: 'Ghost',
          skipOtp: 'conditions',
          skipOtpCondition: 'template:no-such',
        }),
        400,
        'validation_failed',
        'skipOtpCondition',
      );
      assert.match(template.message, /no-such/);
    });

    it('refuses a second group with the same Display Name, in any case', async () => {
      const sales = (await groups()).find((g) => g.displayName === 'Sales');
      assert.ok(sales);
      assertApiError(await admin.api('POST', '/groups', { displayName: 'sales' }), 409, 'conflict', 'displayName');
      assertApiError(
        await admin.api('PATCH', `/groups/${sales.id}`, { displayName: 'Default' }),
        409,
        'conflict',
        'displayName',
      );
      assertApiError(
        await admin.api('POST', `/groups/${defaultGroup.id}/copy`, { displayName: 'SALES' }),
        409,
        'conflict',
        'displayName',
      );
      assertApiError(
        await admin.api('POST', '/groups', { displayName: '   ' }),
        400,
        'validation_failed',
        'displayName',
      );
      assertApiError(
        await admin.api('POST', '/groups', { displayName: 'x'.repeat(257) }),
        400,
        'validation_failed',
        'displayName',
      );
      assertApiError(
        await admin.api('POST', '/groups', { displayName: 'Hours', cookieExpirationHours: 745 }),
        400,
        'validation_failed',
        'cookieExpirationHours',
      );
      assert.equal((await groups()).filter((g) => g.displayName.toLowerCase() === 'sales').length, 1);
      const renamed = await admin.api('PATCH', `/groups/${sales.id}`, { displayName: 'SALES' });
      assert.equal(renamed.status, 200, 'a group may change the case of its own name');
      assert.equal((await admin.api('PATCH', `/groups/${sales.id}`, { displayName: 'Sales' })).status, 200);
    });

    it('copies a group with all its settings under a new Display Name', async () => {
      const sales = (await groups()).find((g) => g.displayName === 'Sales');
      assert.ok(sales);
      assertApiError(await admin.api('POST', `/groups/${sales.id}/copy`, {}), 400, 'validation_failed', 'displayName');
      const answer = await admin.api('POST', `/groups/${sales.id}/copy`, { displayName: 'Sales (OTP test)' });
      assert.equal(answer.status, 201, answer.text);
      const copy = answer.json<ApiGroup>();
      assert.notEqual(copy.id, sales.id);
      assert.equal(copy.displayName, 'Sales (OTP test)');
      assert.equal(copy.userCount, 0);
      assert.equal(copy.isDefault, false);
      const settings = (g: ApiGroup) => ({ ...g, id: '', displayName: '', userCount: 0, createdAt: '', updatedAt: '' });
      assert.deepEqual(settings(copy), settings(await group(sales.id)));

      const override = await admin.api('POST', `/groups/${defaultGroup.id}/copy`, {
        displayName: 'Default, but OTP',
        skipOtp: 'always-require',
      });
      assert.equal(override.status, 201, override.text);
      assert.deepEqual(
        [override.json<ApiGroup>().skipOtp, override.json<ApiGroup>().isDefault],
        ['always-require', false],
      );
      assert.equal((await group(defaultGroup.id)).skipOtp, 'always-skip', 'the source is untouched');
    });

    it('assigns a user to a group, which shows in the user, the count, the filter and the next sign-in', async () => {
      const copy = (await groups()).find((g) => g.displayName === 'Default, but OTP');
      assert.ok(copy);
      const bob = await addUser(admin, { loginId: 'bob@example.com' });
      assert.equal(
        (await submitLogin(new HttpClient(server.baseUrl), 'bob@example.com', GOOD_PASSWORD)).headers.get('location'),
        '/portal/example.com/',
      );

      const assigned = await assign(bob.id, copy.id);
      assert.deepEqual([assigned.groupId, assigned.groupName], [copy.id, 'Default, but OTP']);
      assert.equal((await group(copy.id)).userCount, 1);
      const filtered = await findUsers(admin, { groupId: copy.id });
      assert.deepEqual(
        filtered.items.map((u) => u.loginId),
        ['bob@example.com'],
      );
      assert.ok(
        (await findUsers(admin, { groupId: defaultGroup.id })).items.every(
          (u) => (u as ApiUser).groupName === 'Default',
        ),
      );
      assertApiError(
        await admin.api('PATCH', `/users/${bob.id}`, { groupId: '00000000-0000-0000-0000-000000000000' }),
        400,
        'validation_failed',
        'groupId',
      );

      const next = await submitLogin(new HttpClient(server.baseUrl), 'bob@example.com', GOOD_PASSWORD);
      assert.equal(
        next.headers.get('location'),
        '/portal/example.com/login/otp',
        'from the next login on, the new group asks for OTP',
      );
    });

    it('refuses to delete the Default group and a group with users, and deletes an empty one', async () => {
      const copy = (await groups()).find((g) => g.displayName === 'Default, but OTP');
      assert.ok(copy);
      assertApiError(await admin.api('DELETE', `/groups/${defaultGroup.id}`), 409, 'conflict');
      assertApiError(await admin.api('DELETE', `/groups/${copy.id}`), 409, 'conflict');
      assert.equal((await group(copy.id)).userCount, 1, 'still there, with its user');

      const bob = (await findUsers(admin, { groupId: copy.id })).items[0];
      assert.ok(bob);
      await assign(bob.id, defaultGroup.id);
      const deleted = await admin.api('DELETE', `/groups/${copy.id}`);
      assert.equal(deleted.status, 204, deleted.text);
      assertApiError(await admin.api('GET', `/groups/${copy.id}`), 404, 'not_found');
      assert.ok(!(await groups()).some((g) => g.id === copy.id));
    });

    it('lets a User Admin assign groups but not change them, nor IP Sets or templates; a Read-Only Admin changes nothing', async () => {
      await addUser(admin, { loginId: 'uma.useradmin@example.com', role: 'user-admin' });
      await addUser(admin, { loginId: 'rob.readonly@example.com', role: 'read-only-admin' });
      const userAdmin = await signedInClient(server, 'uma.useradmin@example.com', GOOD_PASSWORD);
      const readOnly = await signedInClient(server, 'rob.readonly@example.com', GOOD_PASSWORD);
      const sales = (await groups()).find((g) => g.displayName === 'Sales');
      assert.ok(sales);
      const ipSet = await admin.api('POST', '/ip-sets', { identifier: 'branch', entries: ['192.0.2.0/24'] });
      assert.equal(ipSet.status, 201, ipSet.text);
      const template = await admin.api('POST', '/templates', { identifier: 'branch-only', condition: 'ipset:branch' });
      assert.equal(template.status, 201, template.text);
      const setId = ipSet.json<{ id: string }>().id;
      const templateId = template.json<{ id: string }>().id;

      for (const [who, client] of [
        ['User Admin', userAdmin],
        ['Read-Only Admin', readOnly],
      ] as const) {
        for (const [method, path, body] of [
          ['POST', '/groups', { displayName: `By ${who}` }],
          ['PATCH', `/groups/${sales.id}`, { cookieExpirationHours: 1 }],
          ['POST', `/groups/${sales.id}/copy`, { displayName: `Copy by ${who}` }],
          ['DELETE', `/groups/${sales.id}`, undefined],
          ['POST', '/ip-sets', { identifier: 'by-them', entries: [] }],
          ['PATCH', `/ip-sets/${setId}`, { entries: ['0.0.0.0/0'] }],
          ['DELETE', `/ip-sets/${setId}`, undefined],
          ['POST', '/templates', { identifier: 'by-them', condition: 'true' }],
          ['PATCH', `/templates/${templateId}`, { condition: 'true' }],
          ['DELETE', `/templates/${templateId}`, undefined],
        ] as const) {
          assertApiError(await client.api(method, path, body), 403, 'forbidden');
        }
        assert.equal((await client.api('GET', '/groups')).status, 200, `a ${who} sees the groups`);
        assert.equal((await client.api('GET', '/ip-sets')).status, 200);
        assert.equal((await client.api('GET', '/templates')).status, 200);
      }
      assert.deepEqual(
        (await groups()).map((g) => [g.displayName, g.cookieExpirationHours]),
        [
          ['Default', 168],
          ['Sales', 12],
          ['Sales (OTP test)', 12],
        ],
        'nothing changed',
      );
      assert.deepEqual((await admin.api('GET', `/ip-sets/${setId}`)).json<{ entries: string[] }>().entries, [
        '192.0.2.0/24',
      ]);

      const carol = await addUser(admin, { loginId: 'carol@example.com' });
      const moved = await assign(carol.id, sales.id, userAdmin);
      assert.equal(moved.groupName, 'Sales', 'a User Admin assigns groups (SPEC §2)');
      assertApiError(await readOnly.api('PATCH', `/users/${carol.id}`, { groupId: defaultGroup.id }), 403, 'forbidden');
    });

    describe('lock-out guards', () => {
      let adminId: string;
      let office: { id: string };
      let officeAdmins: ApiGroup;

      before(async () => {
        adminId = (await admin.api('GET', '/me')).json<{ user: ApiUser }>().user.id;
        const answer = await admin.api('POST', '/ip-sets', {
          identifier: 'head-office',
          entries: ['127.0.0.1', '198.51.100.0/24'],
        });
        assert.equal(answer.status, 201, answer.text);
        office = answer.json<{ id: string }>();
      });

      async function adminCanSignIn(loginId = ADMIN_LOGIN, password = ADMIN_PASSWORD): Promise<boolean> {
        const answer = await submitLogin(new HttpClient(server.baseUrl), loginId, password);
        if (answer.status === 403)
          assert.equal(pageError(answer), '403 Login denied by the policy. Access is not allowed.');
        return answer.status === 303;
      }

      it('refuses to put the only Global Admin in a group that denies where they are', async () => {
        const partners = await addGroup(admin, {
          displayName: 'Partners only',
          allowAccess: 'conditions',
          allowCondition: 'ip4:203.0.113.0/24',
        });
        const refused = assertApiError(
          await admin.api('PATCH', `/users/${adminId}`, { groupId: partners.id }),
          409,
          'conflict',
        );
        assert.equal(refused.message, LOCK_OUT_GUARD);
        assert.equal(refused.message, LOCK_OUT_GUARD_MESSAGE);
        assert.equal((await admin.api('GET', `/users/${adminId}`)).json<ApiUser>().groupName, 'Default');
        assert.ok(await adminCanSignIn());
      });

      it("refuses to change the admin's own group, or its IP Set, so that the admin could not sign in", async () => {
        officeAdmins = await addGroup(admin, {
          displayName: 'Office admins',
          allowAccess: 'conditions',
          allowCondition: 'ipset:head-office',
        });
        const moved = await assign(adminId, officeAdmins.id);
        assert.equal(
          moved.groupName,
          'Office admins',
          'allowed: the admin signs in from 127.0.0.1, inside head-office',
        );
        assert.ok(await adminCanSignIn());

        const groupChange = assertApiError(
          await admin.api('PATCH', `/groups/${officeAdmins.id}`, { allowCondition: 'ip4:203.0.113.0/24' }),
          409,
          'conflict',
        );
        assert.equal(groupChange.message, LOCK_OUT_GUARD);
        assert.equal((await group(officeAdmins.id)).allowCondition, 'ipset:head-office');

        const setChange = assertApiError(
          await admin.api('PATCH', `/ip-sets/${office.id}`, { entries: ['198.51.100.0/24'] }),
          409,
          'conflict',
        );
        assert.equal(setChange.message, LOCK_OUT_GUARD);
        assert.deepEqual((await admin.api('GET', `/ip-sets/${office.id}`)).json<{ entries: string[] }>().entries, [
          '127.0.0.1',
          '198.51.100.0/24',
        ]);

        const template = await admin.api('POST', '/templates', {
          identifier: 'head-office-only',
          condition: 'ipset:head-office',
        });
        assert.equal(template.status, 201, template.text);
        assert.equal(
          (await admin.api('PATCH', `/groups/${officeAdmins.id}`, { allowCondition: 'template:head-office-only' }))
            .status,
          200,
        );
        const templateChange = assertApiError(
          await admin.api('PATCH', `/templates/${template.json<{ id: string }>().id}`, {
            condition: 'ip4:203.0.113.0/24',
          }),
          409,
          'conflict',
        );
        assert.equal(templateChange.message, LOCK_OUT_GUARD);

        const skipOtpChange = await admin.api('PATCH', `/groups/${officeAdmins.id}`, {
          skipOtp: 'conditions',
          skipOtpCondition: 'ip4:203.0.113.0/24',
        });
        assert.equal(skipOtpChange.status, 200, 'the guard is about access, not about the OTP setting');
        assert.ok(await adminCanSignIn(), 'the admin still gets in');
      });

      it('allows the same changes while another Global Admin can still sign in', async () => {
        await addUser(admin, { loginId: 'gina.global@example.com', role: 'global-admin' });
        assert.ok(await adminCanSignIn('gina.global@example.com', GOOD_PASSWORD));

        const setChange = await admin.api('PATCH', `/ip-sets/${office.id}`, { entries: ['198.51.100.0/24'] });
        assert.equal(setChange.status, 200, setChange.text);
        assert.equal(
          await adminCanSignIn(),
          false,
          'the initial admin is now outside head-office: denied, as the change said',
        );
        assert.ok(await adminCanSignIn('gina.global@example.com', GOOD_PASSWORD));

        const gina = await signedInClient(server, 'gina.global@example.com', GOOD_PASSWORD);
        const partners = (await gina.api('GET', '/groups'))
          .json<{ items: ApiGroup[] }>()
          .items.find((g) => g.displayName === 'Partners only');
        assert.ok(partners);
        assert.equal((await gina.api('PATCH', `/users/${adminId}`, { groupId: partners.id })).status, 200);
        assert.equal(
          (await gina.api('PATCH', `/groups/${officeAdmins.id}`, { allowCondition: 'ip4:203.0.113.0/24' })).status,
          200,
        );

        // Gina is now the only one who can sign in: moving herself out is refused, and mending the way back is not.
        const ginaId = (await gina.api('GET', '/me')).json<{ user: ApiUser }>().user.id;
        assertApiError(await gina.api('PATCH', `/users/${ginaId}`, { groupId: partners.id }), 409, 'conflict');
        assert.equal((await gina.api('PATCH', `/users/${adminId}`, { groupId: defaultGroup.id })).status, 200);
        assert.ok(await adminCanSignIn(), 'the initial admin is back in');
      });
    });
  });
}
