// Issue 12 item 3b (SPEC §3.4): a tenant may require phishing-resistant sign-in (a passkey, nothing else) of its
// administrators, "Required from" a date or "Required now", with the banner status, the readiness list and the
// lock-out guards of admin OTP enforcement. Over real HTTP on both dialects, passkeys answered by a software
// authenticator.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../src/core/clock.js';
import { ADMIN_PASSKEY_MESSAGES, LOCK_OUT_GUARD_MESSAGE } from '../../src/core/messages.js';
import { totpCode } from '../../src/core/otp/totp.js';
import type { AdminOtpStatus, AuditEntry, TenantSettings } from '../../src/contract/admin-api/index.js';
import type { AuthenticationOptions } from '../../src/contract/portal/passkey-sign-in.js';
import type { RegistrationOptions } from '../../src/contract/portal/passkeys.js';
import { recoverAdmin } from '../../src/cli/recover-admin.js';
import { findTenantById } from '../../src/store/tenants.js';
import { dialectsToTest } from '../support/databases.js';
import { HttpClient, type HttpAnswer } from '../support/http-client.js';
import { secretOfOtpauthUri, startTotpSetup } from '../support/otp-tools.js';
import {
  accessLogEntries,
  addGroup,
  addUser,
  type ApiUser,
  assertApiError,
  GOOD_PASSWORD,
  pageError,
  signedInClient,
  submitLogin,
  submitOtp,
} from '../support/scenario.js';
import {
  type CreationOptionsJSON,
  type RequestOptionsJSON,
  SoftwareAuthenticator,
} from '../support/software-authenticator.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const PUBLIC_URL = 'https://gatehouse.example';
const ORIGIN = 'https://gatehouse.example';
const OTP = '/portal/example.com/login/otp';
const HOUR = 3_600_000;
const SETUP = '/portal/example.com/login/passkey-setup';

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`phishing-resistant sign-in for admins (${dialect})`, { skip }, () => {
    const clock = new ManualClock(Date.UTC(2026, 11, 1, 9, 0, 0));
    let server: TestServer;
    /** The initial Global Admin, signed in with the password alone (the Default group skips OTP). */
    let admin: HttpClient;
    let adminUser: ApiUser;
    /** A Global Admin with an authenticator app, in a group that always asks for OTP and does not allow passkeys. */
    let gus: ApiUser;
    /** A User Admin with an authenticator app and no passkey. */
    let ada: ApiUser;
    /** A User Admin with no OTP method and no emergency token: nothing opens the way to adding a passkey. */
    let zed: ApiUser;
    /** An ordinary user with an authenticator app, in the same group as gus. */
    let nora: ApiUser;
    const secrets = new Map<string, string>();
    let gusAuthenticator: SoftwareAuthenticator;
    let gusPasskeyId: string;
    let gusEmergencyToken: string;
    /** A group whose allow condition fails for the test's loopback address. */
    let denyingGroupId: string;

    async function registerApp(user: ApiUser): Promise<void> {
      const setup = await startTotpSetup(admin, user.id);
      const secret = secretOfOtpauthUri(setup.otpauthUri);
      const confirm = await admin.api('POST', `/users/${user.id}/otp/setup/${setup.setupId}/confirm`, {
        code: totpCode(secret, clock.now()),
      });
      assert.equal(confirm.status, 200, confirm.text);
      clock.advance(30_000);
      secrets.set(user.loginId, secret);
    }

    /** Adds a passkey on the portal's Passkeys page of a signed-in browser; answers its authenticator. */
    async function addPasskey(browser: HttpClient): Promise<SoftwareAuthenticator> {
      const token = await browser.formToken('/portal/example.com/passkeys');
      const headers = { 'x-csrf-token': token };
      const options = await browser.request('POST', '/portal/example.com/passkeys/options', {
        json: { name: 'Laptop' },
        headers,
      });
      assert.equal(options.status, 200, options.text);
      const authenticator = new SoftwareAuthenticator();
      const optionsJSON = options.json<RegistrationOptions>().optionsJSON as CreationOptionsJSON;
      const added = await browser.request('POST', '/portal/example.com/passkeys', {
        json: { name: 'Laptop', response: authenticator.create(optionsJSON, { origin: ORIGIN }) },
        headers,
      });
      assert.equal(added.status, 201, added.text);
      return authenticator;
    }

    async function atOtpStep(loginId: string): Promise<HttpClient> {
      const browser = new HttpClient(server.baseUrl);
      const answer = await submitLogin(browser, loginId, GOOD_PASSWORD);
      assert.equal(answer.status, 303, answer.text.slice(0, 300));
      assert.equal(answer.headers.get('location'), OTP);
      return browser;
    }

    async function answerWithPasskey(browser: HttpClient, authenticator: SoftwareAuthenticator): Promise<HttpAnswer> {
      const token = await browser.formToken(OTP);
      const options = await browser.request('POST', `${OTP}/passkey/options`, {
        json: {},
        headers: { 'x-csrf-token': token },
      });
      assert.equal(options.status, 200, options.text);
      const optionsJSON = options.json<AuthenticationOptions>().optionsJSON as RequestOptionsJSON;
      const response = JSON.stringify(authenticator.get(optionsJSON, { origin: ORIGIN }));
      return browser.request('POST', `${OTP}/passkey`, { form: { _csrf: await browser.formToken(OTP), response } });
    }

    const isSignedIn = (answer: HttpAnswer) =>
      answer.status === 303 && answer.headers.get('location') === '/portal/example.com/';

    async function settingsChanges(): Promise<AuditEntry[]> {
      const answer = await admin.api('GET', '/audit-logs?operation=settings.update');
      assert.equal(answer.status, 200, answer.text);
      return answer.json<{ items: AuditEntry[] }>().items;
    }

    before(async () => {
      server = await startTestServer(dialect, { clock, env: { GATEHOUSE_PUBLIC_URL: PUBLIC_URL } });
      admin = await signedInClient(server, undefined, undefined, { keepMeLoggedIn: true });
      adminUser = (await admin.api('GET', '/me')).json<{ user: ApiUser }>().user;
      const strict = await addGroup(admin, {
        displayName: 'OTP, no passkeys',
        skipOtp: 'always-require',
        passkeys: 'not-allowed',
      });
      denyingGroupId = (
        await addGroup(admin, {
          displayName: 'Office only',
          allowAccess: 'conditions',
          allowCondition: 'ip4:10.0.0.0/8',
        })
      ).id;
      gus = await addUser(admin, { loginId: 'gus@example.com', role: 'global-admin' });
      ada = await addUser(admin, { loginId: 'ada@example.com', role: 'user-admin' });
      nora = await addUser(admin, { loginId: 'nora@example.com', groupId: strict.id });
      zed = await addUser(admin, { loginId: 'zed@example.com', role: 'user-admin' });
      const zedTokens = (await admin.api('GET', `/users/${zed.id}/emergency-tokens`)).json<{
        items: { id: string }[];
      }>().items;
      for (const token of zedTokens)
        assert.equal((await admin.api('DELETE', `/users/${zed.id}/emergency-tokens/${token.id}`)).status, 204);
      for (const user of [gus, ada, nora]) await registerApp(user);
      const tokens = await admin.api('POST', `/users/${gus.id}/emergency-tokens`, { count: 1 });
      assert.equal(tokens.status, 200, tokens.text);
      const tokenId = tokens.json<{ items: { id: string }[] }>().items[0]?.id ?? '';
      gusEmergencyToken = (await admin.api('POST', `/users/${gus.id}/emergency-tokens/${tokenId}/reveal`)).json<{
        token: string;
      }>().token;
      // gus stays in the Default group until his passkey is added (the strict group would not let him add one).
      gus = { ...gus, groupId: strict.id };
    });
    after(async () => server?.close());

    it('validates the setting: one of off, scheduled, now, and a date and time when scheduled', async () => {
      assertApiError(
        await admin.api('PATCH', '/settings', { adminPasskeyRequirement: 'sometimes' }),
        400,
        'validation_failed',
        'adminPasskeyRequirement',
      );
      assertApiError(
        await admin.api('PATCH', '/settings', { adminPasskeyRequirement: 'scheduled' }),
        400,
        'validation_failed',
        'adminPasskeyRequiredFrom',
      );
      assertApiError(
        await admin.api('PATCH', '/settings', {
          adminPasskeyRequirement: 'scheduled',
          adminPasskeyRequiredFrom: 'next Tuesday',
        }),
        400,
        'validation_failed',
        'adminPasskeyRequiredFrom',
      );
      const settings = (await admin.api('GET', '/settings')).json<TenantSettings>();
      assert.equal(settings.adminPasskeyRequirement, 'off', 'a tenant starts with it not required');
      assert.equal(settings.adminPasskeyRequiredFrom, null);
    });

    it('refuses "Required now" while any enabled admin has no passkey, saying how many and who', async () => {
      const refusal = assertApiError(
        await admin.api('PATCH', '/settings', { adminPasskeyRequirement: 'now' }),
        409,
        'conflict',
        'adminPasskeyRequirement',
      );
      assert.equal(
        refusal.message,
        ADMIN_PASSKEY_MESSAGES.requiredNowRefused(4, [
          'ada@example.com',
          'admin@example.com',
          'gus@example.com',
          'zed@example.com',
        ]),
      );
      assert.match(refusal.message, /4 admins have no passkey yet \(ada@example.com, admin@example.com, gus/);
      const past = assertApiError(
        await admin.api('PATCH', '/settings', {
          adminPasskeyRequirement: 'scheduled',
          adminPasskeyRequiredFrom: new Date(clock.now() - 1000).toISOString(),
        }),
        409,
        'conflict',
      );
      assert.equal(past.message, refusal.message, '"Required from" a time already past is "Required now"');
      assert.equal((await admin.api('GET', '/settings')).json<TenantSettings>().adminPasskeyRequirement, 'off');
    });

    it('refuses to schedule it while no Global Admin has a passkey (nobody could pass it on the day)', async () => {
      const refusal = assertApiError(
        await admin.api('PATCH', '/settings', {
          adminPasskeyRequirement: 'scheduled',
          adminPasskeyRequiredFrom: new Date(clock.now() + HOUR).toISOString(),
        }),
        409,
        'conflict',
      );
      assert.equal(refusal.message, LOCK_OUT_GUARD_MESSAGE);
    });

    it('schedules it once a Global Admin has a passkey; the status lists who is not ready, the log has before/after', async () => {
      const gusBrowser = await signedInClient(server, gus.loginId, GOOD_PASSWORD);
      gusAuthenticator = await addPasskey(gusBrowser);
      const moved = await admin.api('PATCH', `/users/${gus.id}`, { groupId: gus.groupId });
      assert.equal(moved.status, 200, moved.text);
      const passkeys = await admin.api('GET', `/users/${gus.id}/passkeys`);
      gusPasskeyId = passkeys.json<{ items: { id: string }[] }>().items[0]?.id ?? '';
      assert.ok(gusPasskeyId, passkeys.text);

      const from = new Date(clock.now() + HOUR).toISOString();
      const scheduled = await admin.api('PATCH', '/settings', {
        adminPasskeyRequirement: 'scheduled',
        adminPasskeyRequiredFrom: from,
      });
      assert.equal(scheduled.status, 200, scheduled.text);
      assert.equal(scheduled.json<TenantSettings>().adminPasskeyRequiredFrom, from);

      const status = (await admin.api('GET', '/admin-otp-status')).json<AdminOtpStatus>();
      assert.deepEqual(
        { ...status.passkeys, adminsNotReady: status.passkeys.adminsNotReady.map((a) => a.loginId) },
        {
          requirement: 'scheduled',
          requiredFrom: from,
          requiredNow: false,
          me: { ready: false },
          adminsNotReady: ['ada@example.com', 'admin@example.com', 'zed@example.com'],
        },
      );
      const gusStatus = await gusBrowser.api('GET', '/admin-otp-status');
      assert.equal(gusStatus.json<AdminOtpStatus>().passkeys.me.ready, true, gusStatus.text);

      const [change] = await settingsChanges();
      assert.deepEqual(change?.before, { adminPasskeyRequirement: 'off', adminPasskeyRequiredFrom: null });
      assert.deepEqual(change?.after, { adminPasskeyRequirement: 'scheduled', adminPasskeyRequiredFrom: from });
    });

    it('refuses, while scheduled, removing the passkey of the only Global Admin who could pass it', async () => {
      const refusal = assertApiError(
        await admin.api('DELETE', `/users/${gus.id}/passkeys/${gusPasskeyId}`),
        409,
        'conflict',
      );
      assert.equal(refusal.message, LOCK_OUT_GUARD_MESSAGE);
    });

    it('once the date has passed, closes the admin API to sessions opened without a passkey', async () => {
      clock.advance(HOUR);
      for (const path of ['/me', '/users', '/settings']) {
        const refusal = assertApiError(await admin.api('GET', path), 403, 'passkey_required');
        assert.equal(refusal.message, ADMIN_PASSKEY_MESSAGES.sessionWithoutPasskey);
      }
    });

    it('denies an admin with no passkey, no OTP and no emergency token after the password, and logs why', async () => {
      const browser = new HttpClient(server.baseUrl);
      const answer = await submitLogin(browser, zed.loginId, GOOD_PASSWORD);
      assert.equal(answer.status, 403, answer.text.slice(0, 300));
      assert.equal(pageError(answer)?.replaceAll('&quot;', '"'), `403 ${ADMIN_PASSKEY_MESSAGES.noPasskey}`);
      const entries = await server.gatehouse.store.db
        .selectFrom('access_logs')
        .select(['reason', 'result'])
        .where('user_id', '=', zed.id)
        .orderBy('at', 'desc')
        .execute();
      assert.deepEqual(entries[0], { reason: 'admin-passkey-required', result: 'denied' });
    });

    it('takes an admin without a passkey, after their usual OTP, to add one; only that passkey then signs them in', async () => {
      const browser = await atOtpStep(ada.loginId);
      const otpPage = await browser.request('GET', OTP);
      assert.match(otpPage.text, /id="code"/, 'without a passkey yet, their usual method opens the way');
      assert.match(otpPage.text, /After this step, you will add one\./);
      const code = await submitOtp(browser, totpCode(secrets.get(ada.loginId) ?? '', clock.now()));
      assert.equal(code.status, 303, code.text.slice(0, 300));
      assert.equal(code.headers.get('location'), `${SETUP}`);
      assert.equal((await browser.request('GET', '/portal/example.com/')).status, 303, 'no session yet');

      const page = await browser.request('GET', SETUP);
      assert.equal(page.status, 200);
      assert.match(page.text, /Administrators must sign in with a passkey. Add one now to continue./);
      const headers = { 'x-csrf-token': await browser.formToken(SETUP) };
      const options = await browser.request('POST', `${SETUP}/options`, { json: { name: 'Ada key' }, headers });
      assert.equal(options.status, 200, options.text);
      const authenticator = new SoftwareAuthenticator();
      const optionsJSON = options.json<RegistrationOptions>().optionsJSON as CreationOptionsJSON;
      const added = await browser.request('POST', SETUP, {
        json: { name: 'Ada key', response: authenticator.create(optionsJSON, { origin: ORIGIN }) },
        headers,
      });
      assert.equal(added.status, 201, added.text);
      assert.equal((await browser.request('GET', SETUP)).headers.get('location'), OTP, 'back to the OTP step');

      const again = await submitOtp(browser, totpCode(secrets.get(ada.loginId) ?? '', clock.now() + 30_000));
      assert.equal(pageError(again), ADMIN_PASSKEY_MESSAGES.passkeyOnly, 'the code does not finish the sign-in');
      const signedIn = await answerWithPasskey(browser, authenticator);
      assert.ok(isSignedIn(signedIn), `${signedIn.status} ${signedIn.text.slice(0, 300)}`);
      assert.equal((await browser.api('GET', '/me')).status, 200);
      const [entry] = await accessLogEntries(browser, { userId: ada.id });
      assert.equal(entry?.otpMethod, 'passkey', 'a passkey sign-in, not an authenticator-app one');
      const [audit] = (await browser.api('GET', '/audit-logs?operation=passkey.add')).json<{
        items: AuditEntry[];
      }>().items;
      assert.equal(audit?.actorLoginId, ada.loginId);
    });

    it('offers an admin only "Use a passkey", refuses a right code and an emergency token, and lets the passkey in', async () => {
      const browser = await atOtpStep(gus.loginId);
      const page = await browser.request('GET', OTP);
      assert.equal(page.status, 200);
      assert.match(page.text, /Use a passkey/);
      assert.doesNotMatch(page.text, /id="code"/, 'no code input is offered');
      assert.doesNotMatch(page.text, /emergency token works/);

      const code = await submitOtp(browser, totpCode(secrets.get(gus.loginId) ?? '', clock.now()));
      assert.equal(code.status, 400, code.text.slice(0, 300));
      assert.equal(pageError(code), ADMIN_PASSKEY_MESSAGES.passkeyOnly);
      assert.doesNotMatch(code.text, /id="code"/);
      for (const action of ['push', 'push-retry', 'resend']) {
        const refused = await browser.request('POST', `${OTP}/${action}`, {
          form: { _csrf: await browser.formToken(OTP) },
        });
        assert.equal(refused.status, 400, `${action}: ${refused.text.slice(0, 200)}`);
        assert.equal(pageError(refused), ADMIN_PASSKEY_MESSAGES.passkeyOnly, action);
      }
      const pushes = await server.gatehouse.store.db
        .selectFrom('approval_requests')
        .select('id')
        .where('user_id', '=', gus.id)
        .execute();
      assert.deepEqual(pushes, [], 'no Gatehouse Key request was sent');
      const token = await submitOtp(browser, gusEmergencyToken);
      assert.equal(token.status, 400);
      assert.equal(pageError(token), ADMIN_PASSKEY_MESSAGES.passkeyOnly);
      const unspent = await server.gatehouse.store.db
        .selectFrom('emergency_tokens')
        .select('used_at')
        .where('user_id', '=', gus.id)
        .execute();
      assert.ok(
        unspent.every((row) => Number(row.used_at) === 0),
        'the emergency token was not even spent',
      );

      // His group says passkeys are "Not allowed": the rule for admins comes first.
      const signedIn = await answerWithPasskey(browser, gusAuthenticator);
      assert.ok(isSignedIn(signedIn), `${signedIn.status} ${signedIn.text.slice(0, 300)}`);
      const session = await server.gatehouse.store.db
        .selectFrom('sessions')
        .select('otp_method')
        .where('user_id', '=', gus.id)
        .orderBy('created_at', 'desc')
        .executeTakeFirstOrThrow();
      assert.match(session.otp_method, /^passkey/);
      const me = await browser.api('GET', '/me');
      assert.equal(me.status, 200, me.text);

      // Policy Check explains the rule as the sign-in applies it.
      const policyCheck = async (userId: string) => {
        const answer = await browser.api('GET', `/policy-check?userId=${userId}&ip=127.0.0.1&hasPass=false`);
        assert.equal(answer.status, 200, answer.text);
        return answer.json<{ allowed: boolean; otpRequired: boolean; steps: { setting: string; outcome: string }[] }>();
      };
      const ruleOf = (result: Awaited<ReturnType<typeof policyCheck>>) =>
        result.steps.find((step) => step.setting === 'Phishing-resistant sign-in for admins')?.outcome;
      const forGus = await policyCheck(gus.id);
      assert.equal(ruleOf(forGus), 'asks for a passkey, nothing else');
      assert.equal(forGus.otpRequired, true);
      const forZed = await policyCheck(zed.id);
      assert.equal(ruleOf(forZed), 'denied: no passkey, no OTP method and no emergency token');
      assert.equal(forZed.allowed, false);
      assert.equal(ruleOf(await policyCheck(nora.id)), undefined, 'not for an ordinary user');

      const log = await accessLogEntries(browser, { userId: gus.id });
      assert.equal(log[0]?.result, 'allowed');
      assert.equal(log[0]?.otpMethod, 'passkey');
      assert.deepEqual(
        log.slice(1, 3).map((entry) => entry.reason),
        ['admin-passkey-required', 'admin-passkey-required'],
      );
    });

    it('leaves an ordinary user of the same group alone: their code still signs them in', async () => {
      const browser = await atOtpStep(nora.loginId);
      const page = await browser.request('GET', OTP);
      assert.match(page.text, /id="code"/);
      const answer = await submitOtp(browser, totpCode(secrets.get(nora.loginId) ?? '', clock.now()));
      assert.ok(isSignedIn(answer), `${answer.status} ${answer.text.slice(0, 300)}`);
    });

    it("refuses removing an admin's last passkey, or moving the last Global Admin who has one out, while it applies", async () => {
      const browser = await atOtpStep(gus.loginId);
      assert.ok(isSignedIn(await answerWithPasskey(browser, gusAuthenticator)));
      const refusal = assertApiError(
        await browser.api('DELETE', `/users/${gus.id}/passkeys/${gusPasskeyId}`),
        409,
        'conflict',
      );
      assert.equal(refusal.message, ADMIN_PASSKEY_MESSAGES.lastPasskey);

      // admin@example.com, the other Global Admin, has no passkey: gus is the only one who could still sign in.
      const moved = assertApiError(
        await browser.api('PATCH', `/users/${gus.id}`, { groupId: denyingGroupId }),
        409,
        'conflict',
      );
      assert.equal(moved.message, LOCK_OUT_GUARD_MESSAGE);

      const token = await browser.formToken('/portal/example.com/passkeys');
      const removal = await browser.request('POST', `/portal/example.com/passkeys/${gusPasskeyId}/remove`, {
        form: { _csrf: token },
      });
      assert.equal(removal.status, 409, removal.text.slice(0, 300));
      assert.equal(pageError(removal)?.replaceAll('&quot;', '"'), ADMIN_PASSKEY_MESSAGES.lastPasskey);
      const kept = await browser.api('GET', `/users/${gus.id}/passkeys`);
      assert.equal(kept.json<{ items: unknown[] }>().items.length, 1);
    });

    it('admin recover lifts the requirement (logged), so the recovered admin gets back in without a passkey', async () => {
      const tenant = await server.gatehouse.services.tenants.findByDomain('example.com');
      assert.ok(tenant);
      const recovered = await recoverAdmin(server.gatehouse.services, tenant, adminUser.loginId);
      assert.equal(recovered.passkeyRequirementLifted, true);
      const browser = new HttpClient(server.baseUrl);
      const login = await submitLogin(browser, adminUser.loginId, recovered.password);
      assert.equal(login.status, 303, login.text.slice(0, 300));
      assert.equal((await browser.api('GET', '/me')).status, 200);
      const settings = (await browser.api('GET', '/settings')).json<TenantSettings>();
      assert.equal(settings.adminPasskeyRequirement, 'off');
      admin = browser;
      const [change] = await settingsChanges();
      assert.equal(change?.actorLoginId, 'gatehouse (command line)');
      assert.equal(change?.before?.adminPasskeyRequirement, 'scheduled');
      assert.equal(change?.after?.adminPasskeyRequirement, 'off');

      const lifted = await findTenantById(server.gatehouse.store.db, tenant.id);
      assert.ok(lifted);
      const again = await recoverAdmin(server.gatehouse.services, lifted, adminUser.loginId);
      assert.equal(again.passkeyRequirementLifted, false, 'nothing to lift the second time');
    });
  });
}
