import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../src/core/clock.js';
import { PASSKEY_SIGN_IN_MESSAGES, SIGN_IN_MESSAGES } from '../../src/core/messages.js';
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
  signedInClient,
  submitLogin,
} from '../support/scenario.js';
import {
  type CreationOptionsJSON,
  type GetOptions,
  type KeyAlgorithm,
  type RequestOptionsJSON,
  SoftwareAuthenticator,
} from '../support/software-authenticator.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** Issue 12, second slice: a passkey answers the OTP step of a password sign-in, over real HTTP on both dialects. */
const PUBLIC_URL = 'https://gatehouse.example';
const ORIGIN = 'https://gatehouse.example';
const OTP = '/portal/example.com/login/otp';

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`passkey at the OTP step (${dialect})`, { skip }, () => {
    let server: TestServer;
    let admin: HttpClient;
    let otpGroupId: string;
    const clock = new ManualClock(Date.UTC(2026, 11, 1, 9, 0, 0));

    before(async () => {
      server = await startTestServer(dialect, { clock, env: { GATEHOUSE_PUBLIC_URL: PUBLIC_URL } });
      admin = await signedInClient(server);
      otpGroupId = (await addGroup(admin, { displayName: 'Always OTP', skipOtp: 'always-require' })).id;
    });
    after(async () => server?.close());

    let users = 0;
    /** A user of the Default group (no OTP) who adds a passkey in the portal, then moves to a group that needs OTP. */
    async function userWithPasskey(fields: Record<string, unknown> = {}, algorithm: KeyAlgorithm = 'ES256') {
      const loginId = `passkey.signin${++users}@example.com`;
      const user = await addUser(admin, { loginId, ...fields });
      const client = await signedInClient(server, loginId, GOOD_PASSWORD);
      const token = await client.formToken('/portal/example.com/passkeys');
      const headers = { 'x-csrf-token': token };
      const options = await client.request('POST', '/portal/example.com/passkeys/options', {
        json: { name: 'Laptop' },
        headers,
      });
      assert.equal(options.status, 200, options.text);
      const authenticator = new SoftwareAuthenticator(algorithm);
      const optionsJSON = options.json<RegistrationOptions>().optionsJSON as CreationOptionsJSON;
      const added = await client.request('POST', '/portal/example.com/passkeys', {
        json: { name: 'Laptop', response: authenticator.create(optionsJSON, { origin: ORIGIN }) },
        headers,
      });
      assert.equal(added.status, 201, added.text);
      if (!('groupId' in fields))
        assert.equal((await admin.api('PATCH', `/users/${user.id}`, { groupId: otpGroupId })).status, 200);
      return { loginId, id: user.id, authenticator };
    }

    async function atOtpStep(loginId: string): Promise<HttpClient> {
      const browser = new HttpClient(server.baseUrl);
      const answer = await submitLogin(browser, loginId, GOOD_PASSWORD);
      assert.equal(answer.status, 303, answer.text.slice(0, 300));
      assert.equal(answer.headers.get('location'), OTP);
      return browser;
    }

    async function requestOptions(browser: HttpClient): Promise<RequestOptionsJSON> {
      const token = await browser.formToken(OTP);
      const answer = await browser.request('POST', `${OTP}/passkey/options`, {
        json: {},
        headers: { 'x-csrf-token': token },
      });
      assert.equal(answer.status, 200, answer.text);
      return answer.json<AuthenticationOptions>().optionsJSON as RequestOptionsJSON;
    }

    async function postAssertion(browser: HttpClient, response: unknown): Promise<HttpAnswer> {
      const token = await browser.formToken(OTP);
      const text = typeof response === 'string' ? response : JSON.stringify(response);
      return browser.request('POST', `${OTP}/passkey`, { form: { _csrf: token, response: text } });
    }

    async function answerWith(
      browser: HttpClient,
      authenticator: SoftwareAuthenticator,
      how: Partial<GetOptions> = {},
    ) {
      const options = await requestOptions(browser);
      return postAssertion(browser, authenticator.get(options, { origin: ORIGIN, ...how }));
    }

    async function passkeyRow(userId: string) {
      const row = await server.gatehouse.store.db
        .selectFrom('passkeys')
        .selectAll()
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow();
      return { ...row, sign_count: Number(row.sign_count), last_used_at: Number(row.last_used_at) };
    }

    const isSignedIn = (answer: HttpAnswer) =>
      answer.status === 303 && answer.headers.get('location') === '/portal/example.com/';

    /** A refusal on the OTP page with its message, the precise reason in the Access Log, and no session. */
    async function assertRefused(answer: HttpAnswer, userId: string, message: string, reason: string) {
      assert.equal(answer.status, 400, answer.text.slice(0, 400));
      assert.equal(pageError(answer), message);
      const entries = await accessLogEntries(admin, { userId });
      assert.equal(entries[0]?.reason, reason);
      assert.equal(entries[0]?.result, 'denied');
      assert.equal(entries[0]?.otpMethod, 'passkey');
    }

    async function otpTriesOf(browser: HttpClient): Promise<number> {
      const id = ([...browser.cookies].find(([name]) => name.includes('signin'))?.[1] ?? '').split('.')[0] ?? '';
      const row = await server.gatehouse.store.db
        .selectFrom('sign_in_attempts')
        .select('otp_tries')
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(row?.otp_tries ?? -1);
    }

    it('offers Use a passkey first; a right assertion signs in, logged with the method passkey', async () => {
      const { loginId, id, authenticator } = await userWithPasskey();
      const browser = await atOtpStep(loginId);
      const page = await browser.request('GET', OTP);
      assert.match(page.text, /Use a passkey/);
      assert.ok(page.text.indexOf('Use a passkey') < page.text.indexOf('id="code"'), 'offered before the code input');
      assert.match(page.text, /<script src="\/static\/passkey-sign-in.js"><\/script>/);
      assert.doesNotMatch(page.text, /<script>/, 'no inline script');

      const options = await requestOptions(browser);
      assert.equal(options.rpId, 'gatehouse.example');
      assert.equal(options.userVerification, 'preferred');
      assert.deepEqual(
        options.allowCredentials?.map((c) => c.id),
        [authenticator.credentialIdBase64url],
      );
      const stored = await server.gatehouse.store.db
        .selectFrom('webauthn_challenges')
        .selectAll()
        .where('user_id', '=', id)
        .execute();
      assert.equal(stored.length, 1);
      assert.equal(stored[0]?.purpose, 'authenticate');
      assert.notEqual(stored[0]?.challenge_hash, options.challenge, 'only a hash is kept');
      assert.equal(Number(stored[0]?.expires_at) - Number(stored[0]?.created_at), 5 * 60_000);

      clock.advance(1000);
      const answer = await postAssertion(browser, authenticator.get(options, { origin: ORIGIN }));
      assert.ok(isSignedIn(answer), `${answer.status} ${answer.text.slice(0, 300)}`);
      const portal = await browser.request('GET', '/portal/example.com/');
      assert.equal(portal.status, 200);
      const [entry] = await accessLogEntries(admin, { userId: id });
      assert.equal(entry?.result, 'allowed');
      assert.equal(entry?.otpMethod, 'passkey');
      const row = await passkeyRow(id);
      assert.equal(row.sign_count, 1);
      assert.equal(row.last_used_at, clock.now());
      const session = await server.gatehouse.store.db
        .selectFrom('sessions')
        .selectAll()
        .where('user_id', '=', id)
        .orderBy('created_at', 'desc')
        .executeTakeFirstOrThrow();
      assert.equal(session.otp_method, 'passkey-uv', 'the authenticator verified the user (amr user)');
      assert.ok(Number(session.otp_verified_at) > 0, 'the session passed OTP');
    });

    it('signs in with an RS256 passkey (Windows Hello) as with ES256, and refuses a signature by another RSA key', async () => {
      const { loginId, id, authenticator } = await userWithPasskey({}, 'RS256');
      const browser = await atOtpStep(loginId);
      const forged = await answerWith(browser, authenticator, { signWith: new SoftwareAuthenticator('RS256') });
      await assertRefused(forged, id, PASSKEY_SIGN_IN_MESSAGES.notVerified, 'passkey-invalid');
      assert.equal((await passkeyRow(id)).last_used_at, 0, 'a refused signature does not count as a use');

      clock.advance(1000);
      const answer = await answerWith(browser, authenticator);
      assert.ok(isSignedIn(answer), `${answer.status} ${answer.text.slice(0, 300)}`);
      const [entry] = await accessLogEntries(admin, { userId: id });
      assert.deepEqual([entry?.result, entry?.otpMethod], ['allowed', 'passkey']);
      const row = await passkeyRow(id);
      assert.equal(row.sign_count, authenticator.signCount, 'the counter the RS256 authenticator signed');
      assert.equal(row.last_used_at, clock.now());
    });

    it('refuses each bad assertion with its message and reason, counting it as a wrong OTP answer', async () => {
      const { loginId, id, authenticator } = await userWithPasskey();
      const other = await userWithPasskey();
      const browser = await atOtpStep(loginId);

      // Signed with another key than the registered one.
      await assertRefused(
        await answerWith(browser, authenticator, { signWith: new SoftwareAuthenticator() }),
        id,
        PASSKEY_SIGN_IN_MESSAGES.notVerified,
        'passkey-invalid',
      );
      assert.equal(await otpTriesOf(browser), 1);
      // Another user's credential, signed by its own authenticator.
      await assertRefused(
        await answerWith(browser, other.authenticator),
        id,
        PASSKEY_SIGN_IN_MESSAGES.unknownCredential,
        'passkey-unknown-credential',
      );
      // Wrong origin.
      await assertRefused(
        await answerWith(browser, authenticator, { origin: 'https://evil.example' }),
        id,
        PASSKEY_SIGN_IN_MESSAGES.wrongOrigin,
        'passkey-wrong-origin',
      );
      assert.equal(await otpTriesOf(browser), 3);
      const after = await atOtpStep(loginId);
      // Wrong RP ID in the authenticator data.
      await assertRefused(
        await answerWith(after, authenticator, { rpId: 'evil.example' }),
        id,
        PASSKEY_SIGN_IN_MESSAGES.wrongRpId,
        'passkey-wrong-rp-id',
      );
      // Malformed JSON, and JSON of the wrong shape.
      await assertRefused(
        await postAssertion(after, '{not json'),
        id,
        PASSKEY_SIGN_IN_MESSAGES.malformed,
        'passkey-malformed',
      );
      const options = await requestOptions(after);
      const good = authenticator.get(options, { origin: ORIGIN });
      const brokenData = { ...good, response: { ...good.response, authenticatorData: 'AAAA' } };
      await assertRefused(
        await postAssertion(after, brokenData),
        id,
        PASSKEY_SIGN_IN_MESSAGES.malformed,
        'passkey-malformed',
      );
      await assertRefused(
        await answerWith(after, authenticator, { type: 'webauthn.create' }),
        id,
        PASSKEY_SIGN_IN_MESSAGES.wrongCeremony,
        'passkey-malformed',
      );
      // The 5th wrong answer of this attempt ends it.
      const fifth = await answerWith(after, authenticator, { signWith: new SoftwareAuthenticator() });
      assert.equal(fifth.status, 401);
      assert.equal(pageError(fifth), SIGN_IN_MESSAGES.tooManyOtpTries);
      assert.equal((await passkeyRow(id)).last_used_at, 0, 'never used');
      const wrong = (await accessLogEntries(admin, { userId: id })).filter((e) => e.reason.startsWith('passkey-'));
      assert.equal(wrong.length, 8, 'every refusal is in the Access Log');
      const user = await server.gatehouse.store.db
        .selectFrom('users')
        .select('failed_login_count')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      assert.equal(Number(user.failed_login_count), 8, 'each counts towards lockout');
    });

    it('refuses a reused challenge, an expired one, and one issued to another attempt of the same user', async () => {
      const { loginId, id, authenticator } = await userWithPasskey();
      const browser = await atOtpStep(loginId);
      const options = await requestOptions(browser);
      const first = authenticator.get(options, { origin: ORIGIN, signWith: new SoftwareAuthenticator() });
      await assertRefused(
        await postAssertion(browser, first),
        id,
        PASSKEY_SIGN_IN_MESSAGES.notVerified,
        'passkey-invalid',
      );
      await assertRefused(
        await postAssertion(browser, authenticator.get(options, { origin: ORIGIN })),
        id,
        PASSKEY_SIGN_IN_MESSAGES.challengeUnknown,
        'passkey-challenge-unknown',
      );

      const expiring = await requestOptions(browser);
      clock.advance(5 * 60_000);
      await assertRefused(
        await postAssertion(browser, authenticator.get(expiring, { origin: ORIGIN })),
        id,
        PASSKEY_SIGN_IN_MESSAGES.challengeExpired,
        'passkey-challenge-expired',
      );

      const elsewhere = await atOtpStep(loginId);
      const theirs = await requestOptions(elsewhere);
      await assertRefused(
        await postAssertion(browser, authenticator.get(theirs, { origin: ORIGIN })),
        id,
        PASSKEY_SIGN_IN_MESSAGES.challengeUnknown,
        'passkey-challenge-unknown',
      );
      assert.equal(await otpTriesOf(browser), 4);
      assert.ok(isSignedIn(await answerWith(elsewhere, authenticator)), 'the other attempt still signs in');
    });

    it('keeps at most 10 challenges waiting per user, even when asked for all at once', async () => {
      const { loginId, id } = await userWithPasskey();
      const browser = await atOtpStep(loginId);
      const token = await browser.formToken(OTP);
      const answers = await Promise.all(
        Array.from({ length: 16 }, () =>
          browser.request('POST', `${OTP}/passkey/options`, { json: {}, headers: { 'x-csrf-token': token } }),
        ),
      );
      assert.deepEqual(answers.map((a) => a.status).sort(), [
        ...Array<number>(10).fill(200),
        ...Array<number>(6).fill(429),
      ]);
      const refused = answers.find((a) => a.status === 429);
      assert.equal(refused?.json<{ message: string }>().message, PASSKEY_SIGN_IN_MESSAGES.tooManyRequests);
      const stored = await server.gatehouse.store.db
        .selectFrom('webauthn_challenges')
        .select('challenge_hash')
        .where('user_id', '=', id)
        .execute();
      assert.equal(stored.length, 10);
      clock.advance(5 * 60_000);
      assert.equal((await requestOptions(browser)).challenge.length > 0, true, 'expired ones no longer count');
    });

    it('takes the same assertion once when it is sent twice at the same time', async () => {
      const { loginId, id, authenticator } = await userWithPasskey();
      const browser = await atOtpStep(loginId);
      const options = await requestOptions(browser);
      const assertion = authenticator.get(options, { origin: ORIGIN });
      const answers = await Promise.all([postAssertion(browser, assertion), postAssertion(browser, assertion)]);
      assert.equal(answers.filter(isSignedIn).length, 1, answers.map((a) => a.status).join(','));
      const sessions = await server.gatehouse.store.db
        .selectFrom('sessions')
        .select('id')
        .where('user_id', '=', id)
        .execute();
      assert.equal(sessions.length, 2, 'the portal session of the registration, and one new session');
    });

    it('accepts a counter of 0 every time, refuses and flags a counter that does not go forward', async () => {
      const { loginId, id, authenticator } = await userWithPasskey();
      for (let i = 0; i < 2; i++)
        assert.ok(
          isSignedIn(await answerWith(await atOtpStep(loginId), authenticator, { counter: 0, userVerified: false })),
        );
      const session = await server.gatehouse.store.db
        .selectFrom('sessions')
        .select('otp_method')
        .where('user_id', '=', id)
        .where('otp_verified_at', '>', 0)
        .executeTakeFirstOrThrow();
      assert.equal(session.otp_method, 'passkey', 'presence only, no user verification');
      assert.equal((await passkeyRow(id)).sign_count, 0);
      assert.ok(isSignedIn(await answerWith(await atOtpStep(loginId), authenticator, { counter: 7 })));
      assert.equal((await passkeyRow(id)).sign_count, 7);
      assert.ok(isSignedIn(await answerWith(await atOtpStep(loginId), authenticator, { counter: 0 })));

      const cloned = await answerWith(await atOtpStep(loginId), authenticator, { counter: 7 });
      assert.equal(cloned.status, 403);
      assert.equal(pageError(cloned), `403 ${PASSKEY_SIGN_IN_MESSAGES.counterRegressed}`);
      const row = await passkeyRow(id);
      assert.ok(Number(row.flagged_at) > 0, 'the passkey is flagged');
      assert.equal(row.sign_count, 7);
      const [entry] = await accessLogEntries(admin, { userId: id });
      assert.equal(entry?.reason, 'passkey-counter-regressed');
      assert.equal(entry?.otpMethod, 'passkey');
    });

    it('is bounded by the per-address throttle and the account OTP failure limit like a code', async () => {
      const { loginId, id, authenticator } = await userWithPasskey();
      let refused: HttpAnswer | undefined;
      for (let attempt = 0; attempt < 5 && !refused; attempt++) {
        const browser = await atOtpStep(loginId);
        for (let i = 0; i < 5; i++) {
          const answer = await answerWith(browser, authenticator, { signWith: new SoftwareAuthenticator() });
          if (answer.status === 429) {
            refused = answer;
            break;
          }
          if (answer.status !== 400) break;
        }
      }
      assert.ok(refused, 'the account limit stops passkey guessing');
      assert.equal(pageError(refused), SIGN_IN_MESSAGES.otpLimit);
      const wrong = (await accessLogEntries(admin, { userId: id })).filter((e) => e.reason === 'passkey-invalid');
      assert.equal(wrong.length, 10);
    });

    it('has nothing to answer when the user needs no OTP: the sign-in completes at the password', async () => {
      const { loginId } = await userWithPasskey({ groupId: undefined });
      const browser = new HttpClient(server.baseUrl);
      const answer = await submitLogin(browser, loginId, GOOD_PASSWORD);
      assert.ok(isSignedIn(answer), 'no OTP step');
      const token = await browser.formToken('/portal/example.com/login');
      const options = await browser.request('POST', `${OTP}/passkey/options`, {
        json: {},
        headers: { 'x-csrf-token': token },
      });
      assert.equal(options.status, 401, 'no attempt to bind a challenge to');
    });

    it('follows the group: Not allowed opens nothing, Require user verification refuses an unverified answer', async () => {
      const groupId = (await addGroup(admin, { displayName: 'Passkey rules', skipOtp: 'always-require' })).id;
      const { loginId, id, authenticator } = await userWithPasskey({ groupId: undefined });
      assert.equal((await admin.api('PATCH', `/users/${id}`, { groupId })).status, 200);
      const setGroup = async (fields: Record<string, unknown>) =>
        assert.equal((await admin.api('PATCH', `/groups/${groupId}`, fields)).status, 200);

      await setGroup({ passkeys: 'not-allowed' });
      const barred = await atOtpStep(loginId);
      const otpPage = await barred.request('GET', OTP);
      assert.doesNotMatch(otpPage.text, /Use a passkey/, 'no passkey offered where the group does not allow them');
      assert.match(
        otpPage.text,
        /Enter one of your OTP emergency tokens/,
        'the user falls back to what else they have',
      );
      const refusedOptions = await barred.request('POST', `${OTP}/passkey/options`, {
        json: {},
        headers: { 'x-csrf-token': await barred.formToken(OTP) },
      });
      assert.equal(refusedOptions.status, 403, refusedOptions.text);
      assert.match(refusedOptions.text, /Passkeys are not allowed for your Access Policy Group/);

      await setGroup({ passkeys: 'second-factor', requirePasskeyUserVerification: true });
      const browser = await atOtpStep(loginId);
      const options = await requestOptions(browser);
      assert.equal(options.userVerification, 'required');
      await assertRefused(
        await postAssertion(browser, authenticator.get(options, { origin: ORIGIN, userVerified: false })),
        id,
        'Your Access Policy Group requires a passkey that verifies you (a PIN or biometrics).',
        'passkey-invalid',
      );
      const optionsAgain = await requestOptions(browser);
      await setGroup({ passkeys: 'not-allowed' });
      await assertRefused(
        await postAssertion(browser, authenticator.get(optionsAgain, { origin: ORIGIN })),
        id,
        'Passkeys are not allowed for your Access Policy Group. Enter a one-time password instead.',
        'passkey-invalid',
      );
      await setGroup({ passkeys: 'second-factor', requirePasskeyUserVerification: false });
      assert.ok(isSignedIn(await answerWith(browser, authenticator)), 'the same sign-in goes on once allowed again');
    });

    // Last: once enforcement is on, the password-only console session of `admin` no longer works.
    it('lets an administrator under admin OTP enforcement pass with a passkey, even with no other OTP', async () => {
      const { loginId, authenticator } = await userWithPasskey({ groupId: undefined, role: 'global-admin' });
      const enforced = await admin.api('PATCH', '/settings', { adminOtpEnforcement: 'now', adminOtpMissing: 'deny' });
      assert.equal(enforced.status, 200, enforced.text);
      const browser = await atOtpStep(loginId);
      assert.ok(isSignedIn(await answerWith(browser, authenticator)));
      const console = await browser.api('GET', '/users?limit=1');
      assert.equal(console.status, 200, 'the session counts as OTP for the console');
      const [entry] = await accessLogEntries(browser, {});
      assert.equal(entry?.otpMethod, 'passkey');
      assert.equal(entry?.loginId, loginId);
    });
  });
}
