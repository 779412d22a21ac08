// Issue 12, Sign in with a passkey, in real Chromium: a user whose group allows passkeys without a password adds one
// in the portal with Chromium's virtual authenticator, logs out, and signs in with the passkey alone, by the Login
// ID's autofill and by the login page's button;
// once their group allows passkeys only as a second factor, the same button is refused with the group's message.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { PASSWORDLESS_SIGN_IN_MESSAGES } from '../../src/core/messages.js';
import { chromiumSkipReason, launchChromium, addVirtualAuthenticator, watchedPage } from '../support/browser.js';
import { accessLogEntries, addGroup, addUser, signedInClient } from '../support/scenario.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const DOMAIN = 'example.com';
const LOGIN_ID = 'pat.passkey@example.com';
const PASSWORD = 'Passkey-Only-Pass-3';

describe('Sign in with a passkey in Chromium (sqlite)', { skip: chromiumSkipReason(), timeout: 60_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let portal: string;

  before(async () => {
    // localhost, not 127.0.0.1: WebAuthn takes a domain as RP ID (see passkeys-portal.test.ts).
    [server, browser] = await Promise.all([
      startTestServer('sqlite'),
      launchChromium(['--host-resolver-rules=MAP localhost 127.0.0.1']),
    ]);
    portal = `${server.baseUrl.replace('127.0.0.1', 'localhost')}/portal/${DOMAIN}`;
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs in by autofill and by the button where the group allows it, is refused where it does not, without CSP violations', async () => {
    const admin = await signedInClient(server);
    const passwordless = await addGroup(admin, { displayName: 'Passkey only', passkeys: 'passwordless' });
    const user = await addUser(admin, { loginId: LOGIN_ID, password: PASSWORD, groupId: passwordless.id });
    const { page, problems } = await watchedPage(browser);
    const { cdp, authenticatorId } = await addVirtualAuthenticator(page);

    await page.goto(`${portal}/login`);
    await page.getByLabel('Login ID').fill(LOGIN_ID);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Welcome' }).waitFor();
    await page.getByRole('link', { name: 'Passkeys', exact: true }).click();
    await page.getByLabel('Passkey name').fill('Work laptop');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.getByText('Passkey added.').waitFor();

    // Autofill: the login page starts a conditional ceremony at once. Chromium's virtual authenticator answers it
    // with its only passkey, as a user picking that passkey among the Login ID's suggestions would.
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Welcome' }).waitFor();
    let { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    assert.equal(credentials[0]?.signCount, 2, 'one signature at registration, one at the autofill sign-in');

    // The button: in a browser without conditional mediation, so that nothing answers before the click.
    await page.context().addInitScript(() => {
      PublicKeyCredential.isConditionalMediationAvailable = async () => false;
    });
    await page.getByRole('button', { name: 'Log out' }).click();
    assert.equal(await page.getByLabel('Login ID').getAttribute('autocomplete'), 'username webauthn');
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.getByRole('heading', { name: 'Welcome' }).waitFor();
    ({ credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId }));
    assert.equal(credentials[0]?.signCount, 3, 'and one at the button');
    const [entry] = await accessLogEntries(admin, { userId: user.id });
    assert.deepEqual([entry?.result, entry?.otpMethod], ['allowed', 'passkey']);
    const session = await server.gatehouse.store.db
      .selectFrom('sessions')
      .select('otp_method')
      .where('user_id', '=', user.id)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    assert.equal(session.otp_method, 'passwordless-passkey-uv');

    const secondFactor = await addGroup(admin, { displayName: 'Passkey after password', passkeys: 'second-factor' });
    assert.equal((await admin.api('PATCH', `/users/${user.id}`, { groupId: secondFactor.id })).status, 200);
    await page.goto(`${portal}/login`);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.getByText(PASSWORDLESS_SIGN_IN_MESSAGES.notAllowedForGroup).waitFor();
    assert.ok(page.url().endsWith(`/portal/${DOMAIN}/login/passkey`), page.url());
    const [refused] = await accessLogEntries(admin, { userId: user.id });
    assert.deepEqual([refused?.result, refused?.reason], ['denied', 'passkey-not-passwordless']);
    assert.deepEqual(problems, []);
  });
});
