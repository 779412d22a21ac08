import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../src/core/clock.js';
import { PASSKEY_SIGN_IN_MESSAGES, PASSWORDLESS_SIGN_IN_MESSAGES, SIGN_IN_MESSAGES } from '../../src/core/messages.js';
import type { AuthenticationOptions } from '../../src/contract/portal/passkey-sign-in.js';
import type { RegistrationOptions } from '../../src/contract/portal/passkeys.js';
import { dialectsToTest } from '../support/databases.js';
import { HttpClient, type HttpAnswer } from '../support/http-client.js';
import {
  accessLogEntries,
  addGroup,
  addUser,
  GOOD_PASSWORD,
  pageError,
  setCookieHeader,
  signedInClient,
} from '../support/scenario.js';
import {
  type CreationOptionsJSON,
  type GetOptions,
  type RequestOptionsJSON,
  SoftwareAuthenticator,
} from '../support/software-authenticator.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/**
 * Issue 12: **Sign in with a passkey** on the login page, no login ID and no password, over real HTTP on both
 * dialects. Each browser comes from an address of its own (TRUST_PROXY), so that throttles and smart lockout see
 * strangers, as they would an attacker.
 */
const PUBLIC_URL = 'https://gatehouse.example';
const ORIGIN = 'https://gatehouse.example';
const LOGIN = '/portal/example.com/login';

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`Sign in with a passkey (${dialect})`, { skip }, () => {
    let server: TestServer;
    let admin: HttpClient;
    let passwordlessGroupId: string;
    const clock = new ManualClock(Date.UTC(2026, 11, 1, 9, 0, 0));

    before(async () => {
      server = await startTestServer(dialect, {
        clock,
        env: { GATEHOUSE_PUBLIC_URL: PUBLIC_URL, TRUST_PROXY: '127.0.0.1' },
      });
      admin = await signedInClient(server);
    });
    after(async () => server?.close());

    let addresses = 0;
    /** A browser at an address nobody used before. */
    function stranger(): HttpClient & { ip: string } {
      const browser = new HttpClient(server.baseUrl) as HttpClient & { ip: string };
      browser.ip = `203.0.113.${++addresses}`;
      return browser;
    }

    let users = 0;
    /** A user of `groupId` who added a passkey in the portal (signed in with their password, from 127.0.0.1). */
    async function userWithPasskey(groupId = passwordlessGroupId) {
      const loginId = `passwordless${++users}@example.com`;
      const user = await addUser(admin, { loginId, groupId });
      const client = await signedInClient(server, loginId, GOOD_PASSWORD);
      const headers = { 'x-csrf-token': await client.formToken('/portal/example.com/passkeys') };
      const options = await client.request('POST', '/portal/example.com/passkeys/options', {
        json: { name: 'Laptop' },
        headers,
      });
      assert.equal(options.status, 200, options.text);
      const authenticator = new SoftwareAuthenticator();
      const optionsJSON = options.json<RegistrationOptions>().optionsJSON as CreationOptionsJSON;
      const added = await client.request('POST', '/portal/example.com/passkeys', {
        json: { name: 'Laptop', response: authenticator.create(optionsJSON, { origin: ORIGIN }) },
        headers,
      });
      assert.equal(added.status, 201, added.text);
      return { loginId, id: user.id, authenticator };
    }

    async function requestOptions(browser: HttpClient & { ip: string }): Promise<RequestOptionsJSON> {
      const answer = await browser.request('POST', `${LOGIN}/passkey/options`, {
        json: {},
        headers: { 'x-csrf-token': await browser.formToken(LOGIN), 'x-forwarded-for': browser.ip },
      });
      assert.equal(answer.status, 200, answer.text);
      return answer.json<AuthenticationOptions>().optionsJSON as RequestOptionsJSON;
    }

    async function postAnswer(
      browser: HttpClient & { ip: string },
      response: unknown,
      form: Record<string, string> = {},
    ): Promise<HttpAnswer> {
      return browser.request('POST', `${LOGIN}/passkey`, {
        form: { _csrf: await browser.formToken(LOGIN), response: JSON.stringify(response), ...form },
        headers: { 'x-forwarded-for': browser.ip },
      });
    }

    async function signInWith(
      authenticator: SoftwareAuthenticator,
      how: Partial<GetOptions> = {},
      browser = stranger(),
    ): Promise<HttpAnswer> {
      const options = await requestOptions(browser);
      return postAnswer(browser, authenticator.get(options, { origin: ORIGIN, ...how }));
    }

    const isSignedIn = (answer: HttpAnswer, to = '/portal/example.com/') =>
      answer.status === 303 && answer.headers.get('location') === to;

    async function userRow(id: string) {
      const row = await server.gatehouse.store.db
        .selectFrom('users')
        .select(['failed_login_count', 'status'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      return { ...row, failed_login_count: Number(row.failed_login_count) };
    }

    async function sessionsOf(id: string) {
      return server.gatehouse.store.db.selectFrom('sessions').selectAll().where('user_id', '=', id).execute();
    }

    async function passkeyRow(userId: string) {
      const row = await server.gatehouse.store.db
        .selectFrom('passkeys')
        .selectAll()
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow();
      return { ...row, sign_count: Number(row.sign_count), flagged_at: Number(row.flagged_at) };
    }

    /** A refusal on the login page with its message and status, the reason in the Access Log, no new session. */
    async function assertRefused(
      answer: HttpAnswer,
      expected: { status: number; message: string; reason: string; userId?: string; sessionsBefore?: number },
    ) {
      assert.equal(answer.status, expected.status, answer.text.slice(0, 400));
      const shown = expected.status === 401 ? expected.message : `${expected.status} ${expected.message}`;
      assert.equal(pageError(answer), shown);
      assert.match(answer.text, /Sign in with a passkey/, 'the login page again, the button still offered');
      const entries = await accessLogEntries(admin, expected.userId ? { userId: expected.userId } : {});
      assert.equal(entries[0]?.reason, expected.reason);
      assert.equal(entries[0]?.result, 'denied');
      assert.equal(entries[0]?.otpMethod, 'passkey');
      if (expected.userId)
        assert.equal((await sessionsOf(expected.userId)).length, expected.sessionsBefore ?? 1, 'no new session');
    }

    // First: no group allows it yet.
    it('offers nothing, and issues no options, until a group allows passkeys without a password', async () => {
      const page = await new HttpClient(server.baseUrl).request('GET', LOGIN);
      assert.equal(page.status, 200);
      assert.doesNotMatch(page.text, /Sign in with a passkey|passwordless-sign-in\.js|simplewebauthn/);
      assert.match(page.text, /autocomplete="username"/);
      const browser = stranger();
      const refused = await browser.request('POST', `${LOGIN}/passkey/options`, {
        json: {},
        headers: { 'x-csrf-token': await browser.formToken(LOGIN) },
      });
      assert.equal(refused.status, 403);
      assert.equal(refused.json<{ message: string }>().message, PASSWORDLESS_SIGN_IN_MESSAGES.notAllowedForGroup);

      passwordlessGroupId = (await addGroup(admin, { displayName: 'Passkey only', passkeys: 'passwordless' })).id;
      const offered = await new HttpClient(server.baseUrl).request('GET', LOGIN);
      assert.match(offered.text, /<button type="submit" class="secondary">Sign in with a passkey<\/button>/);
      assert.match(offered.text, /autocomplete="username webauthn"/);
      assert.match(offered.text, /<script src="\/static\/passwordless-sign-in.js"><\/script>/);
      assert.doesNotMatch(offered.text, /<script>/, 'no inline script');
      assert.match(offered.text, /<form id="login-form" method="post" action="\/portal\/example.com\/login"/);
    });

    it('signs in with a passkey alone: a verified session, method passkey, amr without pwd', async () => {
      const { id, authenticator } = await userWithPasskey();
      const browser = stranger();
      const options = await requestOptions(browser);
      assert.equal(options.rpId, 'gatehouse.example');
      assert.equal(options.userVerification, 'required');
      assert.deepEqual(options.allowCredentials ?? [], [], 'discoverable: the authenticator offers what it holds');
      const cookie = browser.cookies.get('gatehouse_passkey') ?? '';
      assert.match(cookie, /^[A-Za-z0-9_-]{43}$/, 'a random browser nonce');
      const stored = await server.gatehouse.store.db
        .selectFrom('webauthn_challenges')
        .selectAll()
        .where('user_id', 'is', null)
        .execute();
      assert.equal(stored.length, 1);
      assert.notEqual(stored[0]?.challenge_hash, options.challenge, 'only a hash is kept');

      clock.advance(1000);
      const answer = await postAnswer(browser, authenticator.get(options, { origin: ORIGIN }));
      assert.ok(isSignedIn(answer), `${answer.status} ${answer.text.slice(0, 300)}`);
      assert.equal((await browser.request('GET', '/portal/example.com/')).status, 200);
      const [entry] = await accessLogEntries(admin, { userId: id });
      assert.deepEqual([entry?.result, entry?.reason, entry?.otpMethod], ['allowed', 'allowed', 'passkey']);
      const session = (await sessionsOf(id)).find((row) => row.ip === browser.ip);
      assert.equal(session?.otp_method, 'passwordless-passkey-uv');
      assert.ok(Number(session?.otp_verified_at) > 0, 'the passkey counts as the OTP step');
      assert.equal((await passkeyRow(id)).sign_count, 1);

      // Without a password, a passkey that only proves presence would be one factor: refused, whatever the group.
      await assertRefused(await signInWith(authenticator, { userVerified: false, counter: 0 }), {
        status: 401,
        message: PASSWORDLESS_SIGN_IN_MESSAGES.userNotVerified,
        reason: 'passkey-invalid',
        userId: id,
        sessionsBefore: 2,
      });
    });

    it('goes back to where the login page was sent from (next), and honours Keep me logged in', async () => {
      const { authenticator } = await userWithPasskey();
      const browser = stranger();
      const options = await requestOptions(browser);
      const answer = await postAnswer(browser, authenticator.get(options, { origin: ORIGIN }), {
        next: '/portal/example.com/passkeys',
        keepMeLoggedIn: 'yes',
      });
      assert.ok(
        isSignedIn(answer, '/portal/example.com/passkeys'),
        `${answer.status} ${answer.headers.get('location')}`,
      );
      assert.match(answer.headers.get('set-cookie') ?? '', /Expires=/i, 'a persistent session cookie');
    });

    it('takes the passkey as the OTP a group always requires: no OTP step follows', async () => {
      const group = await addGroup(admin, {
        displayName: 'Passkey only, OTP always',
        passkeys: 'passwordless',
        skipOtp: 'always-require',
      });
      const { id, authenticator } = await userWithPasskey();
      assert.equal((await admin.api('PATCH', `/users/${id}`, { groupId: group.id })).status, 200);
      const answer = await signInWith(authenticator);
      assert.ok(isSignedIn(answer), `${answer.status} ${answer.headers.get('location')}`);
      const [entry] = await accessLogEntries(admin, { userId: id });
      assert.deepEqual([entry?.result, entry?.otpMethod], ['allowed', 'passkey']);
    });

    it('refuses where the group allows passkeys only as a second factor, or not at all; nothing else happens', async () => {
      const { id, authenticator } = await userWithPasskey();
      for (const passkeys of ['second-factor', 'not-allowed']) {
        const group = await addGroup(admin, { displayName: `Passkeys ${passkeys}`, passkeys });
        assert.equal((await admin.api('PATCH', `/users/${id}`, { groupId: group.id })).status, 200);
        await assertRefused(await signInWith(authenticator), {
          status: 403,
          message: PASSWORDLESS_SIGN_IN_MESSAGES.notAllowedForGroup,
          reason: 'passkey-not-passwordless',
          userId: id,
        });
        const row = await passkeyRow(id);
        assert.equal(Number(row.last_used_at), 0, 'the passkey was not used');
        assert.equal((await userRow(id)).failed_login_count, 0, 'not counted against the account');
      }
    });

    it("applies the group's Conditions to Allow Access", async () => {
      const group = await addGroup(admin, {
        displayName: 'Not from the strangers',
        passkeys: 'passwordless',
        allowAccess: 'conditions',
        allowCondition: 'not ip4:203.0.113.0/24',
      });
      const { id, authenticator } = await userWithPasskey(group.id);
      await assertRefused(await signInWith(authenticator), {
        status: 403,
        message: SIGN_IN_MESSAGES.policyDenied,
        reason: 'policy-denied',
        userId: id,
      });
      assert.equal((await userRow(id)).failed_login_count, 0, 'a right passkey is no guess');
      const office = stranger();
      office.ip = '198.51.100.7';
      assert.ok(isSignedIn(await signInWith(authenticator, {}, office)));
    });

    it('applies the entrance pass rules: a pass issued where the tenant says, and a group that asks for one', async () => {
      const issuing = await admin.api('PATCH', '/settings', {
        entrancePass: 'conditions',
        entrancePassCondition: 'ip4:198.51.100.0/24',
        entrancePassLifetimeDays: 30,
      });
      assert.equal(issuing.status, 200, issuing.text);
      const group = await addGroup(admin, {
        displayName: 'Pass holders or the office',
        passkeys: 'passwordless',
        allowAccess: 'conditions',
        // 127.0.0.1: where userWithPasskey signs in with the password to add the passkey.
        allowCondition: 'has_pass:true or ip4:198.51.100.0/24 or ip4:127.0.0.1',
      });
      const { id, authenticator } = await userWithPasskey(group.id);
      try {
        const browser = stranger();
        await assertRefused(await signInWith(authenticator, {}, browser), {
          status: 403,
          message: SIGN_IN_MESSAGES.policyDenied,
          reason: 'policy-denied',
          userId: id,
        });
        assert.equal(setCookieHeader(await signInWith(authenticator, {}, browser), 'gatehouse_pass'), undefined);

        // In the office the pass is issued with the session; the same browser then gets in from elsewhere with it.
        const office = '198.51.100.9';
        browser.ip = office;
        const inOffice = await signInWith(authenticator, {}, browser);
        assert.ok(isSignedIn(inOffice));
        assert.ok(setCookieHeader(inOffice, 'gatehouse_pass'), 'an entrance pass is issued in the office');
        browser.ip = '203.0.113.250';
        assert.ok(isSignedIn(await signInWith(authenticator, {}, browser)), 'the pass lets it in from elsewhere');
      } finally {
        assert.equal((await admin.api('PATCH', '/settings', { entrancePass: 'never' })).status, 200);
      }
    });

    it('refuses a reused challenge, an expired one, and one bound to another browser', async () => {
      const { id, authenticator } = await userWithPasskey();
      const browser = stranger();
      const options = await requestOptions(browser);
      const assertion = authenticator.get(options, { origin: ORIGIN });
      assert.ok(isSignedIn(await postAnswer(browser, assertion)));
      const sessionsBefore = (await sessionsOf(id)).length;
      await assertRefused(await postAnswer(browser, assertion), {
        status: 401,
        message: PASSKEY_SIGN_IN_MESSAGES.challengeUnknown,
        reason: 'passkey-challenge-unknown',
      });

      const expiring = await requestOptions(browser);
      clock.advance(5 * 60_000);
      await assertRefused(await postAnswer(browser, authenticator.get(expiring, { origin: ORIGIN })), {
        status: 401,
        message: PASSKEY_SIGN_IN_MESSAGES.challengeExpired,
        reason: 'passkey-challenge-expired',
      });

      // Made in one browser, sent from another (with a nonce cookie of its own, and with none).
      const victim = stranger();
      const theirs = authenticator.get(await requestOptions(victim), { origin: ORIGIN });
      const attacker = stranger();
      await requestOptions(attacker);
      await assertRefused(await postAnswer(attacker, theirs), {
        status: 401,
        message: PASSKEY_SIGN_IN_MESSAGES.challengeUnknown,
        reason: 'passkey-challenge-unknown',
      });
      await assertRefused(await postAnswer(stranger(), theirs), {
        status: 401,
        message: PASSKEY_SIGN_IN_MESSAGES.challengeUnknown,
        reason: 'passkey-challenge-unknown',
      });
      assert.equal((await sessionsOf(id)).length, sessionsBefore, 'nothing signed in');
      assert.ok(isSignedIn(await postAnswer(victim, theirs)), 'the browser it was made in still signs in with it');
    });

    it('refuses a passkey registered nowhere here, and one whose user handle names someone else', async () => {
      const { id, authenticator } = await userWithPasskey();
      const other = await userWithPasskey();
      await assertRefused(await signInWith(new SoftwareAuthenticator()), {
        status: 401,
        message: PASSWORDLESS_SIGN_IN_MESSAGES.notRecognized,
        reason: 'passkey-unknown-credential',
      });
      await assertRefused(await signInWith(authenticator, { userHandle: other.authenticator.userHandle }), {
        status: 401,
        message: PASSWORDLESS_SIGN_IN_MESSAGES.notRecognized,
        reason: 'passkey-user-mismatch',
        userId: id,
      });
      await assertRefused(await signInWith(authenticator, { userHandle: null }), {
        status: 401,
        message: PASSWORDLESS_SIGN_IN_MESSAGES.notRecognized,
        reason: 'passkey-user-mismatch',
        userId: id,
      });
      assert.equal((await userRow(id)).failed_login_count, 2, "counted against the credential's owner");
      assert.equal((await userRow(other.id)).failed_login_count, 0);
    });

    it('refuses a tampered signature, and an unverified user also where the group requires verification', async () => {
      const { id, authenticator } = await userWithPasskey();
      await assertRefused(await signInWith(authenticator, { signWith: new SoftwareAuthenticator() }), {
        status: 401,
        message: PASSKEY_SIGN_IN_MESSAGES.notVerified,
        reason: 'passkey-invalid',
        userId: id,
      });
      const strict = await addGroup(admin, {
        displayName: 'Passkey only, verified',
        passkeys: 'passwordless',
        requirePasskeyUserVerification: true,
      });
      assert.equal((await admin.api('PATCH', `/users/${id}`, { groupId: strict.id })).status, 200);
      await assertRefused(await signInWith(authenticator, { userVerified: false }), {
        status: 401,
        message: PASSWORDLESS_SIGN_IN_MESSAGES.userNotVerified,
        reason: 'passkey-invalid',
        userId: id,
      });
      assert.equal((await userRow(id)).failed_login_count, 2);
      assert.ok(isSignedIn(await signInWith(authenticator, { userVerified: true })));
      assert.equal((await userRow(id)).failed_login_count, 0, 'a sign-in starts the count afresh');
    });

    it('refuses and flags a signature counter that does not go forward', async () => {
      const { id, authenticator } = await userWithPasskey();
      assert.ok(isSignedIn(await signInWith(authenticator, { counter: 7 })));
      await assertRefused(await signInWith(authenticator, { counter: 7 }), {
        status: 403,
        message: PASSKEY_SIGN_IN_MESSAGES.counterRegressed,
        reason: 'passkey-counter-regressed',
        userId: id,
        sessionsBefore: 2,
      });
      const row = await passkeyRow(id);
      assert.ok(row.flagged_at > 0, 'the passkey is flagged');
      assert.equal(row.sign_count, 7);
    });

    it('refuses a disabled user like an unknown passkey, and a locked one with the lockout message', async () => {
      const { id, authenticator } = await userWithPasskey();
      assert.equal((await admin.api('PATCH', `/users/${id}`, { status: 'disabled' })).status, 200);
      await assertRefused(await signInWith(authenticator), {
        status: 401,
        message: PASSWORDLESS_SIGN_IN_MESSAGES.notRecognized,
        reason: 'passkey-account-disabled',
        userId: id,
        sessionsBefore: 0,
      });
      assert.equal((await admin.api('PATCH', `/users/${id}`, { status: 'enabled' })).status, 200);
      assert.equal((await passkeyRow(id)).sign_count, 0, 'the disabled user’s passkey was not used');

      const locked = await userWithPasskey();
      await server.gatehouse.store.db
        .updateTable('users')
        .set({ failed_login_count: 10, locked_until: clock.now() + 3_600_000 })
        .where('id', '=', locked.id)
        .execute();
      await assertRefused(await signInWith(locked.authenticator), {
        status: 403,
        message: SIGN_IN_MESSAGES.accountLocked,
        reason: 'account-locked',
        userId: locked.id,
      });
      assert.equal((await passkeyRow(locked.id)).sign_count, 0);
    });

    it('counts every wrong answer of a known user towards lockout, then refuses as locked', async () => {
      assert.equal((await admin.api('PATCH', '/settings', { lockoutThreshold: 3 })).status, 200);
      try {
        const { id, authenticator } = await userWithPasskey();
        const forged = { signWith: new SoftwareAuthenticator() };
        for (let i = 0; i < 2; i++)
          await assertRefused(await signInWith(authenticator, forged), {
            status: 401,
            message: PASSKEY_SIGN_IN_MESSAGES.notVerified,
            reason: 'passkey-invalid',
            userId: id,
          });
        const third = await signInWith(authenticator, forged);
        assert.equal(third.status, 403);
        assert.equal(pageError(third), `403 ${SIGN_IN_MESSAGES.accountLocked}`);
        assert.equal((await userRow(id)).failed_login_count, 3);
        await assertRefused(await signInWith(authenticator), {
          status: 403,
          message: SIGN_IN_MESSAGES.accountLocked,
          reason: 'account-locked',
          userId: id,
        });
        const wrong = (await accessLogEntries(admin, { userId: id })).filter((e) => e.reason === 'passkey-invalid');
        assert.equal(wrong.length, 3, 'every wrong answer is in the Access Log');
      } finally {
        assert.equal((await admin.api('PATCH', '/settings', { lockoutThreshold: 10 })).status, 200);
      }
    });

    it('bounds the options an address may ask for', async () => {
      const browser = stranger();
      const token = await browser.formToken(LOGIN);
      let status = 200;
      let asked = 0;
      for (; asked < 200 && status === 200; asked++) {
        const answer = await browser.request('POST', `${LOGIN}/passkey/options`, {
          json: {},
          headers: { 'x-csrf-token': token, 'x-forwarded-for': browser.ip },
        });
        status = answer.status;
        if (status !== 200)
          assert.equal(answer.json<{ message: string }>().message, PASSWORDLESS_SIGN_IN_MESSAGES.tooManyRequests);
      }
      assert.equal(status, 429);
      assert.equal(asked, 121, '120 per 5 minutes');
    });

    // Last: it moves the clock past the date from which admins must sign in with a passkey.
    it('lets an admin who must sign in with a passkey into the admin API by Sign in with a passkey', async () => {
      const { id, authenticator } = await userWithPasskey();
      assert.equal((await admin.api('PATCH', `/users/${id}`, { role: 'global-admin' })).status, 200);
      const from = new Date(clock.now() + 60_000).toISOString();
      const scheduled = await admin.api('PATCH', '/settings', {
        adminPasskeyRequirement: 'scheduled',
        adminPasskeyRequiredFrom: from,
      });
      assert.equal(scheduled.status, 200, scheduled.text);
      clock.advance(2 * 60_000);
      assert.equal((await admin.api('GET', '/users')).status, 403, 'a session opened with a password only is refused');

      const browser = stranger();
      assert.ok(isSignedIn(await signInWith(authenticator, {}, browser)));
      assert.equal((await browser.api('GET', `/users/${id}/passkeys`)).status, 200, 'a passwordless session counts');
      const lifted = await browser.api('PATCH', '/settings', { adminPasskeyRequirement: 'off' });
      assert.equal(lifted.status, 200, lifted.text);
    });
  });
}
